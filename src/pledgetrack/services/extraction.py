"""From `extract`'s candidates to pledges: each candidate becomes what a user would have typed to
`add` (a `PledgeText`), is read and checked by `services.intake` — the one way in — and is
recorded as `add` records it.

A candidate's pledge carries its sentence as the quote, the article's source, the article's
published date as the announced date (unless the user edits it) and the event. A part is
recorded under its parent's pledge by `under_parent`, the one place that link is made. In
review each added pledge is a transaction of its own, so what the user accepted stays when
they stop; `--add --yes` records every candidate in one transaction, all or none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pledgetrack.domain.extraction.candidate import Candidate
from pledgetrack.domain.model import NewPledge, SourceRef, parse_source
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError
from pledgetrack.services.intake import PledgeText, parse_new_pledge
from pledgetrack.services.parts import parse_part_of
from pledgetrack.services.pledges import record_pledge
from pledgetrack.storage.ledger import Ledger


@dataclass(frozen=True)
class Article:
    """What the command line says of the text the candidates come from: its file name (as
    given, `-` for standard input), source, published date (as typed) and event."""

    file: str
    source: str | None = None
    published: str | None = None
    event: str | None = None


def draft(candidate: Candidate, article: Article) -> PledgeText:
    """A candidate as `add` would have been typed: its title, pledger, recipients, target as
    written, deadline phrase, the article's date, event and source, and its sentence."""
    sources: tuple[SourceRef, ...] = ()
    if article.source is not None and article.source.strip():
        sources = (parse_source(article.source),)
    return PledgeText(
        title=candidate.title,
        actor=candidate.actor,
        recipients=candidate.recipients,
        target=candidate.typed,
        due=candidate.deadline.phrase if candidate.deadline else None,
        announced=article.published,
        event=article.event,
        quote=candidate.quote,
        sources=sources,
    )


def under_parent(text: PledgeText, parent_id: int | None) -> PledgeText:
    """The link of a part to its parent's pledge (`add --part-of`): the one place it is made."""
    return text if parent_id is None else replace(text, part_of=str(parent_id))


def read_draft(text: PledgeText, *, today: date) -> NewPledge:
    """A draft read and checked by the intake, as `add` reads what is typed (InputError names
    the field that cannot be read)."""
    return parse_new_pledge(text, today=today)


def record_draft(ledger: Ledger, text: PledgeText, *, today: date, now: str) -> int:
    """Record one draft as a pledge, in a transaction of its own; returns its id."""
    parent_id = parse_part_of(text.part_of, detach=False) if text.part_of is not None else None
    new = read_draft(text, today=today)
    return record_pledge(ledger, new, today=today, now=now, part_of=parent_id)


def needs_published(candidate: Candidate, article: Article) -> InputError | None:
    """The error of a candidate whose deadline counts from a published date that was not
    given (`over the next two years` without `--published`), if it is one."""
    deadline = candidate.deadline
    if article.published is not None or deadline is None or deadline.basis is None:
        return None
    if deadline.basis.value != "relative":
        return None
    return InputError(
        f"candidate {candidate.index} of {article.file}: its deadline {quoted(deadline.phrase)} "
        "counts from the date the text was published: give --published DATE",
        field="deadline",
    )
