"""One writer per machine-readable format (docs/formats.md): JSON, NDJSON, CSV and Markdown.

Every command that prints or exports records picks its writer once, with `writer_for`, and hands
it the records as a stream: each writer writes a record as it arrives, so the first line of a
large export leaves before the last record is read. Records hold Python values (Decimal, date,
lists, nested mappings); turning them into JSON values or CSV cells happens here and in
`formats.fields`, nowhere else. Writes to a text stream the caller opened; never opens files.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from pledgetrack.domain.choices import parse_choice
from pledgetrack.domain.text import clean_line
from pledgetrack.errors import FileProblemError
from pledgetrack.formats.fields import csv_cell, json_record, json_text
from pledgetrack.formats.lines import MAX_LINE_CHARS

Record = Mapping[str, Any]


class RecordWriter(Protocol):
    """Writes records to a text stream in one format."""

    @property
    def nested(self) -> bool:
        """Whether a record may hold lists of records (JSON, NDJSON) or must be flat rows."""
        ...

    def write(self, out: IO[str], columns: Sequence[str], records: Iterable[Record]) -> None:
        """Write every record; flat formats write `columns` in that order (a header first)."""
        ...

    def write_one(self, out: IO[str], columns: Sequence[str], record: Record) -> None:
        """Write a single record as a document of its own (`show`)."""
        ...


def _started(records: Iterable[Record]) -> Iterator[Record]:
    """The records, with the first already read: an error in reading it (a query that fails)
    comes before anything is written, so no half document is left on stdout."""
    rows = iter(records)
    first = next(rows, None)
    return rows if first is None else itertools.chain((first,), rows)


def _indented(record: Record, depth: int) -> str:
    """A record as `json.dumps(indent=2)` writes it `depth` levels inside a document."""
    return json_text(json_record(record), indent=2, level=depth)


def _write_array(out: IO[str], records: Iterable[Record], depth: int) -> None:
    inner = "\n" + "  " * (depth + 1)
    records = _started(records)
    out.write("[")
    empty = True
    for record in records:
        out.write(("" if empty else ",") + inner + _indented(record, depth + 1))
        empty = False
    out.write("]" if empty else "\n" + "  " * depth + "]")


@dataclass(frozen=True)
class JsonWriter:
    """A JSON array of records, indented by two spaces, non-ASCII text as typed."""

    nested: bool = True

    def write(self, out: IO[str], columns: Sequence[str], records: Iterable[Record]) -> None:
        """Write `[...]` exactly as `json.dumps(indent=2)` would, one record at a time."""
        _write_array(out, records, depth=0)
        out.write("\n")

    def write_one(self, out: IO[str], columns: Sequence[str], record: Record) -> None:
        """Write one JSON object."""
        out.write(_indented(record, 0) + "\n")


@dataclass(frozen=True)
class NdjsonWriter:
    """One JSON object a line; nothing at all for no records."""

    nested: bool = True

    def write(self, out: IO[str], columns: Sequence[str], records: Iterable[Record]) -> None:
        """Write each record on its own line."""
        for record in records:
            self.write_one(out, columns, record)

    def write_one(self, out: IO[str], columns: Sequence[str], record: Record) -> None:
        """Write one record on one line."""
        out.write(json_text(json_record(record)) + "\n")


@dataclass(frozen=True)
class CsvWriter:
    """A header row, then one row per record; `raw` keeps formula-like text unguarded.

    A row that `import` could not read back (a cell or a line longer than `MAX_LINE_CHARS`) is
    refused before any of it is written.
    """

    raw: bool = False
    nested: bool = False

    def write(self, out: IO[str], columns: Sequence[str], records: Iterable[Record]) -> None:
        """Write the header and the rows."""
        records = _started(records)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            row = [csv_cell(record.get(column), raw=self.raw) for column in columns]
            # Quoting at most doubles a cell and adds three characters: most rows are short
            # enough that only a long one needs looking at line by line.
            if 2 * sum(map(len, row)) + 3 * len(row) > MAX_LINE_CHARS:
                _check_fits(columns, row, record)
            writer.writerow(row)

    def write_one(self, out: IO[str], columns: Sequence[str], record: Record) -> None:
        """Write the header and one row."""
        self.write(out, columns, [record])


def _check_fits(columns: Sequence[str], row: Sequence[str], record: Record) -> None:
    """Refuse a row with a cell, or a line, longer than import reads."""
    written = io.StringIO()
    csv.writer(written, lineterminator="\n").writerow(row)
    longest_line = max(len(line) for line in written.getvalue().split("\n"))
    column, cell = max(zip(columns, row, strict=True), key=lambda pair: len(pair[1]))
    if len(cell) > MAX_LINE_CHARS:
        why = f"its {column} has {len(cell):,} characters"
    elif longest_line > MAX_LINE_CHARS:
        why = f"its row makes a CSV line of {longest_line:,} characters"
    else:
        return
    raise FileProblemError(
        f"{_record_name(record)}: {why}, more than the {MAX_LINE_CHARS:,} that pledgetrack "
        "imports from a CSV; export it with `export --what all --format json`, which keeps "
        "it whole"
    )


def _record_name(record: Record) -> str:
    """A pledge or update as an error names it: its id and uid."""
    if "pledge_uid" in record:
        return f"the update {record.get('uid')} of pledge {record.get('pledge_id')}"
    if "uid" in record:
        return f"pledge {record.get('id')} (uid {record.get('uid')})"
    return "a row"


def markdown_cell(text: str) -> str:
    """A Markdown table cell: one line, `|` and `\\` escaped."""
    return clean_line(text).replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table of text cells."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    lines += ["| " + " | ".join(markdown_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class MarkdownWriter:
    """A GitHub-flavoured Markdown table with the CSV's cells (unguarded: no spreadsheet runs
    Markdown)."""

    nested: bool = False

    def write(self, out: IO[str], columns: Sequence[str], records: Iterable[Record]) -> None:
        """Write the header lines, then a line per record."""
        records = _started(records)
        out.write(markdown_table(columns, []) + "\n")
        for record in records:
            cells = [markdown_cell(csv_cell(record.get(c), raw=True)) for c in columns]
            out.write("| " + " | ".join(cells) + " |\n")

    def write_one(self, out: IO[str], columns: Sequence[str], record: Record) -> None:
        """Write a table of one row."""
        self.write(out, columns, [record])


RECORD_FORMATS = ("json", "ndjson", "csv", "markdown")


def writer_for(fmt: str, *, raw: bool = False) -> RecordWriter:
    """The writer of a machine format: json, ndjson, csv or markdown."""
    fmt = parse_choice(fmt, RECORD_FORMATS, "unknown format {text}")
    if fmt == "json":
        return JsonWriter()
    if fmt == "ndjson":
        return NdjsonWriter()
    if fmt == "csv":
        return CsvWriter(raw=raw)
    return MarkdownWriter()


def write_document(
    out: IO[str], header: Record, sections: Iterable[tuple[str, Iterable[Record]]]
) -> None:
    """Write `{**header, section: [records]...}` exactly as `json.dumps(indent=2)` would, each
    section streamed record by record (the whole-ledger export)."""
    out.write("{")
    first = True
    for key, value in header.items():
        out.write(("\n" if first else ",\n") + f"  {json.dumps(key)}: ")
        out.write(json_text(value))
        first = False
    for key, records in sections:
        out.write(("\n" if first else ",\n") + f"  {json.dumps(key)}: ")
        first = False
        _write_array(out, records, depth=1)
    out.write("\n}\n" if not first else "}\n")


def write_document_lines(
    out: IO[str], header: Record, sections: Iterable[tuple[str, Iterable[Record]]]
) -> None:
    """The whole-ledger document one record a line (`export --what all --format ndjson`): the
    header first, then each record as `{"section": record}`, in the document's fixed order, so
    two exports of the same ledger are the same bytes and a diff shows one line per record."""
    out.write(json_text(header) + "\n")
    for key, records in sections:
        for record in records:
            out.write(json_text({key: json_record(record)}) + "\n")
