"""What `extract` proposes: a candidate pledge, the sentence that says it and what it says, with
where its words stand in the article.

Pure: stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass

from pledgetrack.domain.amounts import RATE_WORDS, format_plain
from pledgetrack.domain.model import Amount, AmountReading, Deadline


@dataclass(frozen=True)
class Span:
    """Where something stands in the article: `text[start:end]`."""

    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A candidate pledge: the sentence that says it, and what it says.

    `index` counts from 1 in the article; `part_of` and `cumulative_of` name other candidates
    by it. `figure`, `deadline_at` and `cue_at` are where those words stand in the article.
    """

    index: int
    quote: str
    start: int
    end: int
    paragraph: int
    actor: str | None
    recipients: tuple[str, ...]
    reading: AmountReading
    unit: str
    inherited: str | None
    deadline: Deadline | None
    cue: str
    title: str
    why: str
    figure: Span
    deadline_at: Span | None = None
    cue_at: Span | None = None
    part_of: int | None = None
    cumulative: bool = False
    cumulative_of: int | None = None
    link: str | None = None  # how it may be a part: after a `marker`, `listed`, or in an `opening`
    asides: tuple[Amount, ...] = ()  # the same sum in brackets, in other currencies
    whole: Amount | None = None  # for a share (`a quarter of the amount`), the sum it is of

    @property
    def typed(self) -> str:
        """The target as `add --target` is given it: the words as written, or when they do not
        read alone (a currency or unit taken from the text around them, a share), the same
        reading written out (`EUR 1800000000`)."""
        if self.inherited is None and self.whole is None:
            return self.reading.text
        return typed_target(self.reading)

    @property
    def target_text(self) -> str:
        """The figure as written."""
        return self.reading.text


def typed_target(reading: AmountReading) -> str:
    """A reading written out as the amount reader reads it back: `up to USD 50000000000 a
    year`, `about 20000-30000 refugees a month`."""
    amount = reading.amount
    number = format_plain(amount.value)
    if reading.high is not None:
        number += f"-{format_plain(reading.high)}"
    if amount.kind.value == "money":
        text = f"{amount.unit} {number}"
    elif amount.unit == "%":
        text = f"{number}%"
    else:
        text = f"{number} {amount.unit}"
    if reading.qualifier_text:
        text = f"{reading.qualifier_text} {text}"
    if reading.rate is not None:
        text = f"{text} {RATE_WORDS[reading.rate.value]}"
    return text
