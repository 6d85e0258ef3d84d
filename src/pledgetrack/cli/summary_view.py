"""The `summary` view: one scorecard per group, read one group at a time.

A group's line holds its name, its pledges, its kept rates and its counts by status; the lines
under it, one per currency or unit, hold what was pledged and counted. So a count by status is
never printed beside the amounts of a unit it has nothing to do with. When that table does not
fit, each group is a block of lines. Functions here build and return; `output.emit` prints.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pledgetrack.cli.grid import GAP, Column, Grid, Span, flow
from pledgetrack.cli.output import literal
from pledgetrack.cli.render import percent_text
from pledgetrack.cli.report_view import (
    conversion_view,
    converted_label,
    counts_pieces,
    left_out_view,
    plural,
    unit_amount,
)
from pledgetrack.domain.text import clean_line

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from pledgetrack.domain.tallies import Summary, Tally, UnitTotal

MIN_NAME = 16  # the least room for a group's name in the table; below it, blocks
NAME_ROOM = 24  # the room a name gets before the counts by status get theirs
STATUS_MAX = 40  # the counts by status wrap beyond this


def rate_text(rate: Decimal | None) -> str:
    """A kept rate as a percentage, or `–` when nothing to divide by."""
    return percent_text(rate) if rate is not None else "–"


def status_pieces(tally: Tally) -> list[tuple[Text | str, str]]:
    """`3 fulfilled · 1 broken`, as pieces that never split."""
    return [(f"{n} {status.value}", " · ") for status, n in tally.by_status.items()]


def unit_rows(tally: Tally) -> list[tuple[str, UnitTotal]]:
    """A group's totals with their labels: its currencies and units, then converted."""
    rows = [(t.label, t) for t in tally.totals]
    converted = tally.converted.totals if tally.converted is not None else ()
    return rows + [(converted_label(t), t) for t in converted]


def left_out_text(tally: Tally, *, long: bool = False) -> str:
    """`2 pledges left out` (`... of the totals in USD`) of a group's converted totals, or
    nothing."""
    if tally.converted is None or not tally.converted.left_out:
        return ""
    said = f"{plural(tally.converted.left_out)} left out"
    return f"{said} of the totals in {tally.converted.currency}" if long else said


def _one_line(pieces: list[tuple[Text | str, str]]) -> int:
    return flow(pieces, None).cell_len if pieces else 0


def _table(summary: Summary, width: int) -> Grid | None:
    from rich.text import Text

    groups = summary.groups
    rows = [
        (label, unit_amount(t.pledged, t), unit_amount(t.counted, t), percent_text(t.progress))
        for g in groups
        for label, t in unit_rows(g.tally)
    ]

    def widest(texts: list[str], header: str) -> int:
        return max([len(header), *(len(t) for t in texts)])

    pieces = {g.name: status_pieces(g.tally) for g in groups}
    status_least = max(
        [
            len("by status"),
            *(len(p) + len(sep.rstrip()) for ps in pieces.values() for p, sep in ps),
        ]
    )  # the longest count and the ` ·` after it
    status_most = max([status_least, *(_one_line(ps) for ps in pieces.values())])
    columns = [
        Column(summary.by, 0),
        Column("pledges", len("pledges"), right=True),
        Column("pledged", widest([r[1] for r in rows], "pledged"), right=True),
        Column("counted", widest([r[2] for r in rows], "counted"), right=True),
        Column("%", widest([r[3] for r in rows], "100%"), right=True),
        Column("kept", len("kept"), right=True),
        Column("of final", len("of final"), right=True),
        Column("by status", status_least),
    ]
    room = width - sum(c.width for c in columns[:-1]) - GAP * (len(columns) - 1)  # name, status
    names = [literal(g.name).cell_len for g in groups]
    names += [GAP + len(r[0]) for r in rows]
    longest = max([len(summary.by), *names])
    # the counts by status on one line if they can, once the names have NAME_ROOM
    status = min(max(room - min(longest, NAME_ROOM), status_least), status_most, STATUS_MAX)
    name = min(longest, room - status)
    if name < min(longest, MIN_NAME):
        return None
    columns[0] = Column(summary.by, name)
    columns[-1] = Column("by status", status)
    grid = Grid(columns)
    for index, group in enumerate(groups):
        tally = group.tally
        if index:
            grid.add_blank()
        grid.add_row(
            literal(group.name, "bold"),
            Text(str(tally.pledges)),
            Text(),
            Text(),
            Text(),
            Text(rate_text(tally.kept_rate)),
            Text(rate_text(tally.kept_rate_final)),
            flow(pieces[group.name], status) if pieces[group.name] else Text(),
        )
        for index, (label, total) in enumerate(unit_rows(tally)):
            first_converted = index == len(tally.totals)  # the left-out pledges beside it
            grid.add_row(
                literal(" " * GAP + label),
                Text(str(total.pledges)),
                literal(unit_amount(total.pledged, total)),
                literal(unit_amount(total.counted, total)),
                Text(percent_text(total.progress)),
                Text(),
                Text(),
                Text(left_out_text(tally)) if first_converted else Text(),
            )
        converted = tally.converted
        if converted is not None and converted.left_out and not converted.totals:
            grid.add_row(
                literal(" " * GAP + f"all in {converted.currency}"),
                Text("0"),
                *(Text() for _ in range(5)),
                Text(left_out_text(tally)),
            )
    return grid


