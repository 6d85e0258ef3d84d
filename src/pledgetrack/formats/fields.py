"""The documented fields (docs/formats.md), shared by every machine-readable output and by import.

`pledge_fields` and `update_fields` flatten domain objects into the documented columns;
`csv_cell` and `json_value` write one value; spreadsheet-formula text is neutralised here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pledgetrack.domain.amounts import format_plain
from pledgetrack.domain.model import PledgeState, SourceRef, Update
from pledgetrack.domain.text import clean_text

PLEDGE_FIELDS = (
    "uid", "id", "title", "actor", "recipient", "kind", "target", "unit", "counts", "counted",
    "progress", "deadline", "deadline_precision", "deadline_phrase", "announced_on", "event",
    "tags", "status", "overdue", "days_overdue", "due_soon", "late", "conflict", "sources",
    "quote", "note",
)  # fmt: skip
UPDATE_FIELDS = (
    "uid", "pledge_uid", "pledge_id", "happened_on", "recorded_at", "stage", "amount", "unit",
    "mode", "status", "note", "sources", "quote",
)  # fmt: skip
PROGRESS_PLACES = Decimal("0.000001")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def source_text(source: SourceRef) -> str:
    """One source as a single string: its URL, else its citation."""
    return source.url or source.citation or ""


def pledge_fields(state: PledgeState) -> dict[str, Any]:
    """A pledge and its computed state as the documented fields (Python values, not text)."""
    pledge = state.pledge
    deadline = pledge.deadline
    return {
        "uid": pledge.uid,
        "id": pledge.id,
        "title": pledge.title,
        "actor": pledge.actor,
        "recipient": pledge.recipient,
        "kind": pledge.kind.value,
        "target": pledge.target.value if pledge.target else None,
        "unit": pledge.target.unit if pledge.target else None,
        "counts": pledge.counts.value,
        "counted": state.counted,
        "progress": rounded_progress(state.progress),
        "deadline": deadline.on if deadline else None,
        "deadline_precision": deadline.precision.value if deadline and deadline.precision else None,
        "deadline_phrase": deadline.phrase if deadline else None,
        "announced_on": pledge.announced_on,
        "event": pledge.event,
        "tags": list(pledge.tags),
        "status": state.status.value,
        "overdue": state.overdue,
        "days_overdue": state.days_overdue,
        "due_soon": state.due_soon,
        "late": state.late,
        "conflict": state.conflict,
        "sources": [source_text(s) for s in pledge.sources],
        "quote": pledge.quote,
        "note": pledge.note,
    }


def rounded_progress(progress: Decimal | None) -> Decimal | None:
    """Progress as a fraction to six decimal places (a ratio, so exactness beyond that is noise)."""
    if progress is None:
        return None
    return progress.quantize(PROGRESS_PLACES).normalize()


def update_fields(update: Update) -> dict[str, Any]:
    """An update as the documented fields."""
    return {
        "uid": update.uid,
        "pledge_uid": update.pledge_uid,
        "pledge_id": update.pledge_id,
        "happened_on": update.happened_on,
        "recorded_at": update.recorded_at,
        "stage": update.stage.value if update.stage else None,
        "amount": update.amount.value if update.amount else None,
        "unit": update.amount.unit if update.amount else None,
        "mode": update.mode.value if update.mode else None,
        "status": update.verdict.value if update.verdict else None,
        "note": update.note,
        "sources": [source_text(s) for s in update.sources],
        "quote": update.quote,
    }


def json_value(value: Any) -> Any:
    """A field as JSON: ISO dates, exact numbers (ints, or floats only where they are exact)."""
    if isinstance(value, Decimal):
        return decimal_json(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value


def decimal_json(value: Decimal) -> int | float | str:
    """An exact JSON number: an int when whole, a float when it round-trips, else a string."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return as_float
    return format_plain(value)


def json_record(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A record ready for json.dumps."""
    return {key: json_value(value) for key, value in fields.items()}


def dumps(document: Any) -> str:
    """JSON text, keeping non-ASCII characters as typed."""
    return json.dumps(document, ensure_ascii=False, indent=2)


def csv_cell(value: Any, *, raw: bool = False) -> str:
    """One CSV cell: plain numbers, ISO dates, `;`-joined lists, formula-like text neutralised."""
    if isinstance(value, str):
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, Decimal):
        return format_plain(value)
    elif isinstance(value, int | float):
        return str(value)
    elif isinstance(value, date):
        return value.isoformat()
    elif isinstance(value, list | tuple):
        text = ";".join(str(v) for v in value)
    else:
        text = str(value)
    if not raw and text.startswith(FORMULA_STARTS):
        text = "'" + text
    return clean_text(text)  # escape sequences and control characters never reach a viewer


def write_csv(
    out: io.TextIOBase | Any,
    columns: Sequence[str],
    records: Iterable[Mapping[str, Any]],
    *,
    raw: bool = False,
) -> None:
    """Write a header and one row per record to a text stream."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([csv_cell(record.get(column), raw=raw) for column in columns])
