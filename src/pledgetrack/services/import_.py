"""Importing a file into the ledger: a whole-ledger export (JSON or NDJSON), merged by uid
(services.merge), or a CSV of pledges or of updates (docs/formats.md), in one transaction.

Every row is read and checked as `add` and `update` read and check what is typed
(services.csv_intake, a row at a time); the first bad row stops the import with an error
naming file, line and column, and nothing is written. Rows of a CSV whose uid the ledger
already has are skipped; a uid on two rows of one file is a bad row. A merge writes everything
but the conflicts it leaves. A dry run checks and plans everything and writes nothing. Never
opens files and never prints.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from pledgetrack.domain.model import (
    Pledge,
)
from pledgetrack.domain.text import quoted
from pledgetrack.errors import ImportRowError, InputError, TotalTooLargeError
from pledgetrack.formats.csv_rows import CsvRow, header_kind, read_csv
from pledgetrack.formats.ledger_records import load_ledger_text
from pledgetrack.formats.lines import TextLines
from pledgetrack.services.csv_intake import (
    pledge_from_row,
    row_cells,
    short_id,
    update_from_row,
    void_from_row,
)
from pledgetrack.services.duplicates import Duplicates, duplicate_message
from pledgetrack.services.merge import plan_merge
from pledgetrack.services.merge_plan import MergePlan
from pledgetrack.services.merge_writes import write_merge
from pledgetrack.services.parts import ImportedLink, link_imported
from pledgetrack.services.uids import new_uid
from pledgetrack.storage import archive, records, states
from pledgetrack.storage.bulk import PledgeBatch, UpdateBatch
from pledgetrack.storage.import_lines import Clash, ImportLines
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.rates import rate_book

Progress = Callable[[int, int], None]
"""Told (done, in all) as an import goes: bytes of a CSV file, rows of a JSON document."""


@dataclass(frozen=True)
class ImportSummary:
    """What an import added, or would add with --dry-run; a merge's plan for a whole-ledger
    export."""

    pledges: int
    updates: int
    skipped: int
    dry_run: bool
    rates: int = 0
    merge: MergePlan | None = None


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
    allow_duplicates: bool = False,
    prefer: str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a file (a whole-ledger export or a CSV, told apart by how it starts) in one
    transaction; `prefer` (mine or theirs) settles a merge's conflicts.

    A CSV is read a line at a time, and `progress` told bytes read of `size`; a whole-ledger
    export is read whole, and `progress` told records done of records in all.
    """
    lines = TextLines(stream, name)
    summary = ImportSummary(0, 0, 0, dry_run)
    try:
        with ledger.write() as db:
            if lines.first_text().startswith(("{", "[")):
                with _no_cycle_collection():
                    document = load_ledger_text(lines.rest(), name)
                    plan = plan_merge(
                        db,
                        document,
                        name=name,
                        today=today,
                        now=now,
                        prefer=prefer,
                        allow_duplicates=allow_duplicates,
                        progress=progress,
                    )
                    if not dry_run:
                        write_merge(db, plan)
                unchanged = sum(plan.unchanged.values())
                added = plan.added
                summary = ImportSummary(
                    added["pledges"],
                    added["updates"],
                    unchanged,
                    dry_run,
                    rates=added.get("rates", 0),
                    merge=plan,
                )
            else:
                if prefer is not None:
                    raise InputError(
                        f"--prefer settles the conflicts of merging a whole-ledger export; "
                        f"{name} is a CSV, which adds rows and changes none",
                        field="prefer",
                    )
                counts = _import_csv(
                    db,
                    lines,
                    name=name,
                    now=now,
                    today=today,
                    size=size,
                    progress=progress,
                    allow_duplicates=allow_duplicates,
                )
                summary = ImportSummary(counts[0], counts[1], counts[2], dry_run)
            if dry_run:
                raise _DryRunDone
    except _DryRunDone:
        pass
    return summary


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a merge holds both ledgers' records: it would walk
    the hundreds of thousands of them again and again as they are built (a quarter of a
    10,000-pledge merge), and they make no cycles to collect."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _import_csv(
    db: Any,
    lines: TextLines,
    *,
    name: str,
    now: str,
    today: date,
    size: int,
    progress: Progress | None,
    allow_duplicates: bool = False,
) -> list[int]:
    """Import a CSV of pledges or of updates, read and checked `ROWS_AHEAD` rows at a time: the
    uids a chunk gives are checked against the rows before it and the ledger, and the pledges
    its updates name are read, in a query or two per chunk; the rows are then read in order, so
    the first bad row is the one named. Only a chunk of rows is held at a time."""
    header, rows = read_csv(lines, name)
    kind = header_kind(header, name)
    added = skipped = done = 0
    seen = ImportLines(db)  # every row's uid (given or made) and its line
    # A uid the ledger had before is skipped; in a ledger that had none, only a uid given on two
    # rows of the file could be found there, and that is refused first.
    table = "pledges" if kind == "pledges" else "updates"
    had_rows = archive.has_rows(db, table)

    def known(uids: list[str]) -> set[str]:
        return archive.uids_present(db, table, uids) if had_rows else set()

    if kind == "pledges":
        duplicates = Duplicates(db)
        pledges = PledgeBatch(db)
        links: list[ImportedLink] = []
        for chunk in _chunks(rows):
            uids, clash = _uids(chunk, seen)
            present = known(uids)
            for index, (row, uid) in enumerate(zip(chunk, uids, strict=True)):
                _refuse_clash(row, uid, index, clash)
                new = pledge_from_row(row, today=today)
                matched, pledge_id = duplicates.match(new)
                added_here = False
                if uid in present:
                    skipped += 1
                elif matched and not allow_duplicates:
                    if row.get("uid") is not None:  # a record of its own, not this file again
                        raise row.fail("title", duplicate_message(pledge_id))
                    skipped += 1  # a file without uids imported again adds nothing
                else:
                    duplicates.add(new)
                    with row_cells(row, {}):  # two recipients that are one actor by the aliases
                        pledges.add(new, uid=uid, created_at=now)
                    added += 1
                    added_here = True
                parent_uid = row.get("parent_uid")
                if parent_uid is not None:
                    links.append(ImportedLink(uid, parent_uid, added_here, _failing(row)))
                done += 1
                if progress is not None and done % 500 == 0:
                    progress(lines.bytes_read, size)
        pledges.flush()
        link_imported(db, links)  # the file's parents are all in now, wherever they were in it
        return [added, 0, skipped]
    updates = UpdateBatch(db)
    book = rate_book(db)
    voids: list[tuple[int, str, str, str]] = []  # (pledge, update uid, voided_at, note)
    by_uid: dict[str, Pledge] = {}
    by_id: dict[int, Pledge] = {}
    for chunk in _chunks(rows):
        uids, clash = _uids(chunk, seen)
        present = known(uids)
        by_uid, by_id = _pledges_named(db, chunk, by_uid, by_id)
        for index, (row, uid) in enumerate(zip(chunk, uids, strict=True)):
            _refuse_clash(row, uid, index, clash)
            pledge = _pledge_for(row, by_uid, by_id)
            recorded_at, update = update_from_row(row, pledge, today=today, rates=book)
            void = void_from_row(row)
            if void is not None:
                voids.append((pledge.id, uid, *void))
            if uid in present:
                skipped += 1
            else:
                updates.add(pledge, update, uid=uid, recorded_at=recorded_at or now)
                added += 1
            done += 1
            if progress is not None and done % 500 == 0:
                progress(lines.bytes_read, size)
    try:
        updates.finish()
    except TotalTooLargeError as error:
        line = seen.line_of(error.update_uid)
        if line is None:  # an update the ledger had, dated after the file's
            raise ImportRowError(f"{name}: {error}") from None
        raise CsvRow(name, line, {}).fail("amount", str(error)) from None
    voided = {
        pledge_id
        for pledge_id, uid, voided_at, note in voids
        if archive.add_void(db, uid, new_uid(), voided_at, note)
    }
    states.refresh_many(db, voided)
    return [0, added, skipped]


