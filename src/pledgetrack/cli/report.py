"""`pledgetrack report`: the status table (README "report"), with counts and totals under it.

The rows shown and the aggregates come from SQL (services.reports); this module hands the result
to the formatter of `--format`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli.options import (
    FilterOptions,
    Format,
    InCurrency,
    RateDate,
    filter_options,
    read_conversion,
)
from pledgetrack.cli.session import session


@filter_options()
def report(
    ctx: typer.Context,
    filters: FilterOptions,
    fmt: Format = "table",
    in_currency: InCurrency = None,
    rate_date: RateDate = None,
    flat: Annotated[
        bool, typer.Option("--flat", help="One row per pledge: parts not under their parent.")
    ] = False,
) -> None:
    """Report each pledge's status as of a date: most overdue first, then the nearest deadline.

    The parts of a pledge are shown under it (--flat: each in its own place), and --limit
    counts the pledges at the top. Under the table: how many pledges have each status, and what
    was pledged and counted in each currency or unit (over every pledge selected, not only those
    shown with --limit; a parent and its parts count once, as the parent); with --in CUR, the
    money of every currency converted into CUR too, with what could not be.

    Example: pledgetrack report --as-of 2024-12-31 --status open --actor Mexico --in USD
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.reports import build_report

    formatter = formatter_for(fmt)
    pledge_filter = filters.pledge_filter(default_sort="overdue")
    conversion = read_conversion(in_currency, rate_date)
    with session(ctx).open() as ledger:
        result = build_report(ledger, pledge_filter, conversion, flat=flat)
    formatter.report(result)
