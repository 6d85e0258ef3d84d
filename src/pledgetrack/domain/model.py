"""The nouns of the ledger as frozen dataclasses and enums.

Pure: imports nothing from storage, services or cli, and never reads the clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class Kind(enum.StrEnum):
    """What a pledge promises: money, a countable quantity, or an action without a number."""

    MONEY = "money"
    QUANTITY = "quantity"
    ACTION = "action"


class Stage(enum.StrEnum):
    """Stages of progress, in order."""

    COMMITTED = "committed"
    OBLIGATED = "obligated"
    ALLOCATED = "allocated"
    DISBURSED = "disbursed"
    DELIVERED = "delivered"


class Verdict(enum.StrEnum):
    """What a user records about a pledge (which are final: domain/rules.py)."""

    IN_PROGRESS = "in_progress"
    STALLED = "stalled"
    FULFILLED = "fulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    BROKEN = "broken"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"


class Status(enum.StrEnum):
    """The computed status of a pledge as of a date (docs/rules.md)."""

    FULFILLED = "fulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    BROKEN = "broken"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"
    STALLED = "stalled"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


class Mode(enum.StrEnum):
    """How an update's amount adds up: on top of what came before, or as a new running total."""

    INCREMENT = "increment"
    TOTAL = "total"


class Precision(enum.StrEnum):
    """How precisely a deadline phrase names its date."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    FISCAL_YEAR = "fiscal_year"
    PERIOD = "period"


class Basis(enum.StrEnum):
    """Whether a deadline was written as a date or counted from the announced date."""

    EXPLICIT = "explicit"
    RELATIVE = "relative"


@dataclass(frozen=True)
class Amount:
    """An exact number and its unit: an ISO 4217 code for money, a noun (visas) otherwise."""

    value: Decimal
    unit: str
    kind: Kind  # MONEY or QUANTITY


class Qualifier(enum.StrEnum):
    """What a qualifier says of an amount's figure: the most (`up to`), the least (`at least`), or
    a round estimate (`about`)."""

    CEILING = "ceiling"
    FLOOR = "floor"
    APPROXIMATE = "approximate"


class Rate(enum.StrEnum):
    """The period an amount recurs over (`$300 billion a year`)."""

    YEAR = "year"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"


@dataclass(frozen=True)
class AmountReading:
    """How the wording of an amount reads: the amount (a range's low end), its qualifier and the
    words that said it, a range's high end, its rate, and the text as typed.

    `currency_text` is the currency as written (`$`, `dollars`, `US$`, `EUR`), None for a unit."""

    amount: Amount
    qualifier: Qualifier | None = None
    qualifier_text: str | None = None
    high: Decimal | None = None
    rate: Rate | None = None
    text: str = ""
    currency_text: str | None = None


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase resolved to an inclusive date; `on` is None for an open-ended pledge."""

    on: date | None
    precision: Precision | None
    basis: Basis | None
    phrase: str


@dataclass(frozen=True)
class SourceRef:
    """A URL and/or a citation, maybe with the quoted words."""

    url: str | None = None
    citation: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class NewPledge:
    """What `add` records. A target keeps the wording it was read with (`domain.amount_reader`):
    its qualifier, a range's high end, its rate, and the text as written."""

    title: str
    actor: str
    kind: Kind
    counts: Stage
    recipients: tuple[str, ...] = ()  # in the order given
    target: Amount | None = None
    deadline: Deadline | None = None
    announced_on: date | None = None
    event: str | None = None
    event_on: date | None = None
    event_place: str | None = None
    quote: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    target_qualifier: Qualifier | None = None
    target_qualifier_text: str | None = None
    target_high: Decimal | None = None
    target_rate: Rate | None = None
    target_text: str | None = None  # the target as it was written, when it was read from text


@dataclass(frozen=True)
class NewUpdate:
    """What `update` records: any of progress, a verdict, a note and sources."""

    happened_on: date
    stage: Stage | None = None
    amount: Amount | None = None
    mode: Mode | None = None
    verdict: Verdict | None = None
    note: str | None = None
    quote: str | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class Void:
    """Why and when an update was voided: it counts nowhere, and stays in the record."""

    uid: str
    voided_at: str
    note: str


@dataclass(frozen=True)
class Update:
    """A recorded update, as stored; a voided one carries its `void`."""

    id: int
    uid: str
    pledge_id: int
    pledge_uid: str
    happened_on: date
    recorded_at: str
    stage: Stage | None
    amount: Amount | None
    mode: Mode | None
    verdict: Verdict | None
    note: str | None
    quote: str | None
    sources: tuple[SourceRef, ...] = ()
    void: Void | None = None


@dataclass(frozen=True)
class Pledge:
    """A recorded pledge, as stored (without computed status)."""

    id: int
    uid: str
    title: str
    actor: str
    recipients: tuple[str, ...]  # in the order given; none for a pledge to nobody in particular
    kind: Kind
    target: Amount | None
    counts: Stage
    deadline: Deadline | None
    announced_on: date | None
    event: str | None
    quote: str | None
    note: str | None
    created_at: str
    tags: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    target_qualifier: Qualifier | None = None
    target_qualifier_text: str | None = None
    target_high: Decimal | None = None
    target_rate: Rate | None = None
    target_text: str | None = None
    parent_id: int | None = None  # a part's: the pledge it is a part of
    parent_uid: str | None = None


@dataclass(frozen=True)
class PledgeEdit:
    """One field changed by `edit`, kept in the pledge's history; `origin` is None for an edit
    made in this ledger, else the export an import merged it from."""

    edited_at: str
    field: str
    old: str | None
    new: str | None
    origin: str | None = None


@dataclass(frozen=True)
class PledgeState:
    """A pledge with what the rules of §3 compute for it as of a date."""

    pledge: Pledge
    as_of: date
    status: Status
    counted: Decimal | None
    progress: Decimal | None
    overdue: bool
    days_overdue: int | None
    days_left: int | None
    due_soon: bool
    late: bool
    conflict: bool
    stage_totals: dict[Stage, Decimal] = field(default_factory=dict)


def parse_stage(text: str) -> Stage:
    """A stage of progress, as typed."""
    from pledgetrack.domain.text import quoted
    from pledgetrack.errors import StageError

    try:
        return Stage(text.strip().lower())
    except ValueError:
        names = ", ".join(s.value for s in Stage)
        raise StageError(f"unknown stage {quoted(text)}; use one of: {names}") from None


def parse_verdict(text: str) -> Verdict:
    """A verdict, as typed."""
    from pledgetrack.domain.text import quoted
    from pledgetrack.errors import VerdictError

    try:
        return Verdict(text.strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(v.value for v in Verdict)
        raise VerdictError(f"unknown status {quoted(text)}; use one of: {names}") from None


def parse_source(text: str) -> SourceRef:
    """A source as typed: a URL when it has a scheme (`https://…`), else a citation."""
    text = text.strip()
    return SourceRef(url=text) if "://" in text else SourceRef(citation=text)
