"""The views of `extract`: the table of an article's candidates, and the card of one candidate
in review, with its sentence and the words that made it highlighted.

The table has two bands, chosen from the widths of its cells so that no index, amount, date or
pledger is ever cut: `wide`, one row a candidate (index, pledger, target, deadline, part, and
the title taking the room left), and `cards`, a block of lines a candidate with each figure
whole on its line. The card is a block too, whatever the width. Functions here build and
return; `output.emit` prints. User text enters only through `literal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pledgetrack.cli.grid import GAP, Column, Grid, Span, flow
from pledgetrack.cli.output import literal
from pledgetrack.domain.amounts import QUALIFIER_WORDS, RATE_WORDS, format_target
from pledgetrack.domain.text import clean_line

if TYPE_CHECKING:
    from rich.text import Text

    from pledgetrack.domain.extraction.candidate import Candidate

ACTOR_MAX = 22  # a wider pledger column would take lines from the title
TARGET_MAX = 34  # a target longer than this wraps after its figure
TARGET_MIN = 20
TITLE_MIN = 24  # the least room `wide` leaves the title; below it, `cards`
LABEL = 12  # the room of a card's labels (`recipients` and a space or two)
FIGURE_STYLE = "bold yellow"
DEADLINE_STYLE = "bold cyan"
CUE_STYLE = "underline"


def deadline_cell(candidate: Candidate) -> str:
    """The deadline as an ISO date; the phrase as written when it counts from a published date
    that was not given; empty without a deadline."""
    deadline = candidate.deadline
    if deadline is None:
        return ""
    return deadline.on.isoformat() if deadline.on else clean_line(deadline.phrase)


def link_cell(candidate: Candidate) -> str:
    """`part of #1`, `total with #2`, `running total`; empty for a pledge of its own."""
    if candidate.part_of is not None:
        return f"part of #{candidate.part_of}"
    if candidate.cumulative_of is not None:
        return f"total with #{candidate.cumulative_of}"
    return "running total" if candidate.cumulative else ""


def target_pieces(candidate: Candidate) -> tuple[str, str, str]:
    """A target in three pieces: the qualifier's words, the figure that is never broken (`EUR
    50,000,000,000`, `15,000 to 20,000`, `30%`), and what follows it (a unit, a rate)."""
    reading = candidate.reading
    full = clean_line(format_target(reading))  # a unit is typed text
    qualifier = QUALIFIER_WORDS[reading.qualifier.value] if reading.qualifier else ""
    rest = full.removeprefix(qualifier).strip()
    rate = RATE_WORDS[reading.rate.value] if reading.rate else ""
    rest = rest.removesuffix(rate).strip()
    amount = reading.amount
    if amount.kind.value == "money" or amount.unit == "%":
        return qualifier, rest, rate
    unit = clean_line(amount.unit)
    figure = rest.removesuffix(unit).strip()
    return qualifier, figure, f"{unit} {rate}".strip()


def target_cell(candidate: Candidate, width: int) -> Text:
    """The target on one line when it fits `width`, else its figure on a line of its own."""
    from rich.text import Text

    before, figure, after = target_pieces(candidate)
    full = " ".join(p for p in (before, figure, after) if p)
    if len(full) <= width:
        return Text(full)
    return Text("\n".join(p for p in (before, f"{figure} {after}".strip()) if p))


@dataclass(frozen=True)
class _Cells:
    index: str
    actor: Text
    target: tuple[str, str, str]
    deadline: str
    link: str
    title: Text
    candidate: Candidate


def _cells(candidate: Candidate) -> _Cells:
    return _Cells(
        index=f"#{candidate.index}",
        actor=literal(candidate.actor or "?", "bold"),
        target=target_pieces(candidate),
        deadline=deadline_cell(candidate),
        link=link_cell(candidate),
        title=literal(candidate.title),
        candidate=candidate,
    )


def candidates_view(found: Sequence[Candidate], width: int) -> Grid:
    """The candidates of one text at this terminal's width: the widest target column that
    leaves the title its room, else the narrowest that keeps every figure whole, else cards."""
    cells = [_cells(c) for c in found]
    index = max(len(c.index) for c in cells)
    deadline = max(len("deadline"), *(len(c.deadline) for c in cells))
    link = max((len(c.link) for c in cells), default=0)
    actor = min(ACTOR_MAX, max(len("pledger"), *(c.actor.cell_len for c in cells)))
    least = max(len("target"), *(len(c.target[1]) for c in cells))
    whole = max(least, *(len(" ".join(p for p in c.target if p)) for c in cells))
    for target in dict.fromkeys((min(whole, TARGET_MAX), max(least, min(whole, TARGET_MIN)))):
        columns = [
            Column("#", index, right=True),
            Column("pledger", actor),
            Column("target", max(target, least), right=True),
            Column("deadline", deadline),
            *([Column("part", link)] if link else []),
        ]
        room = width - sum(c.width for c in columns) - GAP * len(columns)
        if room >= TITLE_MIN:
            return _table(cells, [*columns, Column("title", room)], bool(link))
    return _cards(cells, width, index)


def _table(cells: Sequence[_Cells], columns: list[Column], link: bool) -> Grid:
    grid = Grid(columns)
    target = columns[2].width
    for each in cells:
        texts = [
            _text(each.index),
            each.actor,
            target_cell(each.candidate, target),
            _text(each.deadline),
        ]
        if link:
            texts.append(_text(each.link))
        grid.add_row(*texts, each.title)
    return grid


def _text(text: str | Text, style: str = "") -> Text:
    from rich.text import Text

    return text if isinstance(text, Text) else Text(text, style=style)


def _cards(cells: Sequence[_Cells], width: int, index: int) -> Grid:
    """A block a candidate: `#1 pledger: title`, then its figures, each whole on its line."""
    from rich.text import Text

    indent = index + 1 + GAP
    grid = Grid([], header=False)
    for number, each in enumerate(cells):
        if number:
            grid.add_blank()
        head = Text.assemble(each.actor, ": ", each.title)
        grid.add_span(Span(head, indent, each.index, "bold"))
        before, figure, after = each.target
        pieces = [(Text(p), " ") for p in (before,) if p]
        pieces.append((Text(figure), " " if after else " · "))
        if after:
            pieces.append((Text(after), " · "))
        if each.deadline:
            pieces.append((Text("due " + each.deadline), " · "))
        if each.link:
            pieces.append((Text(each.link), ""))
        grid.add_span(Span(flow(pieces, max(width - indent, 1)), indent))
    return grid


