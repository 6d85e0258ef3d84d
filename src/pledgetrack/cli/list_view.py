"""The `list` and `search` table: printed a chunk at a time as pledges are read, so a long list
starts at once and never sits whole in memory. Functions here build and return; `output.emit`
prints. User text enters only through `literal`."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pledgetrack.cli import render
from pledgetrack.cli.output import literal
from pledgetrack.cli.report_view import MIN_TITLE, pledge_blocks
from pledgetrack.domain.model import PledgeState

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

CHUNK_ROWS = 100
ACTOR_WIDTH = 24  # longer names fold onto a second line


def pledge_row(state: PledgeState) -> list[Text]:
    """A pledge's cells in the `list` table, in the order of PLEDGE_COLUMNS."""
    pledge = state.pledge
    return [
        literal(str(pledge.id)),
        literal(pledge.actor),
        literal(pledge.title),
        literal(render.amount_text(pledge.target)),
        literal(render.counted_text(state)),
        literal(render.percent_text(state.progress)),
        literal(pledge.deadline.on.isoformat() if pledge.deadline and pledge.deadline.on else ""),
        literal(render.status_label(state), render.status_style(state)),
    ]


PLEDGE_COLUMNS = ("id", "actor", "title", "target", "counted", "%", "deadline", "status")
RIGHT_ALIGNED = frozenset({"id", "target", "counted", "%"})
FOLDED = ("actor", "status")  # wrap onto more lines at a space when room is short
GAPS = 3 * (len(PLEDGE_COLUMNS) - 1)  # a space, the rule and a space between two columns


def list_view(states: Iterable[PledgeState], width: int) -> Iterator[RenderableType]:
    """The `list` table in chunks of CHUNK_ROWS rows, each built as its rows are read, so the
    first lines print before the last pledge is read; only the first has the header.

    Columns keep one width from chunk to chunk (a column only ever widens, to fit a longer id,
    amount or status); the title takes the room that is left. Amounts, dates and statuses are
    never cut off: a chunk whose columns leave the title less than MIN_TITLE is printed as
    blocks of lines instead.
    """
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    natural = {name: cell_len(name) for name in PLEDGE_COLUMNS}  # the widest cell so far
    longest_word = {name: cell_len(name) for name in FOLDED}  # what folding cannot go below
    rows = iter(states)
    first = True
    while states_chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        chunk = [pledge_row(state) for state in states_chunk]
        for row in chunk:
            for name, cell in zip(PLEDGE_COLUMNS, row, strict=True):
                natural[name] = max(natural[name], cell.cell_len)
                if name in FOLDED:
                    words = [cell_len(w) for w in cell.plain.split()]
                    longest_word[name] = max([longest_word[name], *words])
        widths = dict(natural, actor=min(natural["actor"], ACTOR_WIDTH))
        room = width - GAPS - MIN_TITLE
        if sum(w for name, w in widths.items() if name != "title") > room:
            widths.update({name: min(widths[name], longest_word[name]) for name in FOLDED})
        if sum(w for name, w in widths.items() if name != "title") > room:
            yield pledge_blocks(states_chunk)
            continue
        table = Table(
            box=box.HEAVY_HEAD, show_edge=False, pad_edge=False, expand=True, show_header=first
        )
        for name in PLEDGE_COLUMNS:
            if name == "title":
                table.add_column(name, overflow="fold", ratio=1, min_width=8)
            else:
                table.add_column(
                    name,
                    justify="right" if name in RIGHT_ALIGNED else "left",
                    width=widths[name],
                    no_wrap=name not in FOLDED,
                    overflow="fold",
                )
        for row in chunk:
            table.add_row(*row)
        yield table
        first = False
