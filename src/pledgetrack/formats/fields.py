"""The documented fields (docs/formats.md), shared by every machine-readable output and by import.

`pledge_fields`, `update_fields` and `summary_records` lay domain objects out as the documented
records; `csv_cell` and `json_value` turn one value into text or JSON (the guard and list escaping
of a CSV cell are `formats.cells`). The writers of whole formats are in `formats.writers`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pledgetrack.domain.amounts import format_plain
from pledgetrack.domain.exchange import ExchangeRate
from pledgetrack.domain.model import (
    AmountReading,
    Basis,
    Deadline,
    PledgeState,
    SourceRef,
    Status,
    Update,
)
from pledgetrack.domain.progress import LeftOut
from pledgetrack.domain.tallies import (
    ConversionNote,
    ConvertedTotals,
    Summary,
    Tally,
    UnitTotal,
)
from pledgetrack.domain.text import clean_text
from pledgetrack.formats.cells import guard, join_list

if TYPE_CHECKING:
    from pledgetrack.domain.extraction.candidate import Candidate

PLEDGE_FIELDS = (
    "uid", "id", "title", "actor", "recipient", "kind", "target", "unit", "target_high",
    "target_qualifier", "target_rate", "target_text", "counts", "counted", "progress",
    "deadline", "deadline_precision", "deadline_phrase", "announced_on", "event", "tags",
    "status", "overdue", "days_overdue", "due_soon", "late", "conflict", "as_of", "sources",
    "quote", "note", "parent_uid",
)  # fmt: skip
UPDATE_FIELDS = (
    "uid", "pledge_uid", "pledge_id", "happened_on", "recorded_at", "stage", "amount", "unit",
    "mode", "status", "note", "sources", "quote", "voided_at", "void_note",
)  # fmt: skip
RATE_FIELDS = (
    "uid", "id", "valid_on", "base", "rate", "counter", "source", "note", "recorded_at",
    "replaced_by",
)  # fmt: skip
CANDIDATE_FIELDS = (
    "file", "index", "quote", "start", "end", "actor", "recipients", "target", "unit",
    "qualifier", "high", "rate", "target_text", "deadline", "deadline_phrase", "cue",
    "part_of", "cumulative", "cumulative_of", "title", "why",
)  # fmt: skip
"""The fields of an `extract` candidate (docs/formats.md#candidates)."""
PROGRESS_PLACES = Decimal("0.000001")


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
        "recipient": list(pledge.recipients),
        "kind": pledge.kind.value,
        "target": pledge.target.value if pledge.target else None,
        "unit": pledge.target.unit if pledge.target else None,
        "target_high": pledge.target_high,
        "target_qualifier": pledge.target_qualifier.value if pledge.target_qualifier else None,
        "target_rate": pledge.target_rate.value if pledge.target_rate else None,
        "target_text": pledge.target_text,
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
        "as_of": state.as_of,
        "sources": [source_text(s) for s in pledge.sources],
        "quote": pledge.quote,
        "note": pledge.note,
        "parent_uid": pledge.parent_uid,
    }


def candidate_fields(candidate: Candidate, file: str) -> dict[str, Any]:
    """A candidate pledge of `extract` as the documented fields; `start` and `end` are the
    quote's character offsets in the text of `file`."""
    reading = candidate.reading
    deadline = candidate.deadline
    return {
        "file": file,
        "index": candidate.index,
        "quote": candidate.quote,
        "start": candidate.start,
        "end": candidate.end,
        "actor": candidate.actor,
        "recipients": list(candidate.recipients),
        "target": reading.amount.value,
        "unit": candidate.unit,
        "qualifier": reading.qualifier.value if reading.qualifier else None,
        "high": reading.high,
        "rate": reading.rate.value if reading.rate else None,
        "target_text": reading.text,
        "deadline": deadline.on if deadline else None,
        "deadline_phrase": deadline.phrase if deadline else None,
        "cue": candidate.cue or None,
        "part_of": candidate.part_of,
        "cumulative": candidate.cumulative,
        "cumulative_of": candidate.cumulative_of,
        "title": candidate.title,
        "why": candidate.why,
    }


