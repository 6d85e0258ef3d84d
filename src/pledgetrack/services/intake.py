"""The one way into the ledger: what a user typed — the options of `add` and `edit`, a CSV row,
a JSON record, an entry of the example's source — becomes a checked `NewPledge` here, with the
same readers, defaults and rules (docs/reading.md); `services.update_intake` does the same for
an update (`update`, an updates CSV row, a JSON update record).

`parse_*` read text; `validate_*` apply the rules to values, so a record that arrives already
typed (the lossless JSON) is checked like one that was typed: `services.record_checks` reads its
amounts and deadline phrase again with the readers of `add` and `update`, which must give what the
record says, then applies the same rules. Every error is an InputError naming the field it is about
(`error.field`), so an import can name the column. Pure: no I/O, no clock (today comes in).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pledgetrack.domain import model, rules
from pledgetrack.domain.amounts import (
    target_reading,
)
from pledgetrack.domain.dates import parse_date
from pledgetrack.domain.deadlines import parse_deadline, read_again
from pledgetrack.domain.model import (
    Deadline,
    Kind,
    NewPledge,
    Pledge,
    SourceRef,
    parse_stage,
)
from pledgetrack.domain.names import actor_key
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError
from pledgetrack.services.targets import (
    TargetCells,
    read_target,
    validate_wording,
    wording_fields,
)

EDIT_FIELDS = (
    "title", "actor", "recipient", "target", "deadline", "announced_on", "event", "quote",
    "note", "counts", "tags", "parent_uid",
)  # fmt: skip
"""The fields `edit` changes, as its history names them."""


class reading:  # named as a function: `with reading(field):`, as contextlib.suppress is
    """Name `field` in any InputError raised while reading it (unless one is named already).

    A class rather than a generator-based context manager: an import reads a few fields of
    each of hundreds of thousands of rows, and this costs a tenth as much to enter and leave.
    """

    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        self.field = field

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: object
    ) -> None:  # the error, if any, goes on
        if isinstance(error, InputError) and error.field is None:
            error.field = self.field


@dataclass(frozen=True)
class PledgeText:
    """A pledge as typed: a new one (`add`, a CSV row), or the fields `edit` changes; None where
    nothing was given (for `edit`: left as it is)."""

    title: str | None = None
    actor: str | None = None
    recipients: tuple[str, ...] | None = None  # `none` alone, or only blanks: no recipient
    target: str | None = None
    due: str | None = None
    announced: str | None = None
    event: str | None = None
    event_on: str | None = None
    event_place: str | None = None
    quote: str | None = None
    note: str | None = None
    counts: str | None = None
    tags: tuple[str, ...] | None = None
    sources: tuple[SourceRef, ...] = ()
    fiscal_start: tuple[int, int] | None = None  # None: the US federal year, October 1
    fiscal_named_by_start: bool = False  # fiscal 2027 begins in 2027 (Japan)
    plain_target: bool = False  # the target as a CSV's `target` and `unit` cells write it
    target_cells: TargetCells | None = None  # a CSV's target_text, target_high, ... cells
    part_of: str | None = None  # the parent's id as typed (`edit`: or `none`)


def parse_day(text: str | None, field: str, *, today: date) -> date | None:
    """A typed date, or None when none was given; never filled in from today."""
    if text is None:
        return None
    with reading(field):
        return parse_date(text, today=today)


def parse_new_pledge(text: PledgeText, *, today: date) -> NewPledge:
    """A checked NewPledge from what was typed."""
    read = read_target(text.target, plain=text.plain_target, cells=text.target_cells)
    target = read.amount if read is not None else None
    announced_on = parse_day(text.announced, "announced_on", today=today)
    deadline = None
    if text.due is not None:
        with reading("deadline"):
            deadline = parse_deadline(
                text.due,
                announced_on=announced_on,
                fiscal_start=text.fiscal_start,
                fiscal_named_by_start=text.fiscal_named_by_start,
            )
    kind = target.kind if target is not None else Kind.ACTION
    counts = rules.default_stage(kind)
    if text.counts is not None:
        with reading("counts"):
            counts = parse_stage(text.counts)
    new = NewPledge(
        title=(text.title or "").strip(),  # as a CSV cell can carry it: no spaces or tabs around
        actor=(text.actor or "").strip(),
        recipients=parse_recipients(text.recipients or ()),
        kind=kind,
        counts=counts,
        target=target,
        deadline=deadline,
        announced_on=announced_on,
        event=_name(text.event),
        event_on=parse_day(text.event_on, "event_on", today=today),
        event_place=text.event_place,
        quote=text.quote,
        note=text.note,
        tags=_tags(text.tags or ()),
        sources=text.sources,
        **wording_fields(read),
    )
    validate_new_pledge(new, today=today)
    return new


def _name(text: str | None) -> str | None:
    """An optional name (an event) as typed; a blank one is none, as an empty one is."""
    return text if text is not None and text.strip() else None


NO_RECIPIENT = "none"


def parse_recipients(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The recipients as typed (`--to`, repeatable; a CSV cell's list), trimmed, in order:
    `none` alone, or only blanks, is no recipient at all (`edit --to none` clears them).
    `validate_recipients` then refuses a blank one among names, and one given twice."""
    names = tuple(text.strip() for text in texts)
    if all(not name for name in names) or [n.casefold() for n in names] == [NO_RECIPIENT]:
        return ()
    if any(name.casefold() == NO_RECIPIENT for name in names):
        raise InputError(
            f"{quoted(NO_RECIPIENT)} (no recipient) goes alone, not among the recipients "
            f"{', '.join(quoted(n) for n in names)}",
            field="recipient",
        )
    return names


