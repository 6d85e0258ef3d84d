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
from pledgetrack.cli.pledge_table import PART_MARK, PledgeTables
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

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from pledgetrack.domain.tallies import (
        ConversionNote,
        ConvertedTotals,
        NotConverted,
        Report,
        Tally,
        UnitTotal,
    )

LISTED = 10  # amounts not converted listed under a table; the JSON of summary --in has all


def plural(n: int) -> str:
    """`1 pledge`, `2 pledges`."""
    return f"{n} pledge" if n == 1 else f"{n} pledges"


def unit_amount(value: Decimal, total: UnitTotal) -> str:
    """An amount in a total's currency or unit."""
    kind = Kind.MONEY if total.kind == Kind.MONEY.value else Kind.QUANTITY
    return format_amount(Amount(value, total.unit, kind))


def counts_pieces(
    tally: Tally, *, as_of: str | None = None, report: Report | None = None
) -> list[tuple[Text, str]]:
    """The pieces of the counts line: the statuses, which add up to the pledges (each tree of
    a parent and its parts once), then the flags after a `;`, as a flag is not a status:
    `4 pledges: 3 stalled · 1 not_started; 4 overdue`. Under a `report` cut by its limit, how
    many of its rows it shows."""
    from rich.text import Text

    head = [plural(tally.pledges)]
    if tally.parts:
        them = "it" if tally.pledges == 1 else "them"
        head += [f"(and {tally.parts} part{'' if tally.parts == 1 else 's'} within {them})"]
    head += [f"as of {as_of}"] if as_of else []
    if report is not None and report.shown < report.selected:
        rows = f" of {report.selected} rows" if report.flat else ""
        head += [f"(showing {report.shown}{rows})"]
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


def counts_line(report: Report, width: int) -> Text:
    """`12 pledges as of 2025-06-30: 3 fulfilled · 9 in_progress; 4 overdue · 1 due soon`,
    on as many lines of `width` as it takes, never split inside a count."""
    return flow(counts_pieces(report.tally, as_of=report.as_of_text, report=report), width)


def left_out_text(tally: Tally) -> str | None:
    """The parts whose amounts are in no total, as their parents do not count them; None when
    there are none."""
    from pledgetrack.domain.progress import Exclusion

    if not tally.left_out:
        return None
    said = []
    ids = [i for i, why in tally.left_out if why.reason is not Exclusion.NO_RATE]
    if ids:
        which = f"pledge {ids[0]}, a part" if len(ids) == 1 else f"pledges {_listed(ids)}, parts"
        said.append(f"{which} in another unit than its parent (or of a parent with no target)")
    said += [
        f"pledge {i}, a part its parent cannot count converted, {why.text()}"
        for i, why in tally.left_out
        if why.reason is Exclusion.NO_RATE
    ]
    return f"Left out of the totals: {'; '.join(said)}; `show` gives each its own numbers."


def _listed(ids: Sequence[int]) -> str:
    return ", ".join(map(str, ids))


def left_out_view(tally: Tally, width: int) -> Text | None:
    """`left_out_text` flowed to the width, never split inside an id."""
    from rich.text import Text

    said = left_out_text(tally)
    if said is None:
        return None
    words = said.split(" ")
    return flow([(Text(word), " ") for word in words], width)


def converted_label(total: UnitTotal) -> str:
    """`all in USD`, `all in USD a month`: a converted total beside the currencies' own."""
    return f"all in {total.label}"


def totals_view(
    totals: Sequence[UnitTotal], width: int, converted: Sequence[UnitTotal] = ()
) -> RenderableType:
    """Pledged and counted per currency or unit, then the converted totals: a table, or lines
    when the terminal is narrow."""
    from rich.text import Text

    rows = [(t.label, t) for t in totals] + [(converted_label(t), t) for t in converted]
    pledged = [unit_amount(t.pledged, t) for _, t in rows]
    counted = [unit_amount(t.counted, t) for _, t in rows]
    percents = [percent_text(t.progress) for _, t in rows]

    def widest(texts: list[str], header: str) -> int:
        return max(len(header), *(len(t) for t in texts))

    columns = [
        Column("unit", widest([label for label, _ in rows], "unit")),
        Column("pledges", widest([str(t.pledges) for _, t in rows], "pledges"), right=True),
        Column("pledged", widest(pledged, "pledged"), right=True),
        Column("counted", widest(counted, "counted"), right=True),
        Column("%", widest(percents, "100%"), right=True),
    ]
    grid = Grid(columns)
    cells = zip(rows, pledged, counted, percents, strict=True)
    if grid.width <= width:
        for index, ((label, total), p, c, pct) in enumerate(cells):
            if index == len(totals) and totals:
                grid.add_blank()
            grid.add_row(*(literal(cell) for cell in (label, str(total.pledges), p, c, pct)))
        return grid
    lines = Grid(())
    for (label, total), p, c, pct in cells:
        pieces = [
            (literal(f"{label}:", "bold"), " "),
            (Text(plural(total.pledges)), ", "),
            (literal(f"pledged {p}"), ", "),
            (literal(f"counted {c}"), " "),
            (Text(f"({pct})"), ""),
        ]
        lines.add_span(Span(flow(pieces, width - GAP), GAP, first=0))
    return lines


