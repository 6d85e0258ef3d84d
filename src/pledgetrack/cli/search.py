"""`pledgetrack search`: full-text search over titles, wording, notes and sources."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli.options import FilterOptions, Format, filter_options
from pledgetrack.cli.session import session


@filter_options(without=("due_before", "due_after", "within"))
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for.")],
    filters: FilterOptions,
    fmt: Format = "table",
) -> None:
    """Find pledges by the words of their title, wording (quote), notes and sources, including
    the notes and sources of their updates. Every word must appear; punctuation is taken as
    written (U.S., fact-sheet), and accents are ignored.

    Example: pledgetrack search "H-2B visas" --status open
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.pledge_views import search_pledges

    formatter = formatter_for(fmt)
    pledge_filter = filters.pledge_filter(default_sort="id")
    with session(ctx).open() as ledger:
        formatter.pledges(search_pledges(ledger, text, pledge_filter))
