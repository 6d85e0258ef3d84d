"""The `rate list` table: a row per rate (its id, day, `1 USD = 17.05 MXN` and source), or a
block of lines per rate where that does not fit. Nothing is cut: the source and note wrap.
Functions here build and return; `output.emit` prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pledgetrack.cli.grid import GAP, Column, Grid, Span
from pledgetrack.cli.output import literal

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pledgetrack.domain.exchange import ExchangeRate

MIN_SOURCE = 20  # the least room for the source column; below it, blocks


def _said(rate: ExchangeRate, replaced_by: ExchangeRate | None) -> str:
    """The source, then the note and what replaces the rate."""
    text = rate.source
    if rate.note:
        text += f" — {rate.note}"
    if replaced_by is not None:
        text += f" (replaced by rate {replaced_by.id})"
    return text


def rates_view(
    rates: Sequence[tuple[ExchangeRate, ExchangeRate | None]], width: int
) -> RenderableType:
    """The rates as a table of this width, or as blocks of lines."""
    ids = [str(rate.id) for rate, _ in rates]
    pairs = [rate.text() for rate, _ in rates]
    id_width = max(len("id"), *(len(i) for i in ids))
    pair_width = max(len("rate"), *(len(p) for p in pairs))
    fixed = id_width + len("2024-03-01") + pair_width + 3 * GAP
    if width - fixed >= MIN_SOURCE:
        grid = Grid(
            [
                Column("id", id_width, right=True),
                Column("day", len("2024-03-01")),
                Column("rate", pair_width),
                Column("source", width - fixed),
            ]
        )
        for (rate, replaced_by), rate_id, pair in zip(rates, ids, pairs, strict=True):
            style = "dim" if replaced_by is not None else ""
            grid.add_row(
                literal(rate_id, style),
                literal(rate.on.isoformat(), style),
                literal(pair, style),
                literal(_said(rate, replaced_by), style),
            )
        return grid
    blocks = Grid(())
    for index, ((rate, replaced_by), rate_id, pair) in enumerate(
        zip(rates, ids, pairs, strict=True)
    ):
        if index:
            blocks.add_blank()
        blocks.add_span(Span(literal(f"#{rate_id} {rate.on.isoformat()}", "bold")))
        blocks.add_span(Span(literal(pair), GAP))
        blocks.add_span(Span(literal(_said(rate, replaced_by)), GAP))
    return blocks
