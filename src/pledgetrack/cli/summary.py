"""`pledgetrack summary`: scorecards by actor, recipient, event, tag or status (kept rates:
docs/rules.md#kept-rates).

The groups and their numbers come from SQL aggregates (services.reports); this module hands them
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


@filter_options(without=("sort", "limit"))
def summary(
    ctx: typer.Context,
    filters: FilterOptions,
    by: Annotated[
        str,
        typer.Option("--by", help="actor, recipient, event, tag or status.", metavar="KEY"),
    ] = "actor",
    fmt: Format = "table",
    in_currency: InCurrency = None,
    rate_date: RateDate = None,
) -> None:
    """Summarise pledges by group: pledged, counted and % per currency, counts by status and
    kept rates (fulfilled ÷ all but withdrawn and superseded; fulfilled ÷ those with a final
    status). With --by recipient or --by tag, a pledge with several recipients or tags counts
    under each of them; the overall line counts it once. With --in CUR, each group's money
    converted into CUR too.

    Example: pledgetrack summary --by actor --as-of 2024-12-31 --in USD
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.reports import build_summary, parse_summary_key

    key = parse_summary_key(by)
    formatter = formatter_for(fmt)
    pledge_filter = filters.pledge_filter(default_sort="id")
    conversion = read_conversion(in_currency, rate_date)
    with session(ctx).open() as ledger:
        result = build_summary(ledger, pledge_filter, key, conversion)
    formatter.summary(result)