def _blocks(summary: Summary, width: int) -> Grid:
    room = width - GAP
    grid = Grid(())
    for index, group in enumerate(summary.groups):
        tally = group.tally
        if index:
            grid.add_blank()
        grid.add_span(Span(literal(group.name, "bold")))
        rates: list[tuple[Text | str, str]] = [
            (plural(tally.pledges), ", "),
            (f"kept {rate_text(tally.kept_rate)}", ", "),
            (f"of final {rate_text(tally.kept_rate_final)}", ""),
        ]
        lines = [rates, status_pieces(tally)]
        for label, total in unit_rows(tally):
            lines.append(
                [
                    (literal(f"{label}:", "bold"), " "),
                    (plural(total.pledges), ", "),
                    (clean_line(f"pledged {unit_amount(total.pledged, total)}"), ", "),
                    (clean_line(f"counted {unit_amount(total.counted, total)}"), " "),
                    (f"({percent_text(total.progress)})", ""),
                ]
            )
        if left_out_text(tally):
            lines.append([(left_out_text(tally, long=True), "")])
        for index, pieces in enumerate(lines):
            if pieces and index < 2:
                grid.add_span(Span(flow(pieces, room), GAP))
            elif pieces:  # a unit: its lines after the first indented under it
                grid.add_span(Span(flow(pieces, room - GAP), 2 * GAP, first=GAP))
    return grid


def summary_view(summary: Summary, width: int) -> RenderableType:
    """The groups, as a table when it fits, else a block each; then the overall counts and
    kept rates."""
    from rich.console import Group
    from rich.text import Text

    body = _table(summary, width) or _blocks(summary, width)
    overall = summary.overall
    pieces = counts_pieces(overall)
    pieces[-1] = (pieces[-1][0], " — ")
    pieces += [
        (Text(f"kept {rate_text(overall.kept_rate)}"), " "),
        (Text(f"(of final {rate_text(overall.kept_rate_final)})"), ""),
    ]
    parts: list[RenderableType] = [body, Text("")]
    if summary.overlapping:
        parts += [Text(overlap_note(summary.by), style="dim"), Text("")]
    parts.append(flow(pieces, width))
    left_out = left_out_view(overall, width)
    if left_out is not None:
        parts += [Text(""), left_out]
    if summary.conversion is not None:
        parts += [Text(""), conversion_view(overall.converted, summary.conversion, width)]
    return Group(*parts)


def overlap_note(by: str) -> str:
    """Why the groups add up to more pledges than the line under them."""
    return (
        f"A pledge with several {by}s counts under each of them; the line below counts each "
        "pledge once."
    )