def highlighted(candidate: Candidate, text: str) -> Text:
    """The candidate's sentence with its figure, deadline and cue marked (offsets in `text`,
    the article)."""
    from rich.text import Text

    quote = Text(clean_line(candidate.quote))
    if len(quote.plain) != candidate.end - candidate.start:
        return quote  # the sentence had control characters: shown, unmarked
    for span, style in (
        (candidate.figure, FIGURE_STYLE),
        (candidate.deadline_at, DEADLINE_STYLE),
        (candidate.cue_at, CUE_STYLE),
    ):
        if span is not None:
            quote.stylize(style, span.start - candidate.start, span.end - candidate.start)
    return quote


@dataclass(frozen=True)
class CardFields:
    """What a card shows beside the sentence, as the draft reads now: each a label and a
    value, the value already cleaned for one line."""

    rows: Sequence[tuple[str, str]]
    problem: str | None = None  # why the draft cannot be added as it stands


def card(
    candidate: Candidate, article: str, fields: CardFields, *, position: str, width: int
) -> Grid:
    """One candidate in review: where it stands, its sentence highlighted, then its fields."""
    from rich.text import Text

    grid = Grid([], header=False, blank_first=True)
    grid.add_span(Span(Text(position, style="bold")))
    grid.add_span(Span(Text("─" * max(min(width, 100), 1), style="dim")))
    grid.add_span(Span(highlighted(candidate, article)))
    grid.add_blank()
    narrow = width < LABEL + TITLE_MIN
    for label, value in fields.rows:
        if narrow:
            grid.add_span(Span(Text(label, style="dim")))
            grid.add_span(Span(Text(value), 2))
        else:
            grid.add_span(Span(Text(value), LABEL, label, "dim"))
    if fields.problem:
        grid.add_blank()
        grid.add_span(Span(Text("Error: " + fields.problem, style="red")))
    return grid
