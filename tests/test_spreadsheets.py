"""The exports as LibreOffice reads them, through its real `soffice --headless` (installed by
.ci/run; the one test here is skipped only on a machine without it).

Measured with LibreOffice 7.4: its default CSV import reads text as Windows-1252, with or without
a UTF-8 byte-order mark (`México` becomes `MÃ©xico`), so a CSV needs the UTF-8 character set
chosen on import; the xlsx export needs nothing: accents, `€` and text that starts like a formula
come through as typed."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ok

SOFFICE = shutil.which("soffice")
UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8


def soffice(source: Path, target_format: str, folder: Path) -> Path:
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", target_format, "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return folder / (source.stem + ".csv")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed on this machine")
def test_libreoffice_reads_the_workbook_as_typed(ledger_path: Path, tmp_path: Path) -> None:
    ok("add", "=SUM(1,2)", "--by", "Côte d'Ivoire", "--target", "€5 million", "--to", "México")
    book = tmp_path / "pledges.xlsx"
    ok("export", "--format", "xlsx", "-o", str(book))
    out = tmp_path / "from-xlsx"
    out.mkdir()
    row = next(csv.DictReader(io.StringIO(soffice(book, UTF8_CSV, out).read_text("utf-8"))))
    assert (row["title"], row["actor"], row["recipient"]) == (
        "=SUM(1,2)",
        "Côte d'Ivoire",
        "México",
    )
    assert (row["target"], row["target_text"]) == ("5000000", "€5 million")
