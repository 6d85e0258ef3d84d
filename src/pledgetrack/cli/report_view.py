"""Renderables of `report` and `summary`: tables that fit the terminal without cutting numbers.

Each view is built for a width: the widest layout whose amounts, dates and statuses fit whole is
chosen (titles and names wrap); below that, one block of lines per pledge or group. Functions
here build and return; `output.emit` prints. User text enters only through `literal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from pledgetrack.cli.output import literal
from pledgetrack.cli.render import (
    amount_text,
    counted_text,
    percent_text,
    status_label,
    status_style,
)
from pledgetrack.domain.amounts import format_amount
from pledgetrack.domain.model import Amount, Kind, PledgeState
from pledgetrack.domain.rules import is_open
from pledgetrack.formats.writers import markdown_table

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from pledgetrack.domain.tallies import Report, Summary, Tally, UnitTotal

BAR_WIDTH = 10
MIN_TITLE = 16
MIN_NAME = 8


def plural(n: int) -> str:
    """`1 pledge`, `2 pledges`."""
    return f"{n} pledge" if n == 1 else f"{n} pledges"


def progress_bar(progress: Decimal | None, width: int = BAR_WIDTH) -> Text:
    """A text bar and the percentage, e.g. `█████░░░░░ 50%`; empty without a target."""
    from rich.text import Text

    if progress is None:
        return Text("")
    share = min(max(progress, Decimal(0)), Decimal(1))
    filled = int(share * width)
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {percent_text(progress):>4}")
    return bar


def days_text(state: PledgeState) -> tuple[str, str]:
    """Days overdue or left, with its style; empty for final or open-ended pledges."""
    if state.days_overdue:
        return f"{state.days_overdue} overdue", "red"
    if state.days_left is not None and is_open(state.status):
        return f"{state.days_left} left", "yellow" if state.due_soon else ""
    return "", ""


def deadline_text(state: PledgeState) -> str:
    """The deadline as an ISO date, or nothing when open-ended."""
    deadline = state.pledge.deadline
    return deadline.on.isoformat() if deadline and deadline.on else ""


def _widest(texts: Sequence[str], header: str) -> int:
    return max([len(header), *(len(t) for t in texts)])


def _table() -> Table:
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0))


def _wide(states: Sequence[PledgeState]) -> Table:
    table = _table()
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("actor", overflow="fold", min_width=6)
    table.add_column("title", overflow="fold", ratio=1, min_width=MIN_TITLE)
    table.add_column("target", justify="right", no_wrap=True)
    table.add_column("counted", justify="right", no_wrap=True)
    table.add_column("progress", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("days", justify="right", no_wrap=True)
    for state in states:
        days, days_style = days_text(state)
        table.add_row(
            str(state.pledge.id),
            literal(state.pledge.actor),
            literal(state.pledge.title),
            amount_text(state.pledge.target),
            counted_text(state),
            progress_bar(state.progress),
            deadline_text(state),
            literal(status_label(state), status_style(state)),
            literal(days, days_style),
        )
    return table


def _wide_width(states: Sequence[PledgeState]) -> int:
    fixed = [
        _widest([str(s.pledge.id) for s in states], "id"),
        _widest([amount_text(s.pledge.target) for s in states], "target"),
        _widest([counted_text(s) for s in states], "counted"),
        BAR_WIDTH + 5,
        _widest([deadline_text(s) for s in states], "deadline"),
        _widest([status_label(s) for s in states], "status"),
        _widest([days_text(s)[0] for s in states], "days"),
    ]
    return sum(fixed) + min(12, _widest([s.pledge.actor for s in states], "actor")) + MIN_TITLE + 8


def _narrow(states: Sequence[PledgeState]) -> Table:
    from rich.text import Text

    table = _table()
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("actor: title", overflow="fold", ratio=1, min_width=MIN_NAME)
    table.add_column("counted\ntarget", justify="right", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for state in states:
        pledge = state.pledge
        title = literal(pledge.actor, "bold")
        title.append(": ")
        title.append_text(literal(pledge.title))
        amounts = Text(counted_text(state))
        if pledge.target is not None:
            amounts.append("\n")
            amounts.append(amount_text(pledge.target), style="dim")
        days, days_style = days_text(state)
        when = Text(deadline_text(state))
        if days:
            when.append("\n" + days, style=days_style)
        status = Text()
        for part in status_label(state).split(", "):
            status.append(("\n" if status.plain else "") + part, style=status_style(state))
        if state.progress is not None:
            status.append("\n" + percent_text(state.progress))
        table.add_row(str(pledge.id), title, amounts, when, status)
    return table


def _narrow_width(states: Sequence[PledgeState]) -> int:
    fixed = [
        _widest([str(s.pledge.id) for s in states], "id"),
        _widest([amount_text(s.pledge.target) for s in states] + ["counted"], "target"),
        _widest([counted_text(s) for s in states], "counted"),
        _widest([deadline_text(s) for s in states] + [days_text(s)[0] for s in states], "date"),
        max(len(p) for s in states for p in [*status_label(s).split(", "), "status"]),
    ]
    return sum(fixed) - fixed[1] - fixed[2] + max(fixed[1], fixed[2]) + MIN_NAME + 4


def pledge_blocks(states: Sequence[PledgeState]) -> RenderableType:
    """One block of lines per pledge, for terminals too narrow for a table."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    for state in states:
        pledge = state.pledge
        head = Text(f"#{pledge.id} ", style="bold")
        head.append_text(literal(pledge.actor, "bold"))
        head.append(": ")
        head.append_text(literal(pledge.title))
        lines = [head]
        if pledge.target is not None:
            lines += [
                Text("  counted " + counted_text(state)),
                Text("  of " + amount_text(pledge.target)),
            ]
            lines.append(Text("  ").append_text(progress_bar(state.progress)))
        if deadline_text(state):
            days, days_style = days_text(state)
            due = Text("  due " + deadline_text(state))
            if days:
                due.append(f" {days}", style=days_style)
            lines.append(due)
        lines.append(Text("  ").append_text(literal(status_label(state), status_style(state))))
        parts.append(Group(*lines))
    return Group(*parts)


