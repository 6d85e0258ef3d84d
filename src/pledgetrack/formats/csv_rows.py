"""Reading CSV files of pledges or updates back: rows with their line numbers, headers told apart,
the spreadsheet guard taken off again and `;`-joined lists split (`formats.cells`).

Lines of text in, plain strings out; reading amounts, dates and phrases is the domain's job.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pledgetrack.errors import ImportRowError
from pledgetrack.formats.cells import split_list, unguard
from pledgetrack.formats.fields import PLEDGE_FIELDS, UPDATE_FIELDS
from pledgetrack.formats.lines import MAX_LINE_CHARS

PLEDGE_REQUIRED = ("title", "actor")
UPDATE_REQUIRED = ("happened_on",)
PLEDGE_REFERENCES = ("pledge_uid", "pledge_id")


@dataclass(frozen=True)
class CsvRow:
    """One data row: the file's name, the line it starts on, and its cells by column name."""

    name: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str | None:
        """A cell, trimmed and unguarded; None when the column is absent or the cell empty."""
        value = self.cells.get(column)
        if not value:  # most cells of a row are empty
            return None
        return unguard(value).strip() or None

    def items(self, column: str) -> list[str]:
        """A `;`-joined list cell's items, each trimmed, empty ones left out."""
        items = (item.strip() for item in split_list(unguard(self.cells.get(column, ""))))
        return [item for item in items if item]

    def fail(self, column: str, why: str) -> ImportRowError:
        """The error naming this row's file, line and column."""
        return ImportRowError(f"{self.name} line {self.line}, column {column}: {why}")


def read_csv(lines: Iterable[str], name: str) -> tuple[list[str], Iterator[CsvRow]]:
    """The header (lower-cased names) and the data rows of CSV lines, read one at a time as the
    caller asks for them; blank lines are skipped."""
    rows = _rows(lines, name)
    first = next(rows, None)
    if first is None:
        raise ImportRowError(f"{name} line 1: the file is empty; it needs a header row")
    header = [c.strip().lower() for c in first[1]]
    return header, (CsvRow(name, line, _cells(header, line, cells, name)) for line, cells in rows)


def _cells(header: list[str], line: int, cells: list[str], name: str) -> dict[str, str]:
    if len(cells) > len(header):
        raise ImportRowError(
            f"{name} line {line}: {len(cells)} cells, but the header names {len(header)}"
        )
    return dict(zip(header, cells, strict=False))


def _rows(lines: Iterable[str], name: str) -> Iterator[tuple[int, list[str]]]:
    """Every non-blank row as the line it starts on and its cells."""
    # A cell may be as long as a line may be (Python's default, 131,072 characters, is less than
    # an export writes). The limit is process-wide; pledgetrack reads CSV nowhere else.
    csv.field_size_limit(MAX_LINE_CHARS)
    reader = csv.reader(lines, strict=True)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            why = str(error)
            if "end of data" in why or "EOF" in why:
                why = "a quoted cell is never closed (unterminated quote)"
            raise ImportRowError(f"{name} line {line}: cannot read CSV: {why}") from None
        start, line = line, reader.line_num + 1
        if "".join(cells).strip():  # a cell with something in it
            yield start, cells


def header_kind(header: list[str], name: str) -> str:
    """`pledges` or `updates`, told apart by the header's column names."""
    if all(c in header for c in PLEDGE_REQUIRED):
        return "pledges"
    if all(c in header for c in UPDATE_REQUIRED) and any(c in header for c in PLEDGE_REFERENCES):
        return "updates"
    raise ImportRowError(
        f"{name} line 1: the header names neither pledges (title, actor, ... as in "
        f"{', '.join(PLEDGE_FIELDS[:4])}) nor updates (pledge_uid or pledge_id, happened_on, ... "
        f"as in {', '.join(UPDATE_FIELDS[:4])})"
    )
