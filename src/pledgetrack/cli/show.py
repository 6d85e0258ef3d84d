"""`pledgetrack show`: one pledge, its sources, its computed state and its timeline."""

from __future__ import annotations

import typer

from pledgetrack.cli.options import AsOf, Format, PledgeId, read_as_of
from pledgetrack.cli.session import session


def show(
    ctx: typer.Context,
    pledge_id: PledgeId,
    as_of: AsOf = None,
    fmt: Format = "table",
) -> None:
    """Show one pledge, its sources and its history as a timeline, oldest first.

    Example: pledgetrack show 1 --as-of 2024-12-31
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.pledge_views import pledge_detail

    formatter = formatter_for(fmt)
    as_of_date = read_as_of(as_of)
    with session(ctx).open() as ledger:
        detail = pledge_detail(ledger, pledge_id, as_of=as_of_date)
    formatter.detail(detail)