def _tags(texts: tuple[str, ...]) -> tuple[str, ...]:
    """Tags as typed, trimmed, in order; a blank tag, or one given twice, is refused rather than
    left out."""
    tags: dict[str, None] = {}
    for text in texts:
        tag = text.strip()
        if not tag:
            raise InputError("a tag is blank: give its text, or leave --tag out", field="tags")
        if tag in tags:
            raise InputError(
                f"the tag {quoted(tag)} is given twice: give each tag once", field="tags"
            )
        tags[tag] = None
    return tuple(tags)


def validate_new_pledge(new: NewPledge, *, today: date) -> None:
    """Refuse a pledge that breaks the rules of every way in."""
    if not new.title.strip():
        raise InputError("a pledge needs a title", field="title")
    if not new.actor.strip():
        raise InputError("a pledge needs an actor (--by)", field="actor")
    if new.event is not None and not new.event.strip():
        raise InputError("the event is blank: give its name, or none", field="event")
    validate_recipients(new.recipients)
    padded = next((t for t in new.tags if not t.strip() or t != t.strip()), None)
    if padded is not None:
        raise InputError(f"the tag {quoted(padded)} is blank or has spaces around it", field="tags")
    validate_sources(new.sources)
    if new.target is not None and new.target.value <= 0:
        raise InputError(f"a target must be more than zero, not {new.target.value}", field="target")
    if (new.kind is Kind.ACTION) != (new.target is None):
        if new.kind is Kind.ACTION:
            raise InputError("an action pledge has no target", field="target")
        raise InputError(f"a {new.kind.value} pledge needs a target", field="target")
    validate_wording(new)
    announced = new.announced_on
    if announced is not None and announced > today:
        raise InputError(
            f"the pledge is announced on {announced}, after today ({today}): "
            "record it once it is made",
            field="announced_on",
        )
    deadline = new.deadline
    if deadline is not None and deadline.on is not None and announced and deadline.on < announced:
        raise InputError(
            f"the deadline {quoted(deadline.phrase)} ({deadline.on}) comes before the "
            f"announced date ({announced})",
            field="deadline",
        )


