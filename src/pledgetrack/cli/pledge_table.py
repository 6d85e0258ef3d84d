"""The pledge tables of `report`, `list` and `search`: one design per band of widths, chosen
from the widths of the cells, so that no id, amount, date, percentage or status is ever cut.

From the widest to the narrowest, each used while the terminal holds its figures and leaves the
text the room it needs:

- `wide`: actor (with the recipients, `actor → recipients`) and title in columns of their own
  (the title takes the room left, the actor at most ACTOR_MAX unless the title already fits),
  target and counted side by side, the bar and its %, the deadline, the days and the status with
  its flags on one line;
- `table`: "actor → recipients: title" in one column taking all the room left; counted over
  the target, the deadline over the days, the status over its flags;
- `split`: each pledge's "actor → recipients: title" across the whole width, its figures below
  it in the columns of `table`;
- `cards`: a block of lines per pledge, each figure whole on its line.

The bar with its % is in every band; its colour is the status's (status_style). A part shown
under its parent has its actor marked PART_MARK, in every band. Functions here build and return;
`output.emit` prints. User text enters only through `literal`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from pledgetrack.cli.grid import GAP, Column, Grid, Span, flow
from pledgetrack.cli.output import literal
from pledgetrack.cli.render import (
    counted_text,
    days_text,
    days_words,
    deadline_text,
    percent_text,
    status_parts,
    status_style,
    target_text,
)
from pledgetrack.domain.text import clean_line

if TYPE_CHECKING:
    from rich.text import Text

    from pledgetrack.domain.model import Pledge, PledgeState

BAR_WIDTH = 10
ACTOR_MAX = 22  # a wider actor column would take lines from the title
WIDE_TITLE = 40  # the least title room `wide` leaves; below it `table` reads better
TABLE_TEXT = 36  # the least room `table` leaves "actor: title"; below it, `split`
FITTED_ROWS = 200  # the rows the actor's width is fitted to (a report may show thousands)
PART_MARK = "└ "  # before the actor of a part shown under its parent


def progress_bar(progress: Decimal | None, style: str, label_width: int = 4) -> Text:
    """The bar in the status's colour with its %, e.g. `█████░░░░░  50%`; empty without a
    target. The empty part is dimmed in the same colour, so 0% of a broken pledge reads red."""
    from rich.text import Text

    if progress is None:
        return Text("")
    share = min(max(progress, Decimal(0)), Decimal(1))
    filled = int(share * BAR_WIDTH)
    bar = Text("█" * filled, style=style)
    bar.append("░" * (BAR_WIDTH - filled), style=f"{style} dim".strip())
    bar.append(" " + percent_text(progress).rjust(label_width))
    return bar


def parties_text(pledge: Pledge) -> Text:
    """Who pledges, in bold, and to whom: `United States → Northern Central America, Haiti`."""
    text = literal(pledge.actor, "bold")
    if pledge.recipients:
        text.append(" → ")
        text.append_text(literal(", ".join(pledge.recipients)))
    return text


@dataclass(frozen=True)
class PledgeCells:
    """A pledge's texts in the tables, cleaned and measured once."""

    id: str
    actor: Text  # and the recipients
    title: Text
    target: str
    counted: str
    percent: str
    progress: Decimal | None
    deadline: str
    days: str  # `456 overdue`, `15 left`; empty for final or open-ended pledges
    days_words: str  # `456 days overdue`, `1 day left`
    days_style: str
    status: list[str]
    style: str

    @property
    def pledge(self) -> Text:
        """`actor → recipients: title`, the actor in bold."""
        from rich.text import Text

        return Text.assemble(self.actor, ": ", self.title)


def pledge_cells(state: PledgeState, *, days: bool, part: bool = False) -> PledgeCells:
    """The cells of one pledge; `days` adds the days overdue or left; a `part` shown under its
    parent is marked before its actor."""
    from rich.text import Text

    pledge = state.pledge
    days_left, days_style = days_text(state) if days else ("", "")
    actor = parties_text(pledge)
    return PledgeCells(
        id=str(pledge.id),
        actor=Text.assemble(Text(PART_MARK, style="dim"), actor) if part else actor,
        title=literal(pledge.title),
        target=clean_line(target_text(pledge)),  # a unit is typed text
        counted=clean_line(counted_text(state)),
        percent=percent_text(state.progress),
        progress=state.progress,
        deadline=deadline_text(state),
        days=days_left,
        days_words=days_words(state) if days else "",
        days_style=days_style,
        status=status_parts(state),
        style=status_style(state),
    )


