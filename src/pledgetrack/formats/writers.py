"""One writer per machine-readable format (docs/formats.md): JSON, NDJSON, CSV and Markdown.

Every command that prints or exports records picks its writer once, with `writer_for`, and hands
it the records as a stream: each writer writes a record as it arrives, so the first line of a
large export leaves before the last record is read. Records hold Python values (Decimal, date,
lists, nested mappings); turning them into JSON values or CSV cells happens here and in
`formats.fields`, nowhere else. Writes to a text stream the caller opened; never opens files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from pledgetrack.domain.choices import parse_choice
from pledgetrack.domain.text import clean_line
from pledgetrack.formats.fields import csv_cell, json_record

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


def _indented(record: Record, depth: int) -> str:
    """A record as `json.dumps(indent=2)` writes it `depth` levels inside a document."""
    text = json.dumps(json_record(record), ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth)


def _write_array(out: IO[str], records: Iterable[Record], depth: int) -> None:
    inner = "\n" + "  " * (depth + 1)
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
        out.write(json.dumps(json_record(record), ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class CsvWriter:
    """A header row, then one row per record; `raw` keeps formula-like text unguarded."""

    raw: bool = False
    nested: bool = False

    def write(self, out: IO[str], columns: Sequence[str], records: Iterable[Record]) -> None:
        """Write the header and the rows."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([csv_cell(record.get(column), raw=self.raw) for column in columns])

    def write_one(self, out: IO[str], columns: Sequence[str], record: Record) -> None:
        """Write the header and one row."""
        self.write(out, columns, [record])


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
        out.write(json.dumps(value, ensure_ascii=False))
        first = False
    for key, records in sections:
        out.write(("\n" if first else ",\n") + f"  {json.dumps(key)}: ")
        first = False
        _write_array(out, records, depth=1)
    out.write("\n}\n" if not first else "}\n")
