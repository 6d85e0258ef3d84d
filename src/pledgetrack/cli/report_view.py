"""Renderables of `report`: the pledges (pledge_table), the counts by status and flag, the
totals per currency or unit; and the report as Markdown.

Each is built for a width and never cuts a number: the counts flow onto more lines between two
counts, the totals stack into lines when their table does not fit. Functions here build and
return; `output.emit` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from pledgetrack.cli.grid import GAP, Column, Grid, Span, flow
from pledgetrack.cli.output import literal
from pledgetrack.cli.render import (
    counted_text,
    days_text,
    deadline_text,
    percent_text,
    status_label,
    target_text,
)
from pledgetrack.domain.amounts import format_amount
from pledgetrack.domain.model import Amount, Kind
from pledgetrack.formats.writers import markdown_table

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from pledgetrack.domain.tallies import Report, Tally, UnitTotal


def plural(n: int) -> str:
    """`1 pledge`, `2 pledges`."""
    return f"{n} pledge" if n == 1 else f"{n} pledges"


def unit_amount(value: Decimal, total: UnitTotal) -> str:
    """An amount in a total's currency or unit."""
    kind = Kind.MONEY if total.kind == Kind.MONEY.value else Kind.QUANTITY
    return format_amount(Amount(value, total.unit, kind))


def counts_pieces(
    tally: Tally, *, shown: int | None = None, as_of: str | None = None
) -> list[tuple[Text, str]]:
    """The pieces of the counts line: the statuses, which add up to the pledges, then the flags
    after a `;`, as a flag is not a status: `4 pledges: 3 stalled · 1 not_started; 4 overdue`."""
    from rich.text import Text

    head = [plural(tally.pledges)]
    head += [f"as of {as_of}"] if as_of else []
    head += [f"(showing {shown})"] if shown is not None and shown < tally.pledges else []
    head[-1] += ":"
    pieces = [(Text(part, style="bold"), " ") for part in head]
    statuses = [f"{n} {status.value}" for status, n in tally.by_status.items()]
    flags = [f"{tally.overdue} overdue"] if tally.overdue else []
    flags += [f"{tally.due_soon} due soon"] if tally.due_soon else []
    for index, part in enumerate(statuses):
        last = index == len(statuses) - 1
        pieces.append((Text(part + (";" if last and flags else "")), " " if last else " · "))
    pieces += [(Text(part), " · ") for part in flags]
    return pieces


def counts_line(
    tally: Tally, width: int, *, shown: int | None = None, as_of: str | None = None
) -> Text:
    """`12 pledges as of 2025-06-30: 3 fulfilled · 9 in_progress; 4 overdue · 1 due soon`,
    on as many lines of `width` as it takes, never split inside a count."""
    return flow(counts_pieces(tally, shown=shown, as_of=as_of), width)


def totals_view(totals: Sequence[UnitTotal], width: int) -> RenderableType:
    """Pledged and counted per currency or unit: a table, or lines when the terminal is narrow."""
    from rich.text import Text

    pledged = [unit_amount(t.pledged, t) for t in totals]
    counted = [unit_amount(t.counted, t) for t in totals]
    percents = [percent_text(t.progress) for t in totals]

    def widest(texts: list[str], header: str) -> int:
        return max(len(header), *(len(t) for t in texts))

    columns = [
        Column("unit", widest([t.label for t in totals], "unit")),
        Column("pledges", widest([str(t.pledges) for t in totals], "pledges"), right=True),
        Column("pledged", widest(pledged, "pledged"), right=True),
        Column("counted", widest(counted, "counted"), right=True),
        Column("%", widest(percents, "100%"), right=True),
    ]
    grid = Grid(columns)
    if grid.width <= width:
        for total, p, c, pct in zip(totals, pledged, counted, percents, strict=True):
            grid.add_row(*(literal(cell) for cell in (total.label, str(total.pledges), p, c, pct)))
        return grid
    lines = Grid(())
    for total, p, c, pct in zip(totals, pledged, counted, percents, strict=True):
        pieces = [
            (literal(f"{total.label}:", "bold"), " "),
            (Text(plural(total.pledges)), ", "),
            (literal(f"pledged {p}"), ", "),
            (literal(f"counted {c}"), " "),
            (Text(f"({pct})"), ""),
        ]
        lines.add_span(Span(flow(pieces, width - GAP), GAP, first=0))
    return lines


def report_view(report: Report, width: int) -> RenderableType:
    """The pledges, then the counts by status and flag, then the totals per currency or unit."""
    from rich.console import Group
    from rich.text import Text

    from pledgetrack.cli.pledge_table import PledgeTables

    parts: list[RenderableType] = [
        PledgeTables(width, days=True).grid(report.states),
        Text(""),
        counts_line(report.tally, width, shown=len(report.states), as_of=report.as_of_text),
    ]
    if report.tally.totals:
        parts += [Text(""), totals_view(report.tally.totals, width)]
    return Group(*parts)


def report_markdown(report: Report) -> str:
    """The report as Markdown: the pledges, the counts, the totals."""
    rows = []
    for state in report.states:
        rows.append(
            [
                str(state.pledge.id),
                state.pledge.actor,
                "; ".join(state.pledge.recipients),
                state.pledge.title,
                target_text(state.pledge),
                counted_text(state),
                percent_text(state.progress),
                deadline_text(state),
                status_label(state),
                days_text(state)[0],
            ]
        )
    columns = ["id", "actor", "to", "title", "target", "counted", "%", "deadline", "status", "days"]
    text = (
        markdown_table(columns, rows)
        + "\n\n"
        + flow(
            counts_pieces(report.tally, shown=len(report.states), as_of=report.as_of_text),
            None,
        ).plain
    )
    if report.tally.totals:
        totals = [
            [
                t.label,
                str(t.pledges),
                unit_amount(t.pledged, t),
                unit_amount(t.counted, t),
                percent_text(t.progress),
            ]
            for t in report.tally.totals
        ]
        text += "\n\n" + markdown_table(["unit", "pledges", "pledged", "counted", "%"], totals)
    return text