@dataclass
class Widths:
    """The widest cell of each kind seen so far (for `list`, over every chunk so far)."""

    id: int = 2
    actor: int = 5
    title: int = 5
    pledge: int = 6
    target: int = 6
    counted: int = 7
    percent: int = 4
    deadline: int = 8
    days: int = 0
    status_part: int = 6
    status_line: int = 6

    def grow(self, cells: PledgeCells) -> None:
        """Widen to hold these cells."""
        self.id = max(self.id, len(cells.id))
        self.actor = max(self.actor, cells.actor.cell_len)
        self.title = max(self.title, cells.title.cell_len)
        self.pledge = max(self.pledge, cells.actor.cell_len + 2 + cells.title.cell_len)
        self.target = max(self.target, len(cells.target))
        self.counted = max(self.counted, len(cells.counted))
        self.percent = max(self.percent, len(cells.percent))
        self.deadline = max(self.deadline, len(cells.deadline))
        self.days = max(self.days, len(cells.days), 4 if cells.days else 0)
        self.status_part = max(self.status_part, *(len(p) for p in cells.status))
        self.status_line = max(self.status_line, len(", ".join(cells.status)))

    @property
    def amounts(self) -> int:
        """Counted over target, `of target` under `counted` in the header."""
        return max(self.target, self.counted, len("of target"))

    @property
    def bar(self) -> int:
        """The bar, a space and the %."""
        return BAR_WIDTH + 1 + self.percent

    @property
    def when(self) -> int:
        """The deadline over the days."""
        return max(self.deadline, self.days)


@dataclass(frozen=True)
class Layout:
    """A band's design at one terminal width: its columns, and which of them takes the rest."""

    name: str
    columns: tuple[Column, ...]
    width: int  # the terminal's
    days: bool  # the days overdue or left are shown
    percent: int = 4  # the room of the % beside the bar
    rest: int | None = None  # the index of the column that takes the room left
    rest_min: int = 0
    indent: int = 0  # where `split` and `cards` start their text

    @property
    def days_column(self) -> bool:
        """Whether `wide` has a column of days."""
        return any(column.header == "days" for column in self.columns)

    def total(self) -> int:
        """The cells the columns take, gaps included."""
        return sum(c.width for c in self.columns) + GAP * max(len(self.columns) - 1, 0)

    def merged(self, earlier: Layout, width: int) -> Layout | None:
        """This layout with no column narrower than in `earlier` (a long list keeps its
        columns from chunk to chunk), or None when that no longer fits."""
        if earlier.name != self.name or len(earlier.columns) != len(self.columns):
            return None
        columns = [
            replace(new, width=max(new.width, old.width))
            for new, old in zip(self.columns, earlier.columns, strict=True)
        ]
        if self.rest is not None:
            others = sum(c.width for i, c in enumerate(columns) if i != self.rest)
            room = width - others - GAP * (len(columns) - 1)
            if room < max(self.rest_min, earlier.columns[self.rest].width):
                return None
            columns[self.rest] = replace(columns[self.rest], width=room)
        layout = replace(
            self,
            columns=tuple(columns),
            indent=max(self.indent, earlier.indent),
            percent=max(self.percent, earlier.percent),
        )
        return layout if layout.total() <= width else None


def _figures(w: Widths, days: bool) -> list[Column]:
    """The figure columns of `table` and `split`."""
    when = Column("deadline\ndays", w.when) if days else Column("deadline", w.deadline)
    return [
        Column("counted\nof target", w.amounts, right=True),
        Column("progress", w.bar),
        when,
        Column("status", w.status_part),
    ]


def _lines(text: str, width: int) -> int:
    """About how many lines `text` wraps to at `width` (words, as Rich wraps them)."""
    lines, used = 1, -1
    for word in text.split():
        if used + 1 + len(word) > width and used > 0:
            lines += 1 + (len(word) - 1) // width
            used = len(word) % width or width
        else:
            used += 1 + len(word)
    return lines


def _actor_width(w: Widths, room: int, rows: Sequence[PledgeCells]) -> int:
    """The actor's share of `room` beside the title: the one that leaves the rows fewest lines,
    the narrower on a tie, so the title keeps the room it can use."""
    least = min(w.actor, ACTOR_MAX)
    most = min(w.actor, room - min(w.title, WIDE_TITLE))
    best, best_lines = least, None
    for actor in sorted({*range(least, max(most, least) + 1, 2), max(most, least)}):
        lines = sum(
            max(_lines(row.actor.plain, actor), _lines(row.title.plain, room - actor))
            for row in rows
        )
        if best_lines is None or lines < best_lines:
            best, best_lines = actor, lines
    return best