def deadline_fields(
    deadline: Deadline, *, announced_on: date | None, fiscal_start: tuple[int, int] | None
) -> dict[str, Any]:
    """How a deadline phrase was read (`due --format json`)."""
    return {
        "deadline": deadline.on,
        "precision": deadline.precision.value if deadline.precision else None,
        "basis": deadline.basis.value if deadline.basis else None,
        "phrase": deadline.phrase,
        "counted_from": announced_on if deadline.basis is Basis.RELATIVE else None,
        "fiscal_start": f"{fiscal_start[0]:02d}-{fiscal_start[1]:02d}" if fiscal_start else None,
    }


def amount_fields(reading: AmountReading) -> dict[str, Any]:
    """How an amount's wording was read (`amount --format json`)."""
    return {
        "value": reading.amount.value,
        "unit": reading.amount.unit,
        "kind": reading.amount.kind.value,
        "qualifier": reading.qualifier.value if reading.qualifier else None,
        "qualifier_text": reading.qualifier_text,
        "high": reading.high,
        "rate": reading.rate.value if reading.rate else None,
        "text": reading.text,
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
        "voided_at": update.void.voided_at if update.void else None,
        "void_note": update.void.note if update.void else None,
    }


def rate_fields(rate: ExchangeRate, replaced_by: ExchangeRate | None) -> dict[str, Any]:
    """A recorded exchange rate as the documented fields: one `base` is `rate` `counter` on
    `valid_on`; `replaced_by` is the id of a later rate for the same pair and day."""
    return {
        "uid": rate.uid,
        "id": rate.id,
        "valid_on": rate.on,
        "base": rate.base,
        "rate": rate.rate,
        "counter": rate.counter,
        "source": rate.source,
        "note": rate.note,
        "recorded_at": rate.recorded_at,
        "replaced_by": replaced_by.id if replaced_by is not None else None,
    }


def json_value(value: Any) -> Any:
    """A field ready for `json_text`: ISO dates; amounts stay Decimal, written as exact numbers."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, Mapping):
        return json_record(value)
    return value


def json_record(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A record ready for `json_text`."""
    return {key: json_value(value) for key, value in fields.items()}


def json_text(value: Any, *, indent: int | None = None, level: int = 0) -> str:
    """JSON as `json.dumps(value, ensure_ascii=False, indent=indent)` writes it, except that a
    Decimal is written as the number it is, digit for digit (`1500000000.125`): every amount is
    a JSON number, never rounded through a float and never a string."""
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, Mapping):
        items = [
            f"{json.dumps(str(key), ensure_ascii=False)}: "
            + json_text(item, indent=indent, level=level + 1)
            for key, item in value.items()
        ]
        return _joined("{", items, "}", indent, level)
    if isinstance(value, list | tuple):
        items = [json_text(item, indent=indent, level=level + 1) for item in value]
        return _joined("[", items, "]", indent, level)
    return json.dumps(value, ensure_ascii=False)


def _joined(opening: str, items: list[str], closing: str, indent: int | None, level: int) -> str:
    if not items:
        return opening + closing
    if indent is None:
        return opening + ", ".join(items) + closing
    inner = "\n" + " " * (indent * (level + 1))
    return opening + inner + ("," + inner).join(items) + "\n" + " " * (indent * level) + closing


