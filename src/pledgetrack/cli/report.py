"""`pledgetrack report`: the status table (README "report"), with counts and totals under it.

The rows shown and the aggregates come from SQL (services.reports); this module only renders.
"""

from __future__ import annotations

import typer

from pledgetrack.cli.options import FilterOptions, Format, filter_options, read_format
from pledgetrack.cli.session import session


@filter_options()
def report(ctx: typer.Context, filters: FilterOptions, fmt: Format = "table") -> None:
    """Report each pledge's status as of a date: most overdue first, then the nearest deadline.

    Under the table: how many pledges have each status, and what was pledged and counted in
    each currency or unit (over every pledge selected, not only those shown with --limit).

    Example: pledgetrack report --as-of 2024-12-31 --status open --actor Mexico
    """
    from pledgetrack.cli.output import emit, emit_text, literal, stdout_console
    from pledgetrack.cli.render import records_text
    from pledgetrack.cli.report_view import report_markdown, report_view
    from pledgetrack.formats.fields import PLEDGE_FIELDS, pledge_fields
    from pledgetrack.services.reports import build_report

    fmt = read_format(fmt)
    pledge_filter = filters.pledge_filter(default_sort="overdue")
    with session(ctx).open() as ledger:
        result = build_report(ledger, pledge_filter)
    if fmt == "table":
        if not result.states:
            emit(literal(f"No pledges match (as of {result.as_of_text})."))
        else:
            emit(report_view(result, stdout_console().width))
    elif fmt == "markdown":
        emit_text(report_markdown(result))
    else:
        text = records_text([pledge_fields(s) for s in result.states], PLEDGE_FIELDS, fmt)
        if text or fmt != "ndjson":
            emit_text(text)
