"""`pledgetrack show`: one pledge, its sources, its computed state and its timeline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from pledgetrack.cli.options import AsOf, Format, read_as_of
from pledgetrack.cli.output import IndentedLines, literal, literal_lines
from pledgetrack.cli.session import session

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pledgetrack.services.pledges import PledgeDetail


def show(
    ctx: typer.Context,
    pledge_id: Annotated[int, typer.Argument(metavar="ID", help="The pledge's id.")],
    as_of: AsOf = None,
    fmt: Format = "table",
) -> None:
    """Show one pledge, its sources and its history as a timeline, oldest first.

    Example: pledgetrack show 1 --as-of 2024-12-31
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.pledges import pledge_detail

    formatter = formatter_for(fmt)
    as_of_date = read_as_of(as_of)
    with session(ctx).open() as ledger:
        detail = pledge_detail(ledger, pledge_id, as_of=as_of_date)
    formatter.detail(detail)


LONG_TEXT_LINES = 50  # a quote or note longer than this is printed below the fields
LINES_PER_PART = 2000


def detail_view(detail: PledgeDetail) -> Iterator[RenderableType]:
    """The pledge's fields, then its long texts, its timeline and its edits, part by part; a
    long note is printed line by line, in time in proportion to its length."""
    from rich.table import Table
    from rich.text import Text

    from pledgetrack.cli.render import (
        counted_text,
        percent_text,
        status_label,
        status_style,
    )
    from pledgetrack.domain.amounts import describe_reading, format_amount, target_reading
    from pledgetrack.domain.model import Amount
    from pledgetrack.domain.rules import is_open
    from pledgetrack.domain.text import clean_text
    from pledgetrack.formats.fields import source_text

    state = detail.state
    pledge = state.pledge
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(overflow="fold")

    def row(name: str, value: RenderableType | None) -> None:
        if value:
            fields.add_row(name, literal(value) if isinstance(value, str) else value)

    row("pledge", f"{pledge.id}  ({pledge.uid})")
    row("title", literal(pledge.title))
    row("by", literal(pledge.actor))
    row("to", literal(pledge.recipient))
    row("kind", pledge.kind.value)
    reading = target_reading(pledge)
    row("target", describe_reading(reading) if reading is not None else None)
    if pledge.target_text is not None:
        row("as written", literal(pledge.target_text))
    if pledge.target is not None:
        row("counts", pledge.counts.value)
        row("counted", f"{counted_text(state)}  ({percent_text(state.progress)})")
    for stage, value in detail.stage_totals.items():
        if stage is not pledge.counts and pledge.target is not None:
            row(
                f"  at {stage.value}",
                format_amount(Amount(value, pledge.target.unit, pledge.target.kind)),
            )
    if pledge.deadline is not None:
        deadline = pledge.deadline
        when = deadline.on.isoformat() if deadline.on else "none"
        row(
            "deadline",
            literal(f"{when}  ({deadline.precision or 'open-ended'}, from '{deadline.phrase}')"),
        )
    row("announced", pledge.announced_on.isoformat() if pledge.announced_on else None)
    row("event", literal(pledge.event))
    row("tags", literal(", ".join(pledge.tags)))
    row(
        "status",
        Text(
            f"{status_label(state)}  (as of {state.as_of.isoformat()})", style=status_style(state)
        ),
    )
    if state.days_overdue:
        row("overdue", f"{state.days_overdue} days")
    elif state.days_left is not None and is_open(state.status):
        row("left", f"{state.days_left} days")
    long_texts: list[tuple[str, list[str]]] = []
    for name, typed in (("quote", pledge.quote), ("note", pledge.note)):
        lines = clean_text(typed).split("\n") if typed else []
        if len(lines) > LONG_TEXT_LINES:
            row(name, Text(f"({len(lines):,} lines, below)", style="dim"))
            long_texts.append((name, lines))
        elif typed:
            row(name, literal_lines(typed))
    for source in pledge.sources:
        row("source", literal(source_text(source)))

    timeline = Table(title="timeline", title_justify="left", pad_edge=False)
    timeline.add_column("date", no_wrap=True)
    timeline.add_column("stage", no_wrap=True)
    timeline.add_column("amount", justify="right", no_wrap=True)
    timeline.add_column("verdict", no_wrap=True)
    timeline.add_column("note and sources", overflow="fold", ratio=1)
    for update in detail.updates:
        later = update.happened_on > state.as_of
        amount = ""
        if update.amount is not None:
            sign = "= " if update.mode is not None and update.mode.value == "total" else "+ "
            amount = sign + format_amount(update.amount)
        text = literal(update.note or "")
        for source in update.sources:
            text.append("\n")
            text.append(literal(source_text(source), "dim"))
        timeline.add_row(
            update.happened_on.isoformat() + (" (after as-of)" if later else ""),
            update.stage.value if update.stage else "",
            amount,
            update.verdict.value if update.verdict else "",
            text,
            style="dim" if later else "",
        )
    yield fields
    for name, lines in long_texts:
        yield Text(name, style="bold")
        for start in range(0, len(lines), LINES_PER_PART):  # printed, then forgotten, by part
            yield IndentedLines(lines[start : start + LINES_PER_PART], 2)
    parts: list[RenderableType] = []
    if detail.updates:
        parts.append(timeline)
    else:
        parts.append(Text("No updates recorded yet."))
    if detail.edits:
        edits = Table(title="edits", title_justify="left", pad_edge=False)
        edits.add_column("at", no_wrap=True)
        edits.add_column("field", no_wrap=True)
        edits.add_column("from", overflow="fold")
        edits.add_column("to", overflow="fold")
        for edit in detail.edits:
            edits.add_row(edit.edited_at, edit.field, literal(edit.old), literal(edit.new))
        parts.append(edits)
    yield from parts
