"""Options shared by several commands, declared once as Annotated aliases, and their readers;
the filter options come as one bundle (`filter_options`)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from pledgetrack.cli import completion
from pledgetrack.cli.session import today
from pledgetrack.domain.filters import MAX_LIMIT, MAX_WITHIN_DAYS
from pledgetrack.domain.rules import DUE_SOON_DAYS

if TYPE_CHECKING:
    from pledgetrack.domain.exchange import ConversionRule
    from pledgetrack.domain.filters import PledgeFilter
    from pledgetrack.domain.model import SourceRef

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Compute status as of this date (ISO, today, yesterday).", metavar="DATE"
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="table, json, ndjson, csv or markdown.",
        metavar="FORMAT",
        autocompletion=completion.formats,
    ),
]


def _repeatable(flag: str, text: str, complete: Any = None) -> Any:
    """A filter option that may be given several times (`--actor A --actor B`)."""
    return Annotated[list[str] | None, typer.Option(flag, help=text, autocompletion=complete)]


Actor = _repeatable("--actor", "Only pledges by this actor (repeatable).", completion.actors)
Recipient = _repeatable("--to", "Only pledges to this recipient (repeatable).", completion.actors)
Recipients = _repeatable(
    "--to", "Who receives, if anyone (repeatable: several recipients, in order).", completion.actors
)
NewRecipients = _repeatable(
    "--to", "Replace the recipients (repeatable, in order); --to none for none.", completion.actors
)
EventFilter = _repeatable("--event", "Only pledges made at this event (repeatable).")
TagFilter = _repeatable("--tag", "Only pledges with this tag (repeatable).", completion.tags)
StatusFilter = _repeatable(
    "--status",
    "Only this status (repeatable); also overdue, due_soon, open, final.",
    completion.statuses,
)
DueBefore = Annotated[
    str | None,
    typer.Option("--due-before", help="Only deadlines before this date.", metavar="DATE"),
]
DueAfter = Annotated[
    str | None, typer.Option("--due-after", help="Only deadlines after this date.", metavar="DATE")
]
Sort = Annotated[
    str | None,
    typer.Option(
        "--sort",
        help="overdue, due, progress, actor, announced or id.",
        metavar="KEY",
        autocompletion=completion.sort_keys,
    ),
]
InCurrency = Annotated[
    str | None,
    typer.Option(
        "--in",
        help="Also total the money in this currency (USD), at the ECB's rates or your own.",
        metavar="CUR",
    ),
]
RateDate = Annotated[
    str | None,
    typer.Option(
        "--rate-date",
        help="With --in: the rates of then (a target at its announced date, progress at its "
        "update's; the default), announced, as-of, or one DATE.",
        metavar="WHEN",
    ),
]
PledgeId = Annotated[
    int,
    typer.Argument(metavar="ID", help="The pledge's id.", autocompletion=completion.pledge_ids),
]


def _in_range(low: int, high: int) -> Callable[[int | None], int | None]:
    """An option callback refusing a number outside low..high, naming the range (a number past
    SQLite's integers would otherwise fail deep inside a query)."""

    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise typer.BadParameter(f"{value} is not in the range {low} to {high:,}")
        return value

    return check


def _bounded(flag: str, low: int, high: int, text: str, metavar: str, *, optional: bool) -> Any:
    """A whole-number option refused outside low..high, its range in its help."""
    option = typer.Option(
        flag, callback=_in_range(low, high), help=f"{text} ({low} to {high:,}).", metavar=metavar
    )
    return Annotated[int | None, option] if optional else Annotated[int, option]


Limit = _bounded("--limit", 1, MAX_LIMIT, "Show at most N pledges", "N", optional=True)
Within = _bounded(
    "--within", 0, MAX_WITHIN_DAYS, "Days ahead that count as due soon", "DAYS", optional=False
)


def _stage(flag: str, text: str) -> Any:
    """An option naming one stage of progress."""
    return Annotated[str | None, typer.Option(flag, help=text, autocompletion=completion.stages)]


StageOf = _stage("--stage", "committed, obligated, allocated, disbursed or delivered.")
Counts = _stage("--counts", "The stage that counts (default disbursed / delivered).")
FiscalStart = Annotated[
    str | None,
    typer.Option(
        "--fiscal-start", help="Start of the fiscal year, MM-DD (default 10-01).", metavar="MM-DD"
    ),
]
FiscalNamed = Annotated[
    str | None,
    typer.Option(
        "--fiscal-named",
        help="Fiscal years are named by the year they end in (end, the default) or start in "
        "(start, as in Japan).",
        metavar="end|start",
    ),
]


def _part_of(text: str, metavar: str) -> Any:
    """`--part-of`: the pledge this one is a part of (a tranche, a component)."""
    return Annotated[
        str | None,
        typer.Option("--part-of", help=text, metavar=metavar, autocompletion=completion.pledge_ids),
    ]


PartOf = _part_of("The pledge this one is a part of (a tranche, a component).", "ID")
PartOfOrNone = _part_of("Make it a part of this pledge, or of none.", "ID|none")
Sources = Annotated[
    list[str] | None,
    typer.Option("--source", help="A URL or a citation (repeatable).", metavar="SOURCE"),
]


def read_fiscal_named(text: str | None) -> bool:
    """`--fiscal-named start|end`: whether fiscal years are named by the year they start in."""
    from pledgetrack.domain.choices import parse_choice

    return (
        text is not None
        and parse_choice(text, ("end", "start"), "cannot name fiscal years by '{text}'") == "start"
    )


def read_fiscal_start(text: str | None) -> tuple[int, int] | None:
    """`--fiscal-start MM-DD` as (month, day); None when not given (fiscal years are then the US
    federal year, and a bare `2022-23` is refused as ambiguous)."""
    from pledgetrack.domain.deadlines import parse_fiscal_start

    return parse_fiscal_start(text) if text else None


def read_sources(texts: list[str] | None) -> tuple[SourceRef, ...]:
    """The --source options: URLs, or citations when they have no scheme."""
    from pledgetrack.domain.model import parse_source

    return tuple(parse_source(t) for t in texts or () if t.strip())


def read_date(text: str | None, *, default_today: bool = True) -> date | None:
    """A typed date, or today when none was given (only where today is the documented default)."""
    from pledgetrack.domain.dates import parse_date

    if text is None:
        return today() if default_today else None
    return parse_date(text, today=today())


def read_conversion(currency: str | None, rate_date: str | None) -> ConversionRule | None:
    """`--in CUR` and `--rate-date`, read; None without --in."""
    if currency is None and rate_date is None:
        return None  # a command that converts nothing imports nothing of conversions
    from pledgetrack.services.conversions import parse_conversion

    return parse_conversion(currency, rate_date, today=today())


def read_as_of(text: str | None) -> date:
    """The --as-of date, today by default."""
    value = read_date(text)
    assert value is not None
    return value


@dataclass(frozen=True)
class FilterOptions:
    """The shared filter options as typed, before they are read: one bundle for every command
    that selects pledges, added to its options by `filter_options`."""

    as_of: str | None = None
    actor: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    due_before: str | None = None
    due_after: str | None = None
    sort: str | None = None
    limit: int | None = None
    within: int = DUE_SOON_DAYS

    def given(self) -> bool:
        """Whether any filter was given at all."""
        return self != FilterOptions()

    def pledge_filter(self, *, default_sort: str) -> PledgeFilter:
        """A PledgeFilter, every value read and checked."""
        from pledgetrack.domain.filters import PledgeFilter, parse_sort, parse_status_filter

        return PledgeFilter(
            as_of=read_as_of(self.as_of),
            within_days=self.within,
            actors=self.actor,
            recipients=self.to,
            events=self.event,
            tags=self.tag,
            statuses=tuple(parse_status_filter(s) for s in self.status),
            due_before=read_date(self.due_before, default_today=False),
            due_after=read_date(self.due_after, default_today=False),
            sort=parse_sort(self.sort) if self.sort else default_sort,
            limit=self.limit,
        )


_FILTER_OPTIONS: dict[str, tuple[object, object]] = {
    "as_of": (AsOf, None),
    "actor": (Actor, None),
    "to": (Recipient, None),
    "event": (EventFilter, None),
    "tag": (TagFilter, None),
    "status": (StatusFilter, None),
    "due_before": (DueBefore, None),
    "due_after": (DueAfter, None),
    "within": (Within, DUE_SOON_DAYS),
    "sort": (Sort, None),
    "limit": (Limit, None),
}

Command = TypeVar("Command", bound=Callable[..., None])
KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY


def filter_options(*, without: tuple[str, ...] = ()) -> Callable[[Command], Command]:
    """Give a command the shared filter options (all but `without`), handed to it as one
    `filters: FilterOptions` argument, as sqlite-utils' `@output_options` bundles its own."""
    chosen = {name: option for name, option in _FILTER_OPTIONS.items() if name not in without}

    def decorate(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "filters"]
        added = [
            inspect.Parameter(name, KEYWORD_ONLY, default=default, annotation=kind)
            for name, (kind, default) in chosen.items()
        ]

        @functools.wraps(command)
        def with_filters(*args: Any, **kwargs: Any) -> None:
            typed = {name: kwargs.pop(name) for name in chosen}
            values = {k: tuple(v) if isinstance(v, list) else v for k, v in typed.items()}
            given: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
            command(*args, filters=FilterOptions(**given), **kwargs)

        parameters = [p.replace(kind=KEYWORD_ONLY) for p in own] + added
        with_filters.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=parameters
        )
        with_filters.__annotations__ = {p.name: p.annotation for p in parameters}
        return cast(Command, with_filters)

    return decorate