def not_converted_text(item: NotConverted) -> list[tuple[Text, str]]:
    """`pledge 13: target GTQ 50,000,000 of 2023-01-01: the ECB publishes no GTQ rate`, as
    pieces that never split."""
    from rich.text import Text

    pieces = [(Text(f"pledge {item.pledge_id}:"), " "), (Text(item.what), " ")]
    amount = literal(format_amount(item.amount) + ("" if item.on else ":"))
    pieces.append((amount, " "))
    if item.on:
        pieces.append((Text(f"of {item.on}:"), " "))
    return pieces + _words(item.why)


def _words(text: str, style: str = "") -> list[tuple[Text, str]]:
    return [(literal(word, style), " ") for word in text.split(" ")]


def conversion_pieces(
    converted: ConvertedTotals | None, note: ConversionNote | None
) -> list[tuple[bool, list[tuple[Text, str]]]]:
    """The lines under the totals, each as pieces that never split and whether it is a listed
    amount: the amounts not converted (the first LISTED), then how the amounts were converted
    and from which rates."""
    lines: list[tuple[bool, list[tuple[Text, str]]]] = []
    if converted is not None and converted.not_converted:
        head = (
            f"Left out of the totals in {converted.currency}, with no rate: "
            f"{plural(converted.left_out)}, for these amounts:"
        )
        lines.append((False, _words(head, "bold")))
        lines += [(True, not_converted_text(item)) for item in converted.not_converted[:LISTED]]
        more = len(converted.not_converted) - LISTED
        if more > 0:
            said = f"and {more} more (summary --in {converted.currency} --format json lists all)"
            lines.append((True, _words(said)))
    if note is not None:
        said = f"Converted into {note.currency}: {note.rule}. Rates: {note.sources}."
        lines.append((False, _words(said)))
    return lines


def conversion_view(
    converted: ConvertedTotals | None, note: ConversionNote | None, width: int
) -> Grid:
    """The lines under the totals for a terminal of `width`; a listed amount's further lines
    indented under its first."""
    grid = Grid(())
    for listed, pieces in conversion_pieces(converted, note):
        if listed:
            grid.add_span(Span(flow(pieces, width - 2 * GAP), 2 * GAP, first=GAP))
        else:
            grid.add_span(Span(flow(pieces, width)))
    return grid


def conversion_markdown(converted: ConvertedTotals | None, note: ConversionNote | None) -> str:
    """The lines under the totals as Markdown: the listed amounts as a list."""
    return "\n".join(
        ("- " if listed else "") + flow(pieces, None).plain
        for listed, pieces in conversion_pieces(converted, note)
    )


def under_parents(report: Report) -> set[int]:
    """The ids of the parts the report shows under their parents."""
    return {state.pledge.id for state in report.states if report.is_under_parent(state)}


def report_view(report: Report, width: int) -> RenderableType:
    """The pledges, then the counts by status and flag, then the totals per currency or unit."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [
        PledgeTables(width, days=True).grid(report.states, parts=under_parents(report)),
        Text(""),
        counts_line(report, width),
    ]
    converted = report.tally.converted
    if report.tally.totals or (converted is not None and converted.totals):
        extra = converted.totals if converted is not None else ()
        parts += [Text(""), totals_view(report.tally.totals, width, extra)]
    if report.conversion is not None:
        parts += [Text(""), conversion_view(converted, report.conversion, width)]
    left_out = left_out_view(report.tally, width)
    if left_out is not None:
        parts += [Text(""), left_out]
    return Group(*parts)


def report_markdown(report: Report) -> str:
    """The report as Markdown: the pledges, the counts, the totals."""
    from pledgetrack.formats.writers import markdown_table  # only for --format markdown

    rows = []
    parts = under_parents(report)
    for state in report.states:
        mark = PART_MARK if state.pledge.id in parts else ""
        rows.append(
            [
                str(state.pledge.id),
                mark + state.pledge.actor,
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
            counts_pieces(report.tally, as_of=report.as_of_text, report=report),
            None,
        ).plain
    )
    converted = report.tally.converted
    labelled = [(t.label, t) for t in report.tally.totals]
    labelled += [(converted_label(t), t) for t in (converted.totals if converted else ())]
    if labelled:
        totals = [
            [
                label,
                str(t.pledges),
                unit_amount(t.pledged, t),
                unit_amount(t.counted, t),
                percent_text(t.progress),
            ]
            for label, t in labelled
        ]
        text += "\n\n" + markdown_table(["unit", "pledges", "pledged", "counted", "%"], totals)
    left_out = left_out_text(report.tally)
    if left_out is not None:
        text += "\n\n" + left_out
    if report.conversion is not None:
        text += "\n\n" + conversion_markdown(converted, report.conversion)
    return text