def validate_recipients(names: tuple[str, ...]) -> None:
    """Refuse a blank recipient, or one given twice (by any of its names: `US`, `U.S.`)."""
    seen: dict[str, str] = {}
    for name in names:
        if not name.strip() or name != name.strip():
            raise InputError(
                f"the recipient {quoted(name)} is blank or has spaces around it", field="recipient"
            )
        key = actor_key(name)
        if key in seen:
            twice = (
                f"the recipient {quoted(name)} is given twice"
                if name == seen[key]
                else f"the recipients {quoted(seen[key])} and {quoted(name)} are the same actor"
            )
            raise InputError(f"{twice}: give each recipient once", field="recipient")
        seen[key] = name


def apply_edits(old: Pledge, edits: PledgeText, *, today: date) -> NewPledge:
    """The pledge as it stands after `edits`, checked like a new one.

    A deadline counted from the announced date (`+2y`, `this year`) is counted again from a new
    announced date, so the phrase keeps meaning what it said.
    """
    target, kept = old.target, wording_fields(target_reading(old))
    if edits.target is not None:
        read = read_target(edits.target)
        assert read is not None
        target, kept = read.amount, wording_fields(read)
    announced_on = parse_day(edits.announced, "announced_on", today=today) or old.announced_on
    deadline = old.deadline
    phrase = edits.due
    moved = announced_on != old.announced_on
    if phrase is None and moved and deadline is not None and deadline.basis is model.Basis.RELATIVE:
        phrase = deadline.phrase
    if phrase is not None:
        with reading("deadline"):
            deadline = parse_deadline(
                phrase,
                announced_on=announced_on,
                fiscal_start=edits.fiscal_start,
                fiscal_named_by_start=edits.fiscal_named_by_start,
            )
    counts = old.counts
    if edits.counts is not None:
        with reading("counts"):
            counts = parse_stage(edits.counts)
    new = NewPledge(
        title=old.title if edits.title is None else edits.title.strip(),
        actor=old.actor if edits.actor is None else edits.actor.strip(),
        recipients=old.recipients
        if edits.recipients is None
        else parse_recipients(edits.recipients),
        kind=target.kind if target is not None else Kind.ACTION,
        counts=counts,
        target=target,
        deadline=deadline,
        announced_on=announced_on,
        event=old.event if edits.event is None else _name(edits.event),
        quote=old.quote if edits.quote is None else edits.quote,
        note=old.note if edits.note is None else edits.note,
        tags=old.tags if edits.tags is None else tuple(sorted(_tags(edits.tags))),
        sources=old.sources,
        **kept,
    )
    validate_new_pledge(new, today=today)
    return new


def with_deadline(new: NewPledge, deadline: Deadline | None, *, today: date) -> NewPledge:
    """`new` with another deadline (a CSV's ISO date beside its phrase), checked again: the
    phrase must still give it."""
    changed = replace(new, deadline=deadline)
    validate_new_pledge(changed, today=today)
    if deadline is not None:
        check_deadline(deadline, changed.announced_on)
    return changed


def check_deadline(deadline: Deadline, announced_on: date | None) -> None:
    """Refuse a deadline whose phrase, read again, gives another date, precision or basis."""
    with reading("deadline_phrase"):
        read = read_again(deadline, announced_on=announced_on)
    parts = ("deadline_phrase", "deadline", "deadline_precision", "deadline_basis")
    given = (deadline.phrase, deadline.on, deadline.precision, deadline.basis)
    wanted = (read.phrase, read.on, read.precision, read.basis)
    for field, value, right in zip(parts, given, wanted, strict=True):
        if value != right:
            raise InputError(
                f"{quoted(deadline.phrase)} reads as {right or 'none'}, not {value or 'none'}",
                field=field,
            )


def validate_sources(sources: tuple[SourceRef, ...]) -> None:
    """Refuse a source with neither a URL nor a citation."""
    if any(not (s.url or "").strip() and not (s.citation or "").strip() for s in sources):
        raise InputError("a source needs a url or a citation", field="sources")
