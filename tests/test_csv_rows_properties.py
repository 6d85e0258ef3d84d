"""Property tests of CSV import rows: whatever a spreadsheet holds, a dry-run import of it either
says what it would add or raises a PledgetrackError naming the problem, never anything else."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgetrack.errors import PledgetrackError
from pledgetrack.services.import_ import ImportSummary, import_data
from pledgetrack.storage.ledger import Ledger, open_ledger

CELLS = st.text(max_size=30) | st.sampled_from(
    [
        "", "$1.5 billion", "20,000 refugees", "EUR 675m", "-5", "=1+1", "'=SUM(A1)", "lots",
        "2024-09-30", "2024-02-30", "FY2023-2024", "between 2022 and 2024", "by 2027", "none",
        "committed", "disbursed", "fulfilled", "broken", "total", "increment", "USD", "visas",
        "u1", "1", "999", "https://example.org", "\x1b[31m", "\u202e", "\x00", "\r", "\n",
    ]
)  # fmt: skip
PLEDGE_COLUMNS = [
    "uid", "title", "actor", "recipient", "target", "unit", "deadline_phrase", "deadline",
    "announced_on", "counts", "tags", "sources", "quote", "note",
]  # fmt: skip
UPDATE_COLUMNS = [
    "uid", "pledge_uid", "pledge_id", "happened_on", "stage", "amount", "unit", "mode",
    "status", "note", "sources",
]  # fmt: skip
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """A ledger with one pledge (uid u1, id 1, a target of $100) for update rows to refer to."""
    path: Path = tmp_path_factory.mktemp("rows") / "ledger.db"
    with open_ledger(path, create=True, readonly=False) as opened:
        seed = b"uid,title,actor,target\nu1,Seed,Mexico,$100\n"
        import_data(
            opened, io.BytesIO(seed), name="seed.csv", now="2026-01-01T00:00:00Z", today=TODAY
        )
        yield opened


TODAY = date(2026, 1, 1)


def rows_text(columns: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(row[: len(columns)] for row in rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def filled(rows: list[list[str]], columns: list[str]) -> int:
    """How many rows are not blank (blank lines are skipped, not imported)."""
    return sum(1 for row in rows if any(cell.strip() for cell in row[: len(columns)]))


def dry_import(ledger: Ledger, data: bytes) -> ImportSummary | PledgetrackError:
    try:
        return import_data(
            ledger,
            io.BytesIO(data),
            name="rows.csv",
            now="2026-01-01T00:00:00Z",
            today=TODAY,
            dry_run=True,
        )
    except PledgetrackError as error:
        assert str(error).startswith("rows.csv"), str(error)  # names the file, then the place
        return error


@SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=len(PLEDGE_COLUMNS)), min_size=1, max_size=4))
def test_pledge_rows_import_or_are_refused(ledger: Ledger, rows: list[list[str]]) -> None:
    result = dry_import(ledger, rows_text(PLEDGE_COLUMNS, rows))
    if isinstance(result, ImportSummary):
        assert result.pledges + result.skipped == filled(rows, PLEDGE_COLUMNS)


@SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=len(UPDATE_COLUMNS)), min_size=1, max_size=4))
def test_update_rows_import_or_are_refused(ledger: Ledger, rows: list[list[str]]) -> None:
    result = dry_import(ledger, rows_text(UPDATE_COLUMNS, rows))
    if isinstance(result, ImportSummary):
        assert result.updates + result.skipped == filled(rows, UPDATE_COLUMNS)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes_import_or_are_refused(ledger: Ledger, data: bytes) -> None:
    dry_import(ledger, b"title,actor\n" + data)