def csv_cell(value: Any, *, raw: bool = False) -> str:
    """One CSV cell: plain numbers, ISO dates, `;`-joined lists, text without control characters
    and, unless `raw`, guarded where it starts like a formula (`formats.cells`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_plain(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    # Escape sequences and control characters never reach a viewer; they are taken out first, so
    # that the guard judges the text a spreadsheet will read, and item by item, so that taking
    # them out cannot undo the escaping of a `;`.
    if isinstance(value, list | tuple):
        text = join_list(clean_text(str(v)) for v in value)
    else:
        text = clean_text(str(value))
    return text if raw else guard(text)


def _total_record(total: UnitTotal) -> dict[str, Any]:
    return {
        "unit": total.unit,
        "rate": total.rate,
        "kind": total.kind,
        "pledges": total.pledges,
        "pledged": total.pledged,
        "counted": total.counted,
        "progress": rounded_progress(total.progress),
    }


def converted_record(converted: ConvertedTotals, note: ConversionNote | None) -> dict[str, Any]:
    """A group's money converted into one currency: its totals (one per rate), how many pledges
    were left out, and each amount that had no rate."""
    return {
        "currency": converted.currency,
        "rate_date": note.rate_date if note is not None else None,
        "totals": [_total_record(t) for t in converted.totals],
        "left_out": converted.left_out,
        "not_converted": [
            {
                "pledge_id": item.pledge_id,
                "what": item.what,
                "amount": item.amount.value,
                "unit": item.amount.unit,
                "on": item.on,
                "why": item.why,
            }
            for item in converted.not_converted
        ],
    }


def tally_record(tally: Tally, note: ConversionNote | None = None) -> dict[str, Any]:
    """A group's numbers as one nested record: counts by status, flags, totals per unit; with a
    conversion, the converted totals too."""
    record = {
        "pledges": tally.pledges,
        "by_status": {status.value: n for status, n in tally.by_status.items()},
        "overdue": tally.overdue,
        "due_soon": tally.due_soon,
        "totals": [_total_record(t) for t in tally.totals],
        "kept_rate": rounded_progress(tally.kept_rate),
        "kept_rate_final": rounded_progress(tally.kept_rate_final),
    }
    if tally.converted is not None:
        record["converted"] = converted_record(tally.converted, note)
    return record


def summary_records(summary: Summary) -> Iterator[dict[str, Any]]:
    """The summary as nested records (JSON, NDJSON): one a group."""
    for group in summary.groups:
        yield {summary.by: group.name, **tally_record(group.tally, summary.conversion)}


CONVERTED_COLUMNS = ("converted", "left_out")
"""With --in: whether a row's totals are converted into that currency, and how many pledges
its group leaves out of them."""


def summary_columns(by: str, *, converted: bool = False) -> tuple[str, ...]:
    """The columns of the flat summary (CSV, Markdown): the group, then one unit's numbers (and,
    converting, CONVERTED_COLUMNS)."""
    statuses = tuple(s.value for s in Status)
    return (
        by, "pledges", "unit", "rate", "unit_pledges", "pledged", "counted", "progress",
        *statuses, "overdue", "due_soon", "kept_rate", "kept_rate_final",
        *(CONVERTED_COLUMNS if converted else ()),
    )  # fmt: skip


def summary_rows(summary: Summary) -> Iterator[dict[str, Any]]:
    """The summary as flat rows (CSV, Markdown): one per group and unit, the group's counts
    repeated on each of its rows; converting, one more per converted total."""
    for group in summary.groups:
        tally = group.tally
        common: dict[str, Any] = {
            summary.by: group.name,
            "pledges": tally.pledges,
            **{s.value: tally.by_status.get(s, 0) for s in Status},
            "overdue": tally.overdue,
            "due_soon": tally.due_soon,
            "kept_rate": rounded_progress(tally.kept_rate),
            "kept_rate_final": rounded_progress(tally.kept_rate_final),
        }
        rows: list[tuple[UnitTotal | None, bool]] = [(t, False) for t in tally.totals]
        if tally.converted is not None:
            common["left_out"] = tally.converted.left_out
            rows += [(t, True) for t in tally.converted.totals]
        for total, converted in rows or [(None, False)]:
            unit: dict[str, Any] = {}
            if total is not None:
                unit = {
                    "unit": total.unit,
                    "rate": total.rate,
                    "unit_pledges": total.pledges,
                    "pledged": total.pledged,
                    "counted": total.counted,
                    "progress": rounded_progress(total.progress),
                }
            if tally.converted is not None:
                unit["converted"] = converted
            yield {**common, **unit}


def pledge_document(
    state: PledgeState,
    updates: Iterable[Update],
    parts: Iterable[PledgeState] = (),
    *,
    in_parent: Mapping[int, Decimal] | None = None,
    left_out: Mapping[int, LeftOut] | None = None,
) -> dict[str, Any]:
    """A pledge with its updates inside it, and a parent's parts (`show --format json`); a part
    (each of a parent's, or the pledge itself) with what its parent counts of it in the
    parent's unit (`counted_in_parent`: `in_parent`), or why it leaves it out (`left_out`)."""

    def in_tree(record: PledgeState) -> dict[str, Any]:
        part_id = record.pledge.id
        why = (left_out or {}).get(part_id)
        return {
            "counted_in_parent": (in_parent or {}).get(part_id),
            "left_out": f"left out of its parent's counted amount, {why.text()}" if why else None,
        }

    document = {
        **pledge_fields(state),
        "updates": [update_fields(u) for u in updates],
        "parts": [{**pledge_fields(part), **in_tree(part)} for part in parts],
    }
    if state.pledge.parent_uid is not None:
        document.update(in_tree(state))
    return document
