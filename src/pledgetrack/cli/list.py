"""`pledgetrack list`: one pledge a line, with its counted progress and status."""

from __future__ import annotations

import typer

from pledgetrack.cli.options import FilterOptions, Format, filter_options
from pledgetrack.cli.session import session


@filter_options(without=("within",))
def list_pledges(ctx: typer.Context, filters: FilterOptions, fmt: Format = "table") -> None:
    """List pledges, one a line (by id unless --sort says otherwise).

    Example: pledgetrack list --actor Mexico --format json
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.pledge_views import list_pledges as select

    formatter = formatter_for(fmt)
    pledge_filter = filters.pledge_filter(default_sort="id")
    with session(ctx).open() as ledger:
        formatter.pledges(select(ledger, pledge_filter))
