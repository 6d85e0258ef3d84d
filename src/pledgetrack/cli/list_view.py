"""The `list` and `search` table: printed a chunk at a time as pledges are read, so a long list
starts at once and never sits whole in memory. The design per width is pledge_table's; here the
pledges are cut into chunks. Functions here build and return; `output.emit` prints."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pledgetrack.cli.pledge_table import PledgeTables
from pledgetrack.domain.model import PledgeState

if TYPE_CHECKING:
    from rich.console import RenderableType

CHUNK_ROWS = 100


def list_view(states: Iterable[PledgeState], width: int) -> Iterator[RenderableType]:
    """The `list` table in chunks of CHUNK_ROWS pledges, each built as its pledges are read, so
    the first lines print before the last pledge is read.

    A column only ever widens from chunk to chunk (to fit a longer id, amount or status), so the
    rows stay aligned under the one header; a chunk that no longer fits the band chosen so far
    is printed in the next narrower band, under a header of its own.
    """
    tables = PledgeTables(width, days=False)
    rows = iter(states)
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield tables.grid(chunk)
