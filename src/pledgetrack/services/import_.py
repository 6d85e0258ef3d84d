"""Importing a file into the ledger: the lossless JSON of `export --what all`, or a CSV of pledges
or of updates (DESIGN §6), all or nothing in one transaction.

Every row is read with the domain's readers and checked with the services' rules; the first bad
row stops the import with an error naming file, line and column, and nothing is written. Rows
whose uid the ledger already has are skipped. Never opens files and never prints.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

from pledgetrack.domain.amounts import parse_amount, to_milli
from pledgetrack.domain.dates import parse_date
from pledgetrack.domain.deadlines import parse_deadline
from pledgetrack.domain.model import (
    Deadline,
    Kind,
    Mode,
    NewPledge,
    NewUpdate,
    Pledge,
    Precision,
    SourceRef,
    parse_source,
    parse_stage,
    parse_verdict,
)
from pledgetrack.errors import (
    EvidenceMissingError,
    ImportRowError,
    InputError,
    UnitMismatchError,
)
from pledgetrack.services.ledger_document import import_document
from pledgetrack.services.pledges import check_update, default_stage
from pledgetrack.storage import archive, records
from pledgetrack.storage.bulk import PledgeBatch, UpdateBatch
from pledgetrack.storage.csv_rows import CsvRow, header_kind, read_csv
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.text_lines import TextLines

Progress = Callable[[int, int], None]
"""Told (done, in all) as an import goes: bytes of a CSV file, rows of a JSON document."""


@dataclass(frozen=True)
class ImportSummary:
    """What an import added, or would add with --dry-run."""

    pledges: int
    updates: int
    skipped: int
    dry_run: bool


class _DryRunDone(Exception):
    """Raised at the end of a dry run so the transaction rolls back."""


def import_data(
    ledger: Ledger,
    stream: IO[bytes],
    *,
    name: str,
    now: str,
    today: date,
    size: int = 0,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a file (JSON or CSV, told apart by how it starts) in one transaction.

    A CSV is read a line at a time, and `progress` told bytes read of `size`; a JSON document is
    read whole, and `progress` told rows done of rows in all.
    """
    lines = TextLines(stream, name)
    counts = [0, 0, 0]  # pledges, updates, skipped
    try:
        with ledger.write() as db:
            if lines.first_text().startswith(("{", "[")):
                document = _load_json(lines.rest(), name)
                counts = import_document(db, document, name=name, now=now, progress=progress)
            else:
                counts = _import_csv(
                    db, lines, name=name, now=now, today=today, size=size, progress=progress
                )
            if dry_run:
                raise _DryRunDone
    except _DryRunDone:
        pass
    return ImportSummary(pledges=counts[0], updates=counts[1], skipped=counts[2], dry_run=dry_run)


