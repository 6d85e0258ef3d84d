"""The one table layout of the terminal views: rows of cells at column widths the view chose,
paragraphs across the whole width, and lines of unbreakable pieces.

A view measures its cells, picks widths that add up to no more than the terminal and hands them
here; nothing is narrowed behind its back (Rich's own Table shrinks no-wrap columns and cuts
them with `…` when a table is too wide, which is how amounts and dates used to lose digits).
A cell wraps at spaces within its column, a word longer than the column folds; `flow` puts
pieces such as amounts and dates on lines without ever splitting one. Functions here build and
return; `output.emit` prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.segment import Segment
    from rich.text import Text

GAP = 2  # spaces between two columns


@dataclass(frozen=True)
class Column:
    """A column's header (lines split at `\\n`), width and alignment."""

    header: str
    width: int
    right: bool = False


@dataclass(frozen=True)
class Span:
    """A paragraph across the grid's width, its lines indented by `indent`: `lead` sits in the
    first `indent` cells of its first line; or the first line is indented by `first` instead."""

    text: Text
    indent: int = 0
    lead: str = ""
    lead_style: str = ""
    first: int | None = None


def flow(pieces: Sequence[tuple[Text | str, str]], room: int | None) -> Text:
    """Pieces on as few lines of `room` cells as they fit (one line when None). A piece is
    followed by its separator while the next stays on its line, and by the separator's mark
    alone (`·`, `,`) at the end of a line; a piece is never split (one longer than `room` has a
    line of its own). A piece is Text (user text, or styled) or a str of pledgetrack's own
    words and figures. The text is joined once, its styles placed at their offsets, as for a
    line of cells (a summary flows thousands)."""
    from rich.cells import cell_len
    from rich.text import Span, Text

    out: list[str] = []
    spans: list[Span] = []
    at = used = 0
    for index, (piece, sep) in enumerate(pieces):
        text = piece if isinstance(piece, str) else piece.plain
        cells = cell_len(text)
        need = cells + (0 if index == len(pieces) - 1 else len(sep.rstrip()))
        before = pieces[index - 1][1] if index else ""
        if index and room is not None and used + len(before) + need > room:
            before = before.rstrip() + "\n"
            used = 0
        elif index:
            used += len(before)
        out.append(before)
        at += len(before)
        if not isinstance(piece, str):
            if piece.style:
                spans.append(Span(at, at + len(text), piece.style))
            spans += [Span(at + start, at + end, style) for start, end, style in piece.spans]
        out.append(text)
        at += len(text)
        used += cells
    return Text("".join(out), spans=spans)


def _cell_lines(console: Console, cell: Text, width: int) -> list[Text]:
    """A cell's lines at `width`: wrapped at spaces, a word longer than the width folded. A cell
    whose every line already fits (an amount over its target, a date over its days) is split
    at its line breaks, as wrapping it would, without measuring where to break."""
    if not cell:
        return []
    if _plain(cell) and all(_fits(line, width) for line in cell.plain.split("\n")):
        return list(cell.split(allow_blank=True))
    return list(cell.wrap(console, width, overflow="fold"))


def _plain(cell: Text) -> bool:
    """Whether wrapping a cell only breaks its lines (no tabs to expand, no justification)."""
    return not cell.no_wrap and cell.justify in (None, "default") and "\t" not in cell.plain


def _fits(text: str, width: int) -> bool:
    """Whether a line fits `width` as it is, with no space at its end to strip."""
    from rich.cells import cell_len

    return cell_len(text) <= width and text == text.rstrip()


def _one_line(cell: Text, width: int) -> bool:
    """Whether a cell is one line that fits `width` as it is, so that wrapping it would give
    it back unchanged (and no trailing space to strip): most cells are, and drawing them
    without wrapping makes a table of thousands of cells several times faster."""
    return _plain(cell) and "\n" not in cell.plain and _fits(cell.plain, width)


def _indented(line: Text, indent: int) -> Text:
    """`line` after `indent` spaces: the Text `Text.assemble` would make of them, built at once
    (a summary indents thousands)."""
    from rich.text import Span, Text

    spans = [Span(indent, indent + len(line.plain), line.style)] if line.style else []
    spans += [Span(indent + start, indent + end, style) for start, end, style in line.spans]
    return Text(" " * indent + line.plain, spans=spans)