ROWS_AHEAD = 1000
"""Rows read ahead of the one being checked, so what they need is read together."""


def _chunks(rows: Iterator[CsvRow]) -> Iterator[list[CsvRow]]:
    """The rows, `ROWS_AHEAD` at a time."""
    while chunk := list(itertools.islice(rows, ROWS_AHEAD)):
        yield chunk


def _uids(chunk: list[CsvRow], seen: ImportLines) -> tuple[list[str], Clash | None]:
    """Each row's uid, given or made up, and the first row of the chunk whose given uid is one
    an earlier row of the file gave, if any."""
    uids = [row.get("uid") or new_uid() for row in chunk]
    return uids, seen.add([(uid, row.line) for uid, row in zip(uids, chunk, strict=True)])


def _refuse_clash(row: CsvRow, uid: str, index: int, clash: Clash | None) -> None:
    """Refuse a uid the file has given on another row: one of the two would be dropped."""
    if clash is not None and clash.index == index:
        raise row.fail(
            "uid", f"uid '{uid}' is on line {clash.line} as well; each row needs its own uid"
        )


def _pledges_named(
    db: Any, chunk: list[CsvRow], by_uid: dict[str, Pledge], by_id: dict[int, Pledge]
) -> tuple[dict[str, Pledge], dict[int, Pledge]]:
    """The ledger's pledges the chunk's update rows name, by uid and by short id (a row naming
    none fails in its turn, after the rows before it); those the chunk before named too are
    kept, not read again (a pledge's rows often run on into the next chunk)."""
    uids = {uid for row in chunk if (uid := row.get("pledge_uid")) is not None}
    ids = {
        pledge_id
        for row in chunk
        if row.get("pledge_uid") is None
        and (pledge_id := short_id(row.get("pledge_id") or "")) is not None
    }
    kept = [by_uid[uid] for uid in uids if uid in by_uid]
    kept += [by_id[i] for i in ids if i in by_id]
    named = kept + records.pledges_named(db, uids=uids - by_uid.keys(), ids=ids - by_id.keys())
    return {p.uid: p for p in named}, {p.id: p for p in named}


def _failing(row: CsvRow) -> Callable[[str], Exception]:
    """The error of a bad parent_uid cell of this row."""
    return lambda why: row.fail("parent_uid", why)


def _pledge_for(row: CsvRow, by_uid: dict[str, Pledge], by_id: dict[int, Pledge]) -> Pledge:
    """The pledge an update row names, among those its chunk names (`_pledges_named`)."""
    uid = row.get("pledge_uid")
    if uid is not None:
        if uid not in by_uid:
            raise row.fail("pledge_uid", f"no pledge with uid {quoted(uid)} in the ledger")
        return by_uid[uid]
    text = row.get("pledge_id")
    if text is None:
        raise row.fail("pledge_uid", "no pledge_uid or pledge_id: which pledge is this about?")
    pledge_id = short_id(text)
    if pledge_id is None or pledge_id not in by_id:
        raise row.fail("pledge_id", f"no pledge with id {quoted(text)} in the ledger")
    return by_id[pledge_id]
