"""The `show` view: a pledge's fields, its long texts, its timeline and its edits, laid out for
the terminal's width without cutting an id, amount, date or status.

The fields are names beside values; a value whose amount, date or uid would not fit beside its
name goes on the lines under it. The timeline and the edits are tables while their text keeps
some room, else a block of lines per update or edit. Functions here build and return;
`output.emit` prints. User text enters only through `literal`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pledgetrack.cli.grid import GAP, Column, Grid, Span, flow
from pledgetrack.cli.output import IndentedLines, literal

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from pledgetrack.domain.model import PledgeEdit, PledgeState, Update
    from pledgetrack.services.pledge_views import PledgeDetail

LONG_TEXT_LINES = 50  # a quote or note longer than this is printed below the fields
LINES_PER_PART = 2000
NOTE_ROOM = 24  # the least room a timeline's notes keep in its table; below it, blocks
WORD_ROOM = 60  # and at least their longest word (a URL) up to this
EDIT_ROOM = 26  # the same for each of an edit's old and new values

Pieces = list[tuple["Text", str]]


def _fields(rows: Sequence[tuple[str, Text | Pieces]], width: int) -> Grid:
    """Names beside values; a value with a piece too wide to sit beside the names (a uid at
    40 columns) is put under its name instead, indented."""
    from rich.text import Text

    name_width = max(len(name) for name, _ in rows)
    room = width - name_width - GAP
    grid = Grid((Column("", name_width), Column("", max(room, 1))), header=False)
    for name, value in rows:
        if isinstance(value, Text):
            grid.add_row(Text(name, style="bold"), value)
        elif max(piece.cell_len for piece, _ in value) <= room:
            grid.add_row(Text(name, style="bold"), flow(value, room))
        else:
            grid.add_row(Text(name, style="bold"), Text())
            grid.add_span(Span(flow(value, width - GAP), GAP))
    return grid


def _field_rows(
    detail: PledgeDetail,
) -> tuple[list[tuple[str, Text | Pieces]], list[tuple[str, list[str]]]]:
    """The fields, by name; and the quote or note too long to sit among them, by line."""
    from rich.text import Text

    from pledgetrack.cli.render import (
        amount_text,
        counted_text,
        percent_text,
        status_parts,
        status_style,
    )
    from pledgetrack.domain.amounts import describe_reading, format_amount, target_reading
    from pledgetrack.domain.model import Amount
    from pledgetrack.domain.rules import is_open
    from pledgetrack.domain.text import clean_text
    from pledgetrack.formats.fields import source_text

    state = detail.state
    pledge = state.pledge
    rows: list[tuple[str, Text | Pieces]] = []

    def words(*texts: str) -> Pieces:
        return [(literal(text), "  ") for text in texts]  # a unit is typed text

    def text(name: str, value: str | None) -> None:
        if value:
            rows.append((name, literal(value)))

    rows.append(("pledge", words(str(pledge.id))))
    rows.append(("uid", words(pledge.uid)))
    text("title", pledge.title)
    if detail.parent is not None:
        rows.append(("part of", _parent_pieces(detail)))
    text("by", pledge.actor)
    if pledge.recipients:
        rows.append(("to", [(literal(name), ", ") for name in pledge.recipients]))
    rows.append(("kind", words(pledge.kind.value)))
    if pledge.target is not None:
        reading = target_reading(pledge)
        shown = describe_reading(reading) if reading is not None else amount_text(pledge.target)
        rows.append(("target", words(shown)))
        text("as written", pledge.target_text)
        rows.append(("counts", words(pledge.counts.value)))
        with_parts = ", with its parts'" if detail.parts else ""
        percent = f"({percent_text(state.progress)}{with_parts})"
        rows.append(("counted", words(counted_text(state), percent)))
        for stage, value in detail.stage_totals.items():
            if stage is not pledge.counts:
                amount = format_amount(Amount(value, pledge.target.unit, pledge.target.kind))
                rows.append((f"at {stage.value}", words(amount)))
    if pledge.deadline is not None:
        deadline = pledge.deadline
        how = f"({deadline.precision or 'open-ended'}, from '{deadline.phrase}')"
        when = deadline.on.isoformat() if deadline.on else "none"
        rows.append(("deadline", [(Text(when), "  "), (literal(how), "")]))
    if pledge.announced_on:
        rows.append(("announced", words(pledge.announced_on.isoformat())))
    text("event", pledge.event)
    text("tags", ", ".join(pledge.tags))
    style = status_style(state)
    parts: Pieces = [(Text(part, style=style), ", ") for part in status_parts(state)]
    parts[-1] = (parts[-1][0], "  ")
    rows.append(("status", [*parts, (Text(f"(as of {state.as_of.isoformat()})"), "")]))
    if state.days_overdue:
        rows.append(("overdue", words(f"{state.days_overdue} days")))
    elif state.days_left is not None and is_open(state.status):
        rows.append(("left", words(f"{state.days_left} days")))
    long_texts: list[tuple[str, list[str]]] = []
    for name, typed in (("quote", pledge.quote), ("note", pledge.note)):
        lines = clean_text(typed).split("\n") if typed else []
        if len(lines) > LONG_TEXT_LINES:
            rows.append((name, Text(f"({len(lines):,} lines, below)", style="dim")))
            long_texts.append((name, lines))
        elif typed:
            rows.append((name, literal(typed, one_line=False)))
    for source in pledge.sources:
        rows.append(("source", literal(source_text(source))))
    return rows, long_texts


def _parent_pieces(detail: PledgeDetail) -> Pieces:
    """`4  EU package for Egypt  in_progress`: the parent's id, title and status; and, when the
    parent does not count this part's amounts, why, or when it counts them converted into its
    currency, how much."""
    from rich.text import Text

    from pledgetrack.cli.render import status_label, status_style

    parent = detail.parent
    assert parent is not None
    words = parent.title.split(" ")
    pieces: Pieces = [(Text(str(parent.id)), "  ")]
    pieces += [(literal(word), " ") for word in words[:-1]] + [(literal(words[-1]), "  ")]
    if detail.parent_state is not None:
        style = status_style(detail.parent_state)
        pieces.append((Text(status_label(detail.parent_state), style=style), "  "))
    said = _in_parent_text(detail)
    if said is not None:
        pieces += [(literal(word), " ") for word in said.split(" ")]
    return pieces


def _in_parent_text(detail: PledgeDetail) -> str | None:
    """How a part's parent counts it, when not as it is: `(not counted in pledge 4, which counts
    EUR)`, `(EUR 100,000,000 counted, USD 108,560,000 in pledge 4 at each amount's date)`."""
    from pledgetrack.cli.render import counted_text
    from pledgetrack.domain.amounts import format_amount
    from pledgetrack.domain.model import Amount
    from pledgetrack.domain.progress import Exclusion

    parent, part = detail.parent, detail.state.pledge
    assert parent is not None
    why = detail.left_out_of_parent
    if why is not None and why.reason is Exclusion.NO_RATE:
        return f"(not counted in pledge {parent.id}, {why.text()})"
    if why is not None:
        which = f"counts {parent.target.unit}" if parent.target else "has no target"
        return f"(not counted in pledge {parent.id}, which {which})"
    value = detail.counted_in_parent
    if value is None or parent.target is None or part.target is None:
        return None
    if part.target.unit == parent.target.unit:
        return None
    there = format_amount(Amount(value, parent.target.unit, parent.target.kind))
    counted = counted_text(detail.state)
    return f"({counted} counted, {there} in pledge {parent.id} at each amount's date)"


def parts_view(detail: PledgeDetail, width: int) -> Iterator[RenderableType]:
    """A parent's parts in the pledge table of `list`, then those it counts converted into its
    currency, and those it does not count, and why."""
    from rich.text import Text

    from pledgetrack.cli.pledge_table import PledgeTables

    yield Text("")
    yield Text("parts", style="bold")
    yield PledgeTables(width, days=True).grid(detail.parts)
    for said in _parts_said(detail):
        yield flow([(Text(word), " ") for word in said.split(" ")], width)


def _parts_said(detail: PledgeDetail) -> list[str]:
    """The sentences under a parent's parts: those it counts converted (how much, in its
    currency), those it leaves out (why)."""
    from pledgetrack.cli.render import counted_text
    from pledgetrack.domain.amounts import format_amount
    from pledgetrack.domain.model import Amount
    from pledgetrack.domain.progress import Exclusion

    target = detail.state.pledge.target
    said = []
    converted = [
        f"pledge {part.pledge.id}, {counted_text(part)} counted, "
        + format_amount(Amount(detail.in_parent[part.pledge.id], target.unit, target.kind))
        + " in this pledge"
        for part in detail.parts
        if target is not None
        and part.pledge.target is not None
        and part.pledge.target.unit != target.unit
        and part.pledge.id in detail.in_parent
    ]
    if converted and target is not None:
        said.append(
            f"Counted in this pledge's amount converted into {target.unit}, each amount at the "
            f"rate of its date: {'; '.join(converted)}."
        )
    ids = ", ".join(
        str(part_id)
        for part_id, why in detail.left_out.items()
        if why.reason is not Exclusion.NO_RATE
    )
    if ids and target is None:
        said.append(f"This pledge has no target: the amounts of {ids} are not counted in it.")
    elif ids:
        said.append(f"Not counted in this pledge's amount, being in another unit: {ids}.")
    said += [
        f"Not counted in this pledge's amount: pledge {part_id}, {why.text()}."
        for part_id, why in detail.left_out.items()
        if why.reason is Exclusion.NO_RATE
    ]
    return said


def _update_cells(update: Update, state: PledgeState) -> tuple[tuple[str, ...], Text]:
    """An update's number, date, stage, amount and verdict, and its note and sources; a voided
    one says so, with when and why."""
    from pledgetrack.domain.amounts import format_amount
    from pledgetrack.formats.fields import source_text

    amount = ""
    if update.amount is not None:
        sign = "= " if update.mode is not None and update.mode.value == "total" else "+ "
        amount = sign + format_amount(update.amount)
    notes = literal(update.note or "")
    for source in update.sources:
        notes.append("\n" if notes else "")
        notes.append_text(literal(source_text(source), "dim"))
    if update.void is not None:  # kept in the record, counted nowhere
        notes.append("\n" if notes else "")
        notes.append_text(literal(f"VOID {update.void.voided_at[:10]}: ", "bold"))
        notes.append_text(literal(update.void.note))
    number = f"{update.id}" + (" void" if update.void is not None else "")
    date = update.happened_on.isoformat()
    if update.happened_on > state.as_of:
        date += "\n(after as-of)"
    stage = update.stage.value if update.stage else ""
    verdict = update.verdict.value if update.verdict else ""
    return (number, date, stage, amount, verdict), notes


def timeline_view(updates: Sequence[Update], state: PledgeState, width: int) -> Grid:
    """The updates, oldest first: a table while the notes keep NOTE_ROOM, else blocks; those
    dated after the as-of date dimmed."""

    cells = [_update_cells(update, state) for update in updates]

    def widest(index: int, header: str) -> int:
        return max([len(header), *(len(ln) for c, _ in cells for ln in c[index].split("\n"))])

    columns = [
        Column("#", widest(0, "#"), right=True),
        Column("date", widest(1, "date")),
        Column("stage", widest(2, "stage")),
        Column("amount", widest(3, "amount"), right=True),
        Column("verdict", widest(4, "verdict")),
    ]
    room = width - sum(c.width for c in columns) - GAP * len(columns)
    longest = max([0, *(len(word) for _, notes in cells for word in notes.plain.split())])
    if room >= max(NOTE_ROOM, min(longest, WORD_ROOM)):  # a URL stays whole on its line
        grid = Grid([*columns, Column("note and sources", room)])
        for update, (texts, notes) in zip(updates, cells, strict=True):
            style = _update_style(update, state)
            notes.stylize(style)
            grid.add_row(*(literal(cell, style, one_line=False) for cell in texts), notes)
        return grid
    grid = Grid(())
    for index, (update, (texts, notes)) in enumerate(zip(updates, cells, strict=True)):
        style = _update_style(update, state)
        if index:
            grid.add_blank()
        number, date, *rest = texts
        parts = [f"#{number}", *date.split("\n"), *rest]
        pieces = [(literal(part, style), "  ") for part in parts if part]
        grid.add_span(Span(flow(pieces, width - GAP), GAP, first=0))
        if notes:
            notes.stylize(style)
            grid.add_span(Span(notes, GAP))
    return grid


def _update_style(update: Update, state: PledgeState) -> str:
    """Struck through when voided; dimmed when dated after the as-of date."""
    if update.void is not None:
        return "strike dim"
    return "dim" if update.happened_on > state.as_of else ""


def edits_view(edits: Sequence[PledgeEdit], width: int) -> Grid:
    """The edits: a table while each value keeps EDIT_ROOM, else a block each."""
    from rich.text import Text

    at = max(len("at"), *(len(e.edited_at) for e in edits))
    field = max(len("field"), *(len(e.field) for e in edits))
    room = (width - at - field - 3 * GAP) // 2
    natural = max(literal(v).cell_len for e in edits for v in (e.old, e.new, "from"))
    if room >= min(natural, EDIT_ROOM):
        value = min(room, natural)
        grid = Grid(
            [Column("at", at), Column("field", field), Column("from", value), Column("to", value)]
        )
        for edit in edits:
            grid.add_row(_edited_at(edit), Text(edit.field), literal(edit.old), literal(edit.new))
        return grid
    grid = Grid(())
    for index, edit in enumerate(edits):
        if index:
            grid.add_blank()
        pieces = [(Text(edit.edited_at), "  "), (Text(edit.field), "")]
        if edit.origin is not None:
            pieces[-1] = (pieces[-1][0], "  ")
            pieces.append((literal(f"(merged from {edit.origin})", "dim"), ""))
        grid.add_span(Span(flow(pieces, width)))
        grid.add_span(Span(literal(edit.old), GAP + 5, lead="from"))
        grid.add_span(Span(literal(edit.new), GAP + 5, lead="to"))
    return grid


def _edited_at(edit: PledgeEdit) -> Text:
    """When an edit was made and, for one merged from another ledger's export, the export."""
    from rich.text import Text

    at = Text(edit.edited_at)
    if edit.origin is not None:
        at.append("\n")
        at.append_text(literal(f"merged from {edit.origin}", "dim"))
    return at


def detail_view(detail: PledgeDetail, width: int) -> Iterator[RenderableType]:
    """The pledge's fields, then its long texts, its timeline and its edits, part by part; a
    long note is printed line by line, in time in proportion to its length."""
    from rich.text import Text

    rows, long_texts = _field_rows(detail)
    yield _fields(rows, width)
    for name, lines in long_texts:
        yield Text(name, style="bold")
        for start in range(0, len(lines), LINES_PER_PART):  # printed, then forgotten, by part
            yield IndentedLines(lines[start : start + LINES_PER_PART], 2)
    if detail.parts:
        yield from parts_view(detail, width)
    yield Text("")
    if detail.updates:
        yield Text("timeline", style="bold")
        yield timeline_view(detail.updates, detail.state, width)
    else:
        yield Text("No updates recorded yet.")
    if detail.edits:
        yield Text("")
        yield Text("edits", style="bold")
        yield edits_view(detail.edits, width)
