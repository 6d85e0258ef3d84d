"""`pledgetrack check` and `pledgetrack backup`, run as command lines."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import assert_clean_error, digest, ok, run


def _ledger_with_money_pledge() -> None:
    ok("add", "Invest in ports", "--by", "Mexico", "--target", "$100 million",
       "--announced", "2024-01-10")  # fmt: skip
    ok("update", "1", "--on", "2024-02-01", "--total", "$50 million")


def _sql(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_check_passes_on_a_sound_ledger_and_changes_nothing(ledger_path: Path) -> None:
    _ledger_with_money_pledge()
    before = digest(ledger_path)
    result = ok("check")
    assert result.stdout == ""
    assert "No problems found" in result.stderr
    assert digest(ledger_path) == before


def test_check_reports_each_inconsistency_with_its_pledge(ledger_path: Path) -> None:
    _ledger_with_money_pledge()
    ok("add", "Admit refugees", "--by", "US", "--target", "20,000 refugees",
       "--announced", "2022-06-10")  # fmt: skip
    ok("update", "1", "--on", "2024-03-01", "--total", "$30 million")  # down from 50
    ok("update", "2", "--on", "2022-01-05", "--amount", "100 refugees")  # before announced
    ok("update", "2", "--on", "2023-01-05", "--amount", "200 refugees")
    _sql(ledger_path, "UPDATE updates SET unit = 'visas' WHERE id = 4")  # not the target's unit
    before = digest(ledger_path)
    result = run("check")
    assert result.code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3, result.stdout
    assert lines[0].startswith("pledge 1: ") and "down from 50000000" in lines[0]
    assert lines[1].startswith("pledge 2: ") and "before the pledge was announced" in lines[1]
    assert lines[2].startswith("pledge 2: ") and "visas" in lines[2] and "refugees" in lines[2]
    assert result.stderr == "Error: 3 problems found\n"
    assert digest(ledger_path) == before


def test_a_total_after_increments_is_compared_with_their_sum(ledger_path: Path) -> None:
    _ledger_with_money_pledge()
    ok("update", "1", "--on", "2024-03-01", "--amount", "$30 million")  # running: 80
    ok("update", "1", "--on", "2024-04-01", "--total", "$80 million")  # equal: fine
    ok("check")
    ok("update", "1", "--on", "2024-05-01", "--total", "$79 million")
    result = run("check")
    assert result.code == 1
    assert "down from 80000000" in result.stdout


def test_check_folds_totals_as_the_report_counts_them(ledger_path: Path) -> None:
    _ledger_with_money_pledge()  # $50 million counted
    ok("update", "1", "--on", "2024-03-01", "--amount", "$30 million")
    _sql(ledger_path, "UPDATE updates SET unit = 'GTQ' WHERE id = 2")  # no rate: not counted
    ok("update", "1", "--on", "2024-04-01", "--total", "$60 million")  # up from 50, as counted
    report = json.loads(ok("report", "--format", "json", "--as-of", "2024-04-01").stdout)
    assert report[0]["counted"] == 60000000
    result = run("check")
    assert "down from" not in result.stdout  # only the GTQ amount is a problem
    assert result.stdout.count("\n") == 1 and "GTQ" in result.stdout


def test_check_finds_dangling_rows(ledger_path: Path) -> None:
    _ledger_with_money_pledge()
    conn = sqlite3.connect(ledger_path)  # foreign keys are off by default in plain sqlite3
    conn.execute("UPDATE updates SET pledge_id = 99")
    conn.commit()
    conn.close()
    result = run("check")
    assert result.code == 1
    assert "updates row 1 refers to a missing row of pledges" in result.stdout
    assert result.stderr.strip() == "Error: 1 problem found"


def test_check_refuses_a_corrupt_file_cleanly(ledger_path: Path) -> None:
    _ledger_with_money_pledge()
    ok("backup", str(ledger_path.with_name("copy.db")))
    copy = ledger_path.with_name("copy.db")
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # scribble over every page after the first
        data[offset + 8 : offset + 200] = b"\xff" * 192
    copy.write_bytes(bytes(data))
    result = run("--db", str(copy), "check")
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ")


def test_backup_is_a_ledger_with_the_same_pledges(ledger_path: Path, tmp_path: Path) -> None:
    _ledger_with_money_pledge()
    target = tmp_path / "copy.db"
    ok("backup", str(target))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pledgetrack-backup")]
    original = ok("list", "--format", "json").stdout
    assert ok("--db", str(target), "list", "--format", "json").stdout == original
    ok("--db", str(target), "check")
    ok("--db", str(target), "update", "1", "--amount", "$1 million")  # it is a working ledger


def test_backup_never_replaces_a_file(ledger_path: Path, tmp_path: Path) -> None:
    _ledger_with_money_pledge()
    target = tmp_path / "keep.txt"
    target.write_text("precious\n")
    result = run("backup", str(target))
    assert_clean_error(result, 1)
    assert "already exists" in result.stderr
    assert target.read_text() == "precious\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pledgetrack-backup")]


def test_backup_into_a_missing_folder_or_of_a_missing_ledger(tmp_path: Path) -> None:
    assert_clean_error(run("backup", str(tmp_path / "copy.db")), 1)  # no ledger yet
    assert not (tmp_path / "copy.db").exists()
    ok("add", "A pledge", "--by", "Mexico")
    result = run("backup", str(tmp_path / "missing" / "copy.db"))
    assert_clean_error(result, 1)
    assert not (tmp_path / "missing").exists()
