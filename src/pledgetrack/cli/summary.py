"""`pledgetrack summary`: scorecards by actor, recipient, event, tag or status (kept rates:
docs/rules.md#kept-rates).

The groups and their numbers come from SQL aggregates (services.reports); this module renders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from pledgetrack.cli.options import FilterOptions, Format, filter_options, read_format
from pledgetrack.cli.session import session

if TYPE_CHECKING:
    from pledgetrack.services.reports import Summary, Tally


@filter_options(without=("sort", "limit"))
def summary(
    ctx: typer.Context,
    filters: FilterOptions,
    by: Annotated[
        str,
        typer.Option("--by", help="actor, recipient, event, tag or status.", metavar="KEY"),
    ] = "actor",
    fmt: Format = "table",
) -> None:
    """Summarise pledges by group: pledged, counted and % per currency, counts by status and
    kept rates (fulfilled ÷ all but withdrawn and superseded; fulfilled ÷ those with a final
    status). A pledge with several tags counts under each of them with --by tag.

    Example: pledgetrack summary --by actor --as-of 2024-12-31
    """
    from pledgetrack.cli.output import emit, emit_text, stdout_console
    from pledgetrack.cli.report_view import summary_view
    from pledgetrack.services.reports import build_summary, parse_summary_key

    key = parse_summary_key(by)
    fmt = read_format(fmt)
    pledge_filter = filters.pledge_filter(default_sort="id")
    with session(ctx).open() as ledger:
        result = build_summary(ledger, pledge_filter, key)
    if fmt == "table":
        emit(summary_view(result, stdout_console().width))
    else:
        emit_text(summary_text(result, fmt))


def tally_record(tally: Tally) -> dict[str, Any]:
    """A group's numbers as JSON-ready values."""
    from pledgetrack.formats.fields import json_record, rounded_progress

    return {
        "pledges": tally.pledges,
        "by_status": {status.value: n for status, n in tally.by_status.items()},
        "overdue": tally.overdue,
        "due_soon": tally.due_soon,
        "totals": [
            json_record(
                {
                    "unit": t.unit,
                    "kind": t.kind,
                    "pledges": t.pledges,
                    "pledged": t.pledged,
                    "counted": t.counted,
                    "progress": rounded_progress(t.progress),
                }
            )
            for t in tally.totals
        ],
        **json_record(
            {
                "kept_rate": rounded_progress(tally.kept_rate),
                "kept_rate_final": rounded_progress(tally.kept_rate_final),
            }
        ),
    }


def summary_text(result: Summary, fmt: str) -> str:
    """The summary as json, ndjson (one group a line), or csv/markdown (one row per unit)."""
    import json

    from pledgetrack.cli.render import records_text
    from pledgetrack.domain.model import Status
    from pledgetrack.formats.fields import dumps, rounded_progress

    if fmt in ("json", "ndjson"):
        records = [{result.by: g.name, **tally_record(g.tally)} for g in result.groups]
        if fmt == "json":
            return dumps(records)
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    statuses = [s.value for s in Status]
    columns = [result.by, "pledges", "unit", "unit_pledges", "pledged", "counted", "progress"]
    columns += [*statuses, "overdue", "due_soon", "kept_rate", "kept_rate_final"]
    rows: list[dict[str, Any]] = []
    for group in result.groups:
        tally = group.tally
        common: dict[str, Any] = {
            result.by: group.name,
            "pledges": tally.pledges,
            **{s: tally.by_status.get(Status(s), 0) for s in statuses},
            "overdue": tally.overdue,
            "due_soon": tally.due_soon,
            "kept_rate": rounded_progress(tally.kept_rate),
            "kept_rate_final": rounded_progress(tally.kept_rate_final),
        }
        for total in tally.totals or (None,):
            unit: dict[str, Any] = {}
            if total is not None:
                unit = {
                    "unit": total.unit,
                    "unit_pledges": total.pledges,
                    "pledged": total.pledged,
                    "counted": total.counted,
                    "progress": rounded_progress(total.progress),
                }
            rows.append({**common, **unit})
    return records_text(rows, columns, fmt)
