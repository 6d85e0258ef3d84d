"""`export --format xlsx`: a workbook a spreadsheet opens with text as text (never a formula,
whatever it starts with), numbers as numbers, dates as dates and flags as booleans."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl

from conftest import SCRIPT, ok


def build() -> None:
    ok("add", '=HYPERLINK("http://evil.example","click")', "--by", "México", "--target",
       "€7.4 billion", "--due", "2027", "--announced", "2024-03-17", "--tag", "egypt",
       "--tag", "eu", "--note", "+2 tranches")  # fmt: skip
    ok("update", "1", "--on", "2024-06-30", "--amount", "€1 billion", "--note", "@first")


def test_a_workbook_keeps_text_numbers_dates_and_flags(ledger_path: Path, tmp_path: Path) -> None:
    build()
    path = tmp_path / "pledges.xlsx"
    ok("export", "--format", "xlsx", "-o", str(path), "--as-of", "2024-12-31")
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None and sheet.title == "pledges"
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["title"].value == '=HYPERLINK("http://evil.example","click")'
    assert row["title"].data_type == "s"  # text, not a formula
    assert row["note"].data_type == "s" and row["actor"].value == "México"
    assert row["target"].value == 7_400_000_000 and row["target"].data_type == "n"
    assert row["counted"].value == 1_000_000_000
    assert row["deadline"].value == datetime(2027, 12, 31)
    assert row["overdue"].value is False
    assert row["tags"].value == "egypt; eu"
    assert row["as_of"].value == datetime(2024, 12, 31)


def test_updates_and_a_pipe(ledger_path: Path) -> None:
    build()
    done = subprocess.run(
        [str(SCRIPT), "export", "--what", "updates", "--format", "xlsx"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(io.BytesIO(done.stdout)).active
    assert sheet is not None and sheet.title == "updates"
    values = [c.value for c in sheet[2]]
    assert "@first" in values and 1_000_000_000 in values


def test_a_workbook_to_a_full_device_is_one_error_line(ledger_path: Path) -> None:
    build()
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [str(SCRIPT), "export", "--format", "xlsx"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write to standard output: No space left on device\n"