def choose_layout(w: Widths, width: int, *, days: bool, rows: Sequence[PledgeCells] = ()) -> Layout:
    """The widest band whose figures fit `width` and leave the text its room; with `rows`, the
    actor and title share their room as suits those rows best."""
    wide = [
        Column("id", w.id, right=True),
        Column("actor", 0),
        Column("title", 0),
        Column("target", w.target, right=True),
        Column("counted", w.counted, right=True),
        Column("progress", w.bar),
        Column("deadline", w.deadline),
        *([Column("days", w.days, right=True)] if days and w.days else []),
        Column("status", w.status_line),
    ]
    room = width - sum(c.width for c in wide) - GAP * (len(wide) - 1)
    actor = min(w.actor, ACTOR_MAX)
    base = Layout("wide", (), width, days, percent=w.percent)
    if room - actor >= min(w.title, WIDE_TITLE):
        actor = max(actor, min(w.actor, room - w.title))
        if rows:
            actor = max(actor, _actor_width(w, room, rows))
        wide[1] = Column("actor", actor)
        wide[2] = Column("title", room - actor)
        return replace(base, columns=tuple(wide), rest=2, rest_min=min(w.title, WIDE_TITLE))
    table = [Column("id", w.id, right=True), Column("pledge", 0), *_figures(w, days)]
    room = width - sum(c.width for c in table) - GAP * (len(table) - 1)
    if room >= min(w.pledge, TABLE_TEXT):
        table[1] = Column("pledge", room)
        return replace(
            base, name="table", columns=tuple(table), rest=1, rest_min=min(w.pledge, TABLE_TEXT)
        )
    split = replace(
        base, name="split", columns=(Column("id", w.id, right=True), *_figures(w, days))
    )
    if split.total() <= width:
        return replace(split, indent=w.id + GAP)
    return replace(base, name="cards", indent=w.id + 1 + GAP)


def _stacked(first: str, second: str, second_style: str = "dim") -> Text:
    """Two figures in one cell, the second under the first."""
    from rich.text import Text

    text = Text(first)
    if second:
        text.append("\n" + second, style=second_style)
    return text


def add_pledge(grid: Grid, layout: Layout, cells: PledgeCells) -> None:
    """One pledge in the layout's design."""
    from rich.text import Text

    bar = progress_bar(cells.progress, cells.style, layout.percent)
    status = Text("\n".join(cells.status), style=cells.style)
    if layout.days:
        when = _stacked(cells.deadline, cells.days, second_style=cells.days_style)
    else:
        when = Text(cells.deadline)
    amounts = _stacked(cells.counted, cells.target)
    if layout.name == "wide":
        grid.add_row(
            Text(cells.id),
            cells.actor,
            cells.title,
            Text(cells.target),
            Text(cells.counted),
            bar,
            Text(cells.deadline),
            *([Text(cells.days, style=cells.days_style)] if layout.days_column else []),
            Text(", ".join(cells.status), style=cells.style),
        )
    elif layout.name == "table":
        grid.add_row(Text(cells.id), cells.pledge, amounts, bar, when, status)
    elif layout.name == "split":
        grid.add_span(Span(cells.pledge, layout.indent, cells.id.rjust(layout.indent - GAP)))
        grid.add_row(Text(), amounts, bar, when, status)
    else:
        _add_card(grid, layout, cells, bar)


def _add_card(grid: Grid, layout: Layout, cells: PledgeCells, bar: Text) -> None:
    """`#id actor: title`, then the status and the deadline, the amounts, the bar."""
    from rich.text import Text

    room = layout.width - layout.indent
    lead = f"#{cells.id}"
    grid.add_span(Span(cells.pledge, layout.indent, lead, "bold"))
    status = [(Text(part, style=cells.style), ", ") for part in cells.status]
    if cells.deadline:
        status[-1] = (status[-1][0], " · ")
        status.append((Text("due " + cells.deadline), ", "))
        if cells.days:
            status.append((Text(cells.days_words, style=cells.days_style), ""))
    lines = [status]
    if cells.target:
        lines.append([(Text("counted " + cells.counted), " "), (Text("of " + cells.target), "")])
        lines.append([(bar, "")])
    for pieces in lines:
        grid.add_span(Span(flow(pieces, room), layout.indent))


@dataclass
class PledgeTables:
    """Grids of pledges at one terminal width, chunk after chunk, whose columns only widen."""

    width: int
    days: bool
    widths: Widths = field(default_factory=Widths)
    layout: Layout | None = None
    shown: int = 0  # pledges printed so far

    def grid(self, states: Sequence[PledgeState], parts: Collection[int] = ()) -> Grid:
        """These pledges in the widest band that fits what was seen so far, those whose ids are
        in `parts` marked as parts under their parent; a header only when the columns are new or
        have moved (a column widened for a longer id or amount), so that every header stands
        over its columns."""
        cells = [
            pledge_cells(state, days=self.days, part=state.pledge.id in parts) for state in states
        ]
        for each in cells:
            self.widths.grow(each)
        # the actor's width is fitted to the first rows; later chunks keep these columns
        rows = cells[:FITTED_ROWS] if self.layout is None else ()
        layout = choose_layout(self.widths, self.width, days=self.days, rows=rows)
        merged = layout.merged(self.layout, self.width) if self.layout else None
        header = merged is None
        self.layout = merged or layout
        blocks = self.layout.name in ("split", "cards")
        grid = Grid(
            () if self.layout.name == "cards" else self.layout.columns,
            header=header,
            blank_first=bool(self.shown) and (header or blocks),
        )
        for index, each in enumerate(cells):
            if index and blocks:
                grid.add_blank()  # between two blocks, not after the last
            add_pledge(grid, self.layout, each)
            self.shown += 1
        return grid