def _pad(line: Text, width: int, *, right: bool) -> Text:
    from rich.text import Text

    room = width - line.cell_len
    if room <= 0:
        return line
    return Text.assemble(" " * room, line) if right else Text.assemble(line, " " * room)


class Grid:
    """Rows of cells under an optional header and rule, and paragraphs across the width."""

    def __init__(
        self, columns: Sequence[Column], *, header: bool = True, blank_first: bool = False
    ) -> None:
        self.columns = list(columns)
        self.header = header and bool(columns)
        self.blank_first = blank_first  # an empty line first, after what came before
        self.rows: list[Sequence[Text] | Span | None] = []

    @property
    def width(self) -> int:
        """The cells the columns take, with the gaps between them."""
        return sum(c.width for c in self.columns) + GAP * max(len(self.columns) - 1, 0)

    def add_row(self, *cells: Text) -> None:
        """A row: one cell per column, wrapped at the column's width."""
        self.rows.append(cells)

    def add_span(self, span: Span) -> None:
        """A paragraph across the whole width."""
        self.rows.append(span)

    def add_blank(self) -> None:
        """An empty line."""
        self.rows.append(None)

    def _cells(self, console: Console, cells: Sequence[Text]) -> Iterator[Text]:
        from rich.text import Text

        pairs = zip(self.columns, cells, strict=True)
        if all(_one_line(cell, column.width) for column, cell in pairs):
            yield self._line(cells)  # most rows: one line, the cells as they are
            return
        columns: list[list[Text]] = []
        for column, cell in zip(self.columns, cells, strict=True):
            lines = _cell_lines(console, cell, column.width)
            for line in lines:
                line.rstrip()
            columns.append(lines)
        for row in range(max(len(lines) for lines in columns)):
            yield self._line([lines[row] if row < len(lines) else Text() for lines in columns])

    def _line(self, cells: Sequence[Text]) -> Text:
        """One line of a row, from a line of each cell (one that fits its column), padded to
        the column: the line `Text.append_text` would build from them, its text joined once and
        its styles placed at their offsets (a summary draws thousands)."""
        from rich.text import Span, Text

        pieces: list[str] = []
        spans: list[Span] = []
        at = 0
        for index, (column, cell) in enumerate(zip(self.columns, cells, strict=True)):
            room = max(column.width - cell.cell_len, 0)
            before = (GAP if index else 0) + (room if column.right else 0)
            text = cell.plain
            pieces += [" " * before, text, "" if column.right else " " * room]
            at += before
            if cell.style:
                spans.append(Span(at, at + len(text), cell.style))
            spans += [Span(at + start, at + end, style) for start, end, style in cell.spans]
            at += len(text) + (0 if column.right else room)
        line = Text("".join(pieces), spans=spans)
        line.rstrip()
        return line

    def _span(self, console: Console, span: Span, width: int) -> Iterator[Text]:
        from rich.text import Text

        first = span.indent if span.first is None else span.first
        room = max(width - max(span.indent, first), 1)
        for index, line in enumerate(_cell_lines(console, span.text, room)):
            line.rstrip()
            if index == 0 and span.lead:
                lead = Text(span.lead, style=span.lead_style)
                yield Text.assemble(_pad(lead, first, right=False), line)
            else:
                yield _indented(line, first if index == 0 else span.indent)

    def lines(self, console: Console, width: int) -> Iterator[Text]:
        """The grid as lines of at most `width` cells (the columns were chosen to fit)."""
        from rich.text import Text

        if self.blank_first:
            yield Text()
        if self.header:
            headers = [Text(c.header, style="bold") for c in self.columns]
            yield from self._cells(console, headers)
            yield Text("─" * self.width, style="dim")
        for row in self.rows:
            if row is None:
                yield Text()
            elif isinstance(row, Span):
                yield from self._span(console, row, width)
            else:
                yield from self._cells(console, row)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.segment import Segment

        for line in self.lines(console, options.max_width):
            yield from line.render(console)
            yield Segment.line()
