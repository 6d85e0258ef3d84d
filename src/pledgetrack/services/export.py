"""Exporting the ledger (docs/formats.md): pledges or updates as CSV, JSON or NDJSON, or the
whole ledger as one lossless JSON document that `import` reads back.

Streams records from storage to a text stream the caller opened; never opens files, never prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from pledgetrack.domain.choices import parse_choice
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.errors import ChoiceError
from pledgetrack.formats.fields import (
    PLEDGE_FIELDS,
    UPDATE_FIELDS,
    pledge_fields,
    update_fields,
)
from pledgetrack.formats.writers import write_document, write_document_lines, writer_for
from pledgetrack.storage import archive, records
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.selection import pledge_states

WHATS = ("pledges", "updates", "all")
EXPORT_FORMATS = ("csv", "json", "ndjson", "xlsx")


def parse_what(text: str) -> str:
    """What to export: pledges, updates or all."""
    return parse_choice(text, WHATS, "cannot export {text}")


def parse_export_format(text: str) -> str:
    """An export format: csv, json, ndjson or xlsx."""
    return parse_choice(text, EXPORT_FORMATS, "unknown export format {text}")


def check_whole_ledger(fmt: str, *, filtered: bool) -> None:
    """`--what all` is the lossless document of everything as stored, in JSON or NDJSON."""
    if fmt not in ("json", "ndjson"):
        raise ChoiceError(
            "--what all is the whole ledger as one JSON document or one record a line: "
            "use --format json or ndjson"
        )
    if filtered:
        raise ChoiceError(
            "--what all exports the whole ledger as stored; filters and --as-of go with "
            "--what pledges or --what updates"
        )


def pledge_records(ledger: Ledger, pledge_filter: PledgeFilter) -> Iterator[dict[str, Any]]:
    """The selected pledges as the documented fields, computed ones as of the filter's date."""
    for state in pledge_states(ledger.db, pledge_filter):
        yield pledge_fields(state)


def update_records(ledger: Ledger, pledge_filter: PledgeFilter) -> Iterator[dict[str, Any]]:
    """The updates of the selected pledges, pledge by pledge, oldest first."""
    for state in pledge_states(ledger.db, pledge_filter):
        for update in records.updates_for(ledger.db, state.pledge.id):
            yield update_fields(update)


def write_export(
    ledger: Ledger,
    out: IO[str],
    *,
    what: str,
    fmt: str,
    pledge_filter: PledgeFilter,
    raw: bool = False,
) -> None:
    """Write the export to `out` as it is read, never holding the ledger in memory."""
    if what == "all":
        write_whole_ledger(ledger, out, lines=fmt == "ndjson")
        return
    columns: tuple[str, ...]
    if what == "pledges":
        columns, rows = PLEDGE_FIELDS, pledge_records(ledger, pledge_filter)
    else:
        columns, rows = UPDATE_FIELDS, update_records(ledger, pledge_filter)
    writer_for(fmt, raw=raw).write(out, columns, rows)


def write_workbook(
    ledger: Ledger, out: IO[bytes], *, what: str, pledge_filter: PledgeFilter
) -> None:
    """The export as an xlsx workbook of one sheet (`pledges` or `updates`)."""
    from pledgetrack.formats.xlsx import write_xlsx

    if what == "pledges":
        write_xlsx(out, "pledges", PLEDGE_FIELDS, pledge_records(ledger, pledge_filter))
    else:
        write_xlsx(out, "updates", UPDATE_FIELDS, update_records(ledger, pledge_filter))


def write_whole_ledger(ledger: Ledger, out: IO[str], *, lines: bool = False) -> None:
    """The lossless document: a format marker, actors, events, pledges (with their edit history),
    updates; everything as stored, so that importing it into an empty ledger gives it back."""
    header = {"format": archive.FORMAT_NAME, "version": archive.FORMAT_VERSION}
    if lines:
        write_document_lines(out, header, archive.ledger_sections(ledger.db))
    else:
        write_document(out, header, archive.ledger_sections(ledger.db))
