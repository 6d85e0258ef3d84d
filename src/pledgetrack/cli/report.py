"""`pledgetrack report`: the status table (README "report"), with counts and totals under it.

The rows shown and the aggregates come from SQL (services.reports); this module hands the result
to the formatter of `--format`.
"""

from __future__ import annotations

import typer

from pledgetrack.cli.options import FilterOptions, Format, filter_options
from pledgetrack.cli.session import session


@filter_options()
def report(ctx: typer.Context, filters: FilterOptions, fmt: Format = "table") -> None:
    """Report each pledge's status as of a date: most overdue first, then the nearest deadline.

    Under the table: how many pledges have each status, and what was pledged and counted in
    each currency or unit (over every pledge selected, not only those shown with --limit).

    Example: pledgetrack report --as-of 2024-12-31 --status open --actor Mexico
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.reports import build_report

    formatter = formatter_for(fmt)
    pledge_filter = filters.pledge_filter(default_sort="overdue")
    with session(ctx).open() as ledger:
        result = build_report(ledger, pledge_filter)
    formatter.report(result)
