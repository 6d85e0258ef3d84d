"""The `export --format xlsx` workbook: one sheet of the documented columns in which text stays
text (a cell is never a formula, whatever it starts with), numbers are numbers, dates are dates
and flags are booleans. Written row by row (openpyxl's write-only mode) to a binary stream the
caller opened; imported only when an xlsx export is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any

from pledgetrack.domain.text import clean_text

DATE_FORMAT = "yyyy-mm-dd"


def write_xlsx(
    out: IO[bytes], sheet: str, columns: Sequence[str], records: Iterable[Mapping[str, Any]]
) -> None:
    """Write a workbook of one sheet: a header row, then one row per record."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet)
    bold = Font(bold=True)

    def cell(value: Any, *, header: bool = False) -> Cell:
        stored: Any = value  # openpyxl stores Decimal and date as they are; its stubs say less
        if isinstance(value, bool | int | Decimal):
            return WriteOnlyCell(page, value=stored)
        if isinstance(value, date):
            written = WriteOnlyCell(page, value=stored)
            written.number_format = DATE_FORMAT
            return written
        if isinstance(value, list | tuple):
            value = "; ".join(str(item) for item in value)
        text = WriteOnlyCell(page, value=None if value is None else clean_text(str(value)))
        if value is not None:
            text.data_type = "s"  # text, even when it starts with = + - @
        if header:
            text.font = bold
        return text

    page.append([cell(name, header=True) for name in columns])
    for record in records:
        page.append([cell(record.get(name)) for name in columns])
    book.save(out)