def _load_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise ImportRowError(
            f"{name} line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise ImportRowError(f"{name}: JSON nested too deeply") from None


def _import_csv(
    db: Any,
    lines: TextLines,
    *,
    name: str,
    now: str,
    today: date,
    size: int,
    progress: Progress | None,
) -> list[int]:
    header, rows = read_csv(lines, name)
    kind = header_kind(header, name)
    added = skipped = 0
    if kind == "pledges":
        known = archive.existing_uids(db, "pledges")
        pledges = PledgeBatch(db)
        for done, row in enumerate(rows, 1):
            uid, new = pledge_from_row(row, today=today)
            if uid in known:
                skipped += 1
            else:
                pledges.add(new, uid=uid, created_at=now)
                known.add(uid)
                added += 1
            if progress is not None and done % 500 == 0:
                progress(lines.bytes_read, size)
        pledges.flush()
        return [added, 0, skipped]
    known = archive.existing_uids(db, "updates")
    by_uid = archive.pledge_ids_by_uid(db)
    by_id = {pid for pid, _ in by_uid.values()}
    updates = UpdateBatch(db)
    current: Pledge | None = None
    for done, row in enumerate(rows, 1):
        pledge_id = _pledge_for(row, by_uid, by_id)
        if current is None or current.id != pledge_id:  # rows usually come pledge by pledge
            current = records.pledge(db, pledge_id)
        uid, recorded_at, update = update_from_row(row, current, today=today)
        if uid in known:
            skipped += 1
        else:
            updates.add(current, update, uid=uid, recorded_at=recorded_at or now)
            known.add(uid)
            added += 1
        if progress is not None and done % 500 == 0:
            progress(lines.bytes_read, size)
    updates.finish()
    return [0, added, skipped]


def _pledge_for(row: CsvRow, by_uid: dict[str, tuple[int, str]], by_id: set[int]) -> int:
    uid = row.get("pledge_uid")
    if uid is not None:
        if uid not in by_uid:
            raise row.fail("pledge_uid", f"no pledge with uid '{uid}' in the ledger")
        return by_uid[uid][0]
    text = row.get("pledge_id")
    if text is None:
        raise row.fail("pledge_uid", "no pledge_uid or pledge_id: which pledge is this about?")
    if not text.isdigit() or int(text) not in by_id:
        raise row.fail("pledge_id", f"no pledge with id '{text}' in the ledger")
    return int(text)


def _read(row: CsvRow, column: str, reader: Callable[[str], Any]) -> Any:
    """A cell read by a domain reader; its error becomes one naming line and column."""
    text = row.get(column)
    if text is None:
        return None
    try:
        return reader(text)
    except InputError as error:
        raise row.fail(column, str(error)) from None


def _sources(row: CsvRow) -> tuple[SourceRef, ...]:
    text = row.get("sources") or ""
    parts = (s.strip() for s in text.split(";"))
    return tuple(parse_source(s) for s in parts if s)


def pledge_from_row(row: CsvRow, *, today: date) -> tuple[str, NewPledge]:
    """A pledge CSV row as (uid, NewPledge); computed columns are ignored."""
    title = row.get("title")
    if title is None:
        raise row.fail("title", "a pledge needs a title")
    actor = row.get("actor")
    if actor is None:
        raise row.fail("actor", "a pledge needs an actor")
    amount = None
    target = row.get("target")
    if target is not None:
        unit = row.get("unit")
        try:
            amount = parse_amount(f"{target} {unit}" if unit else target)
            to_milli(amount.value)
        except InputError as error:
            raise row.fail("target", str(error)) from None
    kind = amount.kind if amount is not None else Kind.ACTION
    announced_on = _read(row, "announced_on", lambda t: parse_date(t, today=today))
    deadline = _deadline(row, announced_on, today=today)
    counts = _read(row, "counts", parse_stage) or default_stage(kind)
    tags = tuple(t.strip() for t in (row.get("tags") or "").split(";") if t.strip())
    new = NewPledge(
        title=title,
        actor=actor,
        kind=kind,
        counts=counts,
        recipient=row.get("recipient"),
        target=amount,
        deadline=deadline,
        announced_on=announced_on,
        event=row.get("event"),
        quote=row.get("quote"),
        note=row.get("note"),
        tags=tags,
        sources=_sources(row),
    )
    return row.get("uid") or str(uuid.uuid4()), new


def _deadline(row: CsvRow, announced_on: date | None, *, today: date) -> Deadline | None:
    """From the phrase as written (kept), else the ISO deadline; an ISO date beside a phrase wins
    for the date itself, since the phrase may have been read with another fiscal year."""
    on = _read(row, "deadline", lambda t: parse_date(t, today=today))
    phrase = row.get("deadline_phrase")
    if phrase is None:
        return parse_deadline(on.isoformat(), announced_on=None) if on is not None else None
    try:
        read = parse_deadline(phrase, announced_on=announced_on)
    except InputError as error:
        raise row.fail("deadline_phrase", str(error)) from None
    if on is None or read.on is None:
        return read
    precision = _read(row, "deadline_precision", _precision) or read.precision
    return Deadline(on=on, precision=precision, basis=read.basis, phrase=read.phrase)


def _precision(text: str) -> Precision:
    try:
        return Precision(text.lower())
    except ValueError:
        names = ", ".join(p.value for p in Precision)
        raise InputError(f"unknown deadline precision '{text}'; use one of: {names}") from None


def _mode(text: str) -> Mode:
    try:
        return Mode(text.lower())
    except ValueError:
        raise InputError(f"unknown mode '{text}'; use increment or total") from None


def update_from_row(
    row: CsvRow, pledge: Pledge, *, today: date
) -> tuple[str, str | None, NewUpdate]:
    """An update CSV row as (uid, recorded_at or None, NewUpdate), checked like `update`."""
    if row.get("happened_on") is None:
        raise row.fail("happened_on", "an update needs the date it happened")
    happened_on = _read(row, "happened_on", lambda t: parse_date(t, today=today))
    stage = _read(row, "stage", parse_stage)
    amount = None
    text = row.get("amount")
    if text is not None:
        unit = row.get("unit")
        default_unit = pledge.target.unit if pledge.target else None
        try:
            amount = parse_amount(
                f"{text} {unit}" if unit else text, allow_negative=True, default_unit=default_unit
            )
            to_milli(amount.value)
        except InputError as error:
            raise row.fail("amount", str(error)) from None
    mode = _read(row, "mode", _mode)
    if amount is None and mode is not None:
        raise row.fail("mode", "a mode without an amount")
    if amount is not None:
        mode = mode or Mode.INCREMENT
        stage = stage or pledge.counts
    elif stage is not None:
        raise row.fail("stage", "a stage without an amount")
    new = NewUpdate(
        happened_on=happened_on,
        stage=stage,
        amount=amount,
        mode=mode,
        verdict=_read(row, "status", parse_verdict),
        note=row.get("note"),
        quote=row.get("quote"),
        sources=_sources(row),
    )
    try:
        check_update(pledge, new)
    except EvidenceMissingError as error:
        raise row.fail("status", str(error)) from None
    except UnitMismatchError as error:
        raise row.fail("unit", str(error)) from None
    except InputError as error:
        raise row.fail("amount", str(error)) from None
    return row.get("uid") or str(uuid.uuid4()), row.get("recorded_at"), new
