"""Building the status report and the summaries (docs/rules.md) from the ledger's SQL aggregates.

Counts and totals come from `storage.aggregates` over every selected pledge; only the pledges
shown are loaded. No Typer, no Rich, no clock: the as-of date arrives in the filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from pledgetrack.domain.choices import parse_choice
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import Status
from pledgetrack.domain.progress import LeftOut
from pledgetrack.domain.tallies import (
    ConvertedTotals,
    Report,
    Summary,
    SummaryGroup,
    Tally,
    UnitTotal,
)
from pledgetrack.storage.aggregates import Aggregate, aggregates, parts_within
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.selection import pledge_states, status_snapshot
from pledgetrack.storage.trees import tree_states

PartWithin = tuple[int, LeftOut | None]  # a part's id, and why its parent leaves it out

if TYPE_CHECKING:
    from pledgetrack.domain.exchange import ConversionRule

SUMMARY_KEYS = ("actor", "recipient", "event", "tag", "status")
SHARED_KEYS = ("recipient", "tag")  # a pledge is in as many groups as it has recipients, tags
NONE_LABELS = {"recipient": "(no recipient)", "event": "(no event)", "tag": "(no tag)"}


def tally(rows: Iterable[Aggregate], parts: Sequence[PartWithin] = ()) -> Tally:
    """Fold aggregate rows (of one group) into a Tally; units in alphabetical order; `parts` are
    the parts the rows count within their parents."""
    pledges = overdue = due_soon = 0
    by_status: dict[Status, int] = {}
    units: dict[tuple[str, str, str], tuple[int, Decimal, Decimal]] = {}
    for row in rows:
        pledges += row.pledges
        overdue += row.overdue
        due_soon += row.due_soon
        for status, n in row.by_status.items():
            by_status[status] = by_status.get(status, 0) + n
        if row.unit is not None:
            key = (row.unit, row.kind, row.rate or "")
            n, pledged, counted = units.get(key, (0, Decimal(0), Decimal(0)))
            units[key] = (
                n + row.pledges,
                pledged + row.pledged,
                counted + row.counted,
            )
    order = {status: index for index, status in enumerate(Status)}
    return Tally(
        pledges=pledges,
        by_status=dict(sorted(by_status.items(), key=lambda item: order[item[0]])),
        overdue=overdue,
        due_soon=due_soon,
        totals=tuple(
            UnitTotal(unit, kind, n, pledged, counted, rate or None)
            for (unit, kind, rate), (n, pledged, counted) in sorted(units.items())
        ),
        parts=len(parts),
        left_out=tuple((part_id, why) for part_id, why in parts if why is not None),
    )


def build_report(
    ledger: Ledger,
    pledge_filter: PledgeFilter,
    conversion: ConversionRule | None = None,
    *,
    flat: bool = False,
) -> Report:
    """The pledges the filter shows (up to its limit) and the tally of all it selects, each
    tree once; with a conversion, its money totals in one currency too. Unless `flat`, parts
    follow their parents and the limit counts the pledges at the top (storage.trees); `flat`,
    each pledge is a row in the filter's order."""
    db = ledger.db
    note = None
    with status_snapshot(db, pledge_filter) as snapshot:
        if flat:
            states = list(pledge_states(db, pledge_filter, snapshot=snapshot))
        else:
            states = tree_states(db, pledge_filter, snapshot)
        counts = tally(
            aggregates(db, pledge_filter, snapshot=snapshot),
            parts_within(db, pledge_filter, snapshot),
        )
        if conversion is not None:  # only a report that converts loads the rates' modules
            from pledgetrack.services.conversions import converted_totals, note_of
            from pledgetrack.storage.rates import rate_book

            book = rate_book(db)
            converted = converted_totals(db, pledge_filter, snapshot, conversion, book)
            empty = ConvertedTotals(conversion.currency)
            counts = replace(counts, converted=converted.get(None, empty))
            note = note_of(conversion, book, pledge_filter.as_of)
    return Report(
        states=states,
        tally=counts,
        as_of_text=pledge_filter.as_of.isoformat(),
        conversion=note,
        flat=flat,
    )


def parse_summary_key(text: str) -> str:
    """One of actor, recipient, event, tag, status."""
    return parse_choice(text, SUMMARY_KEYS, "cannot summarise by {text}")


def build_summary(
    ledger: Ledger,
    pledge_filter: PledgeFilter,
    by: str,
    conversion: ConversionRule | None = None,
) -> Summary:
    """One scorecard per group (by name; for status, in the order of the rules); with a
    conversion, each group's money totals in one currency too."""
    db = ledger.db
    note = None
    converted: dict[str | None, ConvertedTotals] = {}
    overall_converted: dict[str | None, ConvertedTotals] = {}
    with status_snapshot(db, pledge_filter) as snapshot:
        rows = aggregates(db, pledge_filter, group_by=by, snapshot=snapshot)
        parts = parts_within(db, pledge_filter, snapshot)
        # a pledge with several recipients or tags is in several groups, but counts once overall
        shared = by in SHARED_KEYS
        overall = tally(aggregates(db, pledge_filter, snapshot=snapshot) if shared else rows, parts)
        if conversion is not None:
            from pledgetrack.services.conversions import converted_totals, note_of
            from pledgetrack.storage.rates import rate_book

            book = rate_book(db)
            converted = converted_totals(db, pledge_filter, snapshot, conversion, book, by)
            overall_converted = converted_totals(db, pledge_filter, snapshot, conversion, book)
            note = note_of(conversion, book, pledge_filter.as_of)
    grouped: dict[str | None, list[Aggregate]] = {}
    for row in rows:
        grouped.setdefault(row.group, []).append(row)
    if by == "status":
        order = {status.value: index for index, status in enumerate(Status)}
        names = sorted(grouped, key=lambda name: order.get(name or "", len(order)))
    else:
        names = sorted(grouped, key=lambda name: (name is None, (name or "").casefold()))

    def with_conversion(
        counts: Tally, found: dict[str | None, ConvertedTotals], key: str | None
    ) -> Tally:
        if conversion is None:
            return counts
        return replace(counts, converted=found.get(key, ConvertedTotals(conversion.currency)))

    groups = [
        SummaryGroup(
            name if name is not None else NONE_LABELS.get(by, "(none)"),
            with_conversion(tally(grouped[name]), converted, name),
        )
        for name in names
    ]
    overall = with_conversion(overall, overall_converted, None)
    return Summary(by=by, groups=groups, overall=overall, conversion=note)