def pledges_view(states: Sequence[PledgeState], width: int) -> RenderableType:
    """The report's pledges in the widest layout that keeps amounts and dates whole."""
    if width >= _wide_width(states):
        return _wide(states)
    if width >= _narrow_width(states):
        return _narrow(states)
    return pledge_blocks(states)


def unit_amount(value: Decimal, total: UnitTotal) -> str:
    """An amount in a total's currency or unit."""
    kind = Kind.MONEY if total.kind == Kind.MONEY.value else Kind.QUANTITY
    return format_amount(Amount(value, total.unit, kind))


def counts_line(tally: Tally, *, shown: int | None = None, as_of: str | None = None) -> Text:
    """`12 pledges as of 2025-06-30: 3 fulfilled · 2 in_progress · 4 overdue · 1 due soon`."""
    from rich.text import Text

    head = plural(tally.pledges)
    if as_of:
        head += f" as of {as_of}"
    if shown is not None and shown < tally.pledges:
        head += f" (showing {shown})"
    line = Text(head + ": ", style="bold")
    parts = [f"{n} {status.value}" for status, n in tally.by_status.items()]
    parts += [f"{tally.overdue} overdue"] if tally.overdue else []
    parts += [f"{tally.due_soon} due soon"] if tally.due_soon else []
    line.append(" · ".join(parts))
    return line


def totals_view(totals: Sequence[UnitTotal], width: int) -> RenderableType:
    """Pledged and counted per currency or unit: a table, or lines when the terminal is narrow."""
    from rich.console import Group
    from rich.text import Text

    pledged = [unit_amount(t.pledged, t) for t in totals]
    counted = [unit_amount(t.counted, t) for t in totals]
    needed = (
        _widest([t.unit for t in totals], "unit")
        + _widest([str(t.pledges) for t in totals], "pledges")
        + _widest(pledged, "pledged")
        + _widest(counted, "counted")
        + 5
        + 4
    )
    if width < needed:
        lines = []
        for total, p, c in zip(totals, pledged, counted, strict=True):
            lines.append(Text(f"{total.unit}: {total.pledges} pledged {p}", style="bold"))
            lines.append(Text(f"  counted {c} ({percent_text(total.progress)})"))
        return Group(*lines)
    table = _table()
    for name in ("unit", "pledges", "pledged", "counted", "%"):
        table.add_column(name, justify="left" if name == "unit" else "right", no_wrap=True)
    for total, p, c in zip(totals, pledged, counted, strict=True):
        table.add_row(total.unit, str(total.pledges), p, c, percent_text(total.progress))
    return table


