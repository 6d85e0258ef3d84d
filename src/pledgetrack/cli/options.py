"""Options shared by several commands, declared once as Annotated aliases, and their readers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from pledgetrack.cli.session import today
from pledgetrack.errors import ChoiceError

if TYPE_CHECKING:
    from pledgetrack.domain.filters import PledgeFilter
    from pledgetrack.domain.model import SourceRef

FORMATS = ("table", "json", "ndjson", "csv", "markdown")

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Compute status as of this date (ISO, today, yesterday).", metavar="DATE"
    ),
]
Format = Annotated[
    str,
    typer.Option("--format", "-f", help="table, json, ndjson, csv or markdown.", metavar="FORMAT"),
]
Actor = Annotated[
    list[str] | None, typer.Option("--actor", help="Only pledges by this actor (repeatable).")
]
Recipient = Annotated[
    list[str] | None, typer.Option("--to", help="Only pledges to this recipient (repeatable).")
]
EventFilter = Annotated[
    list[str] | None, typer.Option("--event", help="Only pledges made at this event (repeatable).")
]
TagFilter = Annotated[
    list[str] | None, typer.Option("--tag", help="Only pledges with this tag (repeatable).")
]
StatusFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help="Only this status (repeatable); also overdue, due_soon, open, final.",
    ),
]
DueBefore = Annotated[
    str | None,
    typer.Option("--due-before", help="Only deadlines before this date.", metavar="DATE"),
]
DueAfter = Annotated[
    str | None, typer.Option("--due-after", help="Only deadlines after this date.", metavar="DATE")
]
Sort = Annotated[
    str | None,
    typer.Option("--sort", help="overdue, due, progress, actor, announced or id.", metavar="KEY"),
]
Limit = Annotated[
    int | None, typer.Option("--limit", min=1, help="Show at most N pledges.", metavar="N")
]
Within = Annotated[
    int, typer.Option("--within", min=0, help="Days ahead that count as due soon.", metavar="DAYS")
]
FiscalStart = Annotated[
    str | None,
    typer.Option(
        "--fiscal-start", help="Start of the fiscal year, MM-DD (default 10-01).", metavar="MM-DD"
    ),
]
Sources = Annotated[
    list[str] | None,
    typer.Option("--source", help="A URL or a citation (repeatable).", metavar="SOURCE"),
]


def read_fiscal_start(text: str | None) -> tuple[int, int]:
    """The --fiscal-start option; the US federal year (October 1) by default."""
    from pledgetrack.domain.deadlines import US_FEDERAL_FISCAL_START, parse_fiscal_start

    return parse_fiscal_start(text) if text else US_FEDERAL_FISCAL_START


def read_sources(texts: list[str] | None) -> tuple[SourceRef, ...]:
    """The --source options: URLs, or citations when they have no scheme."""
    from pledgetrack.domain.model import parse_source

    return tuple(parse_source(t) for t in texts or () if t.strip())


def read_format(text: str) -> str:
    """One of the output formats."""
    key = text.strip().lower()
    if key not in FORMATS:
        raise ChoiceError(f"unknown format '{text}'; use one of: {', '.join(FORMATS)}")
    return key


def read_date(text: str | None, *, default_today: bool = True) -> date | None:
    """A typed date, or today when none was given (only where today is the documented default)."""
    from pledgetrack.domain.dates import parse_date

    if text is None:
        return today() if default_today else None
    return parse_date(text, today=today())


def read_as_of(text: str | None) -> date:
    """The --as-of date, today by default."""
    value = read_date(text)
    assert value is not None
    return value


def build_filter(
    *,
    as_of: str | None,
    actor: list[str] | None = None,
    to: list[str] | None = None,
    event: list[str] | None = None,
    tag: list[str] | None = None,
    status: list[str] | None = None,
    due_before: str | None = None,
    due_after: str | None = None,
    sort: str | None = None,
    default_sort: str = "overdue",
    limit: int | None = None,
    within: int = 30,
) -> PledgeFilter:
    """A PledgeFilter from the shared options, every value checked."""
    from pledgetrack.domain.filters import PledgeFilter, parse_sort, parse_status_filter

    return PledgeFilter(
        as_of=read_as_of(as_of),
        within_days=within,
        actors=tuple(actor or ()),
        recipients=tuple(to or ()),
        events=tuple(event or ()),
        tags=tuple(tag or ()),
        statuses=tuple(parse_status_filter(s) for s in status or ()),
        due_before=read_date(due_before, default_today=False),
        due_after=read_date(due_after, default_today=False),
        sort=parse_sort(sort) if sort else default_sort,
        limit=limit,
    )
