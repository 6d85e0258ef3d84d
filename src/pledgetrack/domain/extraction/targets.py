"""Which figures a commitment governs: the cue before a figure (or the participle after it),
and the words that make a figure something else than a pledge's target — a request, a denial,
a verb of what happened, a figure already delivered, a price, a sum said before, a count that
describes the sum before it (`$3.4 billion to 26 projects`), a duration.

Pure: stdlib only.
"""

from __future__ import annotations

import re

from pledgetrack.domain.extraction import cues as cue_words
from pledgetrack.domain.extraction.cues import Cue
from pledgetrack.domain.extraction.figures import FigureSpan, unit_of

_WORD = re.compile(r"[\w’'-]+")
MAX_GAP = 320  # characters from a cue to the figure it governs
_PARTICIPLE_AFTER = re.compile(
    r"^\W{0,2}(?:\w+\W+){0,3}?(?:pledged|committed|announced|promised|earmarked|approved|"
    r"offered|comprometidos|anunciados|prometidos|aprobados)\b",
    re.IGNORECASE,
)
_POPULATION = re.compile(r"(?:people|persons|citizens|inhabitants|habitantes|personas)$")
_MONEY_NOUNS_TEXT = """
aid assistance funding financing support investment investments loans grants money funds
    ayuda asistencia financiamiento financiación apoyo inversión inversiones préstamos
    donaciones fondos"""
_MONEY_NOUNS = frozenset(_MONEY_NOUNS_TEXT.split())
# Words before a figure that refer to a sum said before: `43% of the $2.9bn`, `de los 46.000`.
_REFERENCE = re.compile(r"\b(?:of|de)\s+(?:the|this|that|these|those|los|las|este|esta|esos)\s*$")


def is_duration(figure: FigureSpan) -> bool:
    """A duration, a multiple or a count of participants (`five years`, `1.5 times`, `60
    countries`): never a target, nor a figure that would part a sentence's clauses."""
    return unit_of(figure.reading).split()[-1] in cue_words.NOT_TARGETS


def not_a_target(text: str, figures: list[FigureSpan], number: int) -> bool:
    """A price, a statistic's count, a sum said before, or a count that describes the sum of
    money before it (`$3.4 billion to 26 modernization projects`)."""
    figure = figures[number]
    before, after = text[: figure.start], text[figure.end :]
    if figure.reading.amount.kind.value == "money" and cue_words.is_price(before, after):
        return True
    if cue_words.happened_after(after):
        return True  # `200,000 migrants crossed`, `people who were apprehended`
    if _REFERENCE.search(before):
        return True  # `43% of the $2.9bn pledged`: a sum said before
    if figure.reading.amount.kind.value == "quantity" and _POPULATION.match(
        unit_of(figure.reading)
    ):
        return bool(re.match(r"\s+(?:of|de)\s+[A-Z]", after))  # `1.25 billion people of India`
    if unit_of(figure.reading).split()[-1] in _MONEY_NOUNS:
        return True  # `314 millones de ayuda`: a sum whose currency is not said
    if number and figure.reading.amount.kind.value != "money":
        earlier = figures[number - 1]
        between = text[earlier.end : figure.start].strip().lower()
        if earlier.reading.amount.kind.value == "money" and between in (
            "to", "for", "on", "in", "into", "across", "para", "en", "a",
        ):  # fmt: skip
            return True
    return False


def governing(text: str, figure: FigureSpan, cues: list[Cue]) -> Cue | None:
    """The cue that governs the figure: the nearest before it with nothing between that says
    it is no pledge; else a participle just after it (`$5 billion pledged by`, `€39 billion
    will be allocated`)."""
    before = [
        c
        for c in cues
        if c.start < figure.start
        and c.end <= figure.end
        and not (c.text.split()[0].endswith("ed") and cue_words.is_passive(text[: c.start]))
    ]
    if before and _governs(text, before[-1], figure):
        return before[-1]
    after = text[figure.end :]
    match = _PARTICIPLE_AFTER.match(after)
    if match:
        start = figure.end + match.end() - len(match.group().split()[-1])
        cue = next((c for c in cues if c.start >= start - 1), None)
        if cue is not None and not cue_words.is_negated(after[: match.end()]):
            return cue
    passive = next((c for c in cues if c.passive and c.start >= figure.end), None)
    if passive is not None and passive.start - figure.end <= 60:
        return passive
    return None


def _governs(text: str, cue: Cue, figure: FigureSpan) -> bool:
    """Whether nothing between a cue and the figure after it says the figure is no pledge."""
    gap = text[cue.end : figure.start] if cue.end <= figure.start else ""
    clause = text[clause_start(text, cue.start) : cue.start]
    return (
        len(gap) <= MAX_GAP
        and ";" not in gap
        and not cue_words.happened(gap)
        and not cue_words.other_clause(gap)
        and not cue_words.is_negated(text[max(0, cue.start - 24) : figure.start])
        and not cue_words.is_request(" ".join(_WORD.findall(clause)[-7:]))
        and not cue_words.delivered(text[cue.start : figure.end + 24])
    )


def clause_start(text: str, at: int) -> int:
    """Where the clause that holds `at` starts (after a semicolon or a colon)."""
    return max(text.rfind(";", 0, at), text.rfind(":", 0, at), 0)


def that_before(text: str, cue: Cue, figure: FigureSpan) -> int | None:
    """Where a clause of its own (`announced that the U.S. was`, `falta que México envíe`)
    starts between cue and figure."""
    if re.search(r"\b(?:that|que)$", cue.text):
        return cue.end
    gap = text[cue.end : figure.start]
    match = re.search(r"\b(?:that|que)\b", gap)
    return cue.end + match.end() if match else None