def report_view(report: Report, width: int) -> RenderableType:
    """The status table, then counts by status, then totals per currency or unit."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [
        pledges_view(report.states, width),
        Text(""),
        counts_line(report.tally, shown=len(report.states), as_of=report.as_of_text),
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
                state.pledge.title,
                amount_text(state.pledge.target),
                counted_text(state),
                percent_text(state.progress),
                deadline_text(state),
                status_label(state),
                days_text(state)[0],
            ]
        )
    columns = ["id", "actor", "title", "target", "counted", "%", "deadline", "status", "days"]
    text = (
        markdown_table(columns, rows)
        + "\n\n"
        + counts_line(report.tally, shown=len(report.states), as_of=report.as_of_text).plain
    )
    if report.tally.totals:
        totals = [
            [
                t.unit,
                str(t.pledges),
                unit_amount(t.pledged, t),
                unit_amount(t.counted, t),
                percent_text(t.progress),
            ]
            for t in report.tally.totals
        ]
        text += "\n\n" + markdown_table(["unit", "pledges", "pledged", "counted", "%"], totals)
    return text


def rate_text(rate: Decimal | None) -> str:
    """A kept rate as a percentage, or `–` when nothing to divide by."""
    return percent_text(rate) if rate is not None else "–"


def summary_view(summary: Summary, width: int) -> RenderableType:
    """One scorecard per group: a table when it fits, else a block of lines each."""
    from rich.console import Group
    from rich.text import Text

    def amounts(tally: Tally, which: str) -> str:
        return "\n".join(
            unit_amount(t.pledged if which == "pledged" else t.counted, t) for t in tally.totals
        )

    def statuses(tally: Tally) -> str:
        return "\n".join(f"{n} {status.value}" for status, n in tally.by_status.items())

    groups = summary.groups
    amount_lines = [
        line
        for g in groups
        for w in ("pledged", "counted")
        for line in amounts(g.tally, w).split("\n")
    ]
    status_lines = [line for g in groups for line in statuses(g.tally).split("\n")]
    pledged_width = _widest(amount_lines, "pledged")
    needed = MIN_NAME + 7 + 2 * pledged_width + 4 + _widest(status_lines, "by status") + 4 + 6 + 7
    if width >= needed:
        table = _table()
        table.add_column(summary.by, overflow="fold", ratio=1, min_width=MIN_NAME)
        table.add_column("pledges", justify="right", no_wrap=True)
        table.add_column("pledged", justify="right", no_wrap=True)
        table.add_column("counted", justify="right", no_wrap=True)
        table.add_column("%", justify="right", no_wrap=True)
        table.add_column("by status", no_wrap=True)
        table.add_column("kept", justify="right", no_wrap=True)
        table.add_column("of final", justify="right", no_wrap=True)
        for group in groups:
            tally = group.tally
            table.add_row(
                literal(group.name),
                str(tally.pledges),
                amounts(tally, "pledged"),
                amounts(tally, "counted"),
                "\n".join(percent_text(t.progress) for t in tally.totals),
                statuses(tally),
                rate_text(tally.kept_rate),
                rate_text(tally.kept_rate_final),
                end_section=True,
            )
        body: RenderableType = table
    else:
        blocks: list[RenderableType] = []
        for group in groups:
            tally = group.tally
            head = literal(group.name, "bold")
            head.append(f" — {plural(tally.pledges)}, kept {rate_text(tally.kept_rate)}")
            head.append(f" (of final {rate_text(tally.kept_rate_final)})")
            lines: list[RenderableType] = [head]
            for total in tally.totals:
                lines.append(Text(f"  pledged {unit_amount(total.pledged, total)}"))
                lines.append(
                    Text(
                        f"  counted {unit_amount(total.counted, total)} "
                        f"({percent_text(total.progress)})"
                    )
                )
            lines.append(Text("  " + " · ".join(statuses(tally).split("\n"))))
            blocks.append(Group(*lines))
        body = Group(*blocks)
    overall = summary.overall
    footer = counts_line(overall)
    footer.append(
        f" — kept {rate_text(overall.kept_rate)} (of final {rate_text(overall.kept_rate_final)})"
    )
    return Group(body, Text(""), footer)
