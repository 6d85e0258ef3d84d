"""`pledgetrack report` run as command lines: statuses and flags at two as-of dates,
the table at narrow widths, filters, formats, and the `pledge_status` view agreeing with it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_error, ok, run
from conftest import ok as cli_ok

URL = "https://example.org/evidence"
LONG_TITLE = "Modernise the land ports of entry along the whole southern border region"


def build_scenario(env: dict[str, str]) -> None:
    """Five pledges that exercise the rules differently on 2024-03-01 and 2024-12-31."""

    def ok(*args: str) -> None:
        cli_ok(*args, env=env)

    ok(
        "add",
        "Visas for workers",
        "--by",
        "United States",
        "--target",
        "100 visas",
        "--due",
        "2024-06-30",
        "--announced",
        "2023-01-01",
        "--tag",
        "visas",
    )
    ok("update", "1", "--on", "2024-01-01", "--amount", "40")
    ok("update", "1", "--on", "2024-06-30", "--total", "100")
    ok(
        "add",
        LONG_TITLE,
        "--by",
        "Mexico",
        "--target",
        "$1 million",
        "--due",
        "2024-03-31",
        "--announced",
        "2023-01-01",
    )
    ok("update", "2", "--on", "2023-12-01", "--amount", "$200,000")
    ok(
        "add",
        "Reopen the ports",
        "--by",
        "Mexico",
        "--due",
        "2024-06-30",
        "--announced",
        "2023-01-01",
    )
    ok("update", "3", "--on", "2024-08-01", "--status", "fulfilled", "--source", URL)
    ok(
        "add",
        "Resettle refugees",
        "--by",
        "US",
        "--target",
        "1,000 refugees",
        "--due",
        "2025-09-30",
        "--announced",
        "2023-01-01",
    )
    ok("update", "4", "--on", "2024-02-01", "--total", "300")
    ok("update", "4", "--on", "2024-05-01", "--amount", "300")
    ok(
        "update",
        "4",
        "--on",
        "2024-06-01",
        "--status",
        "broken",
        "--note",
        "programme stopped",
        "--source",
        URL,
    )
    ok("add", "A later pledge", "--by", "Mexico", "--target", "$5 million",
       "--announced", "2024-06-01", "--due", "2026")  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario, recorded once per module through the real script."""
    path = tmp_path_factory.mktemp("scenario") / "ledger.db"
    build_scenario({"PLEDGETRACK_DB": str(path), "NO_COLOR": "1"})
    return path


@pytest.fixture
def scenario(built: Path, ledger_path: Path) -> None:
    """A copy of the scenario ledger where this test's commands look for it."""
    for suffix in ("", "-wal"):
        if Path(f"{built}{suffix}").exists():
            shutil.copy(f"{built}{suffix}", f"{ledger_path}{suffix}")


def report_json(*args: str) -> dict[int, dict[str, Any]]:
    rows = json.loads(ok("report", "--format", "json", *args).stdout)
    return {row["id"]: row for row in rows}


EARLY = {
    1: {"status": "in_progress", "overdue": False, "due_soon": False, "counted": 40},
    2: {"status": "in_progress", "overdue": False, "due_soon": True, "counted": 200000},
    3: {"status": "not_started", "overdue": False, "late": False},
    4: {"status": "in_progress", "conflict": False, "counted": 300, "progress": 0.3},
}
LATE = {
    1: {"status": "fulfilled", "late": False, "overdue": False, "progress": 1},
    2: {"status": "stalled", "overdue": True, "days_overdue": 275, "due_soon": False},
    3: {"status": "fulfilled", "late": True, "overdue": False, "conflict": False},
    4: {"status": "broken", "conflict": True, "counted": 600, "overdue": False},
    5: {"status": "not_started", "overdue": False, "due_soon": False},
}


@pytest.mark.parametrize(("as_of", "expected"), [("2024-03-01", EARLY), ("2024-12-31", LATE)])
def test_statuses_and_flags_at_two_dates(
    scenario: None, as_of: str, expected: dict[int, dict[str, Any]]
) -> None:
    rows = report_json("--as-of", as_of)
    assert set(rows) == set(expected)  # pledge 5 is announced after 2024-03-01
    for pledge_id, fields in expected.items():
        for key, value in fields.items():
            assert rows[pledge_id][key] == value, (as_of, pledge_id, key)


def test_the_table_shows_statuses_flags_counts_and_totals(scenario: None) -> None:
    early = ok("report", "--as-of", "2024-03-01").stdout
    assert "due soon" in early
    assert "30 left" in early
    late = ok("report", "--as-of", "2024-12-31").stdout
    for text in ("stalled, overdue", "275 overdue", "fulfilled (late)", "broken, conflict"):
        assert text in late
    assert "5 pledges as of 2024-12-31: 2 fulfilled · 1 broken · 1 stalled · 1 not_started" in late
    assert "1 overdue" in late
    assert "USD 6,000,000" in late  # pledged in USD: 1 million + 5 million
    assert "600 refugees" in late
    # Most overdue first.
    assert late.index("Modernise") < late.index("Visas for workers")


@pytest.mark.parametrize("columns", ["60", "40"])
def test_narrow_terminal_keeps_amounts_and_dates_whole(scenario: None, columns: str) -> None:
    out = ok("report", "--as-of", "2024-12-31", env={"COLUMNS": columns}).stdout
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    for text in ("USD 1,000,000", "USD 200,000", "1,000 refugees", "2024-03-31", "2024-06-30"):
        assert text in out, text
    assert "…" not in out
    assert LONG_TITLE not in out  # the title wraps instead
    assert "southern" in out


def test_filters_sort_limit_and_empty_result(scenario: None) -> None:
    overdue = report_json("--as-of", "2024-12-31", "--status", "overdue")
    assert list(overdue) == [2]
    final = report_json("--as-of", "2024-12-31", "--status", "final", "--sort", "id")
    assert list(final) == [1, 3, 4]
    assert list(report_json("--as-of", "2024-12-31", "--actor", "U.S.", "--sort", "id")) == [1, 4]
    assert list(report_json("--as-of", "2024-12-31", "--tag", "VISAS")) == [1]
    assert list(report_json("--as-of", "2024-12-31", "--due-before", "2024-06-30")) == [2]
    limited = ok("report", "--as-of", "2024-12-31", "--limit", "2").stdout
    assert "5 pledges as of 2024-12-31 (showing 2)" in limited
    empty = ok("report", "--as-of", "2024-12-31", "--actor", "Nobody")
    assert empty.stdout.strip().splitlines() == ["No pledges match (as of 2024-12-31)."]
    assert_clean_error(run("report", "--sort", "deadline"), 2)
    assert_clean_error(run("report", "--status", "late"), 2)


def test_machine_formats(scenario: None) -> None:
    ndjson = ok("report", "--as-of", "2024-12-31", "--format", "ndjson").stdout.splitlines()
    # the overdue pledge, then the open one by its deadline, then the settled ones
    assert [json.loads(line)["id"] for line in ndjson] == [2, 5, 1, 3, 4]
    csv_text = ok("report", "--as-of", "2024-12-31", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("uid,id,title,actor")
    markdown = ok("report", "--as-of", "2024-12-31", "--format", "markdown").stdout
    assert "| 2 | Mexico |" in markdown
    assert "5 pledges as of 2024-12-31" in markdown
    assert "| USD | 2 | USD 6,000,000 |" in markdown


def test_the_view_agrees_with_report_as_of_today(ledger_path: Path) -> None:
    today = date.today()

    def ago(days: int) -> str:
        return (today - timedelta(days=days)).isoformat()

    ok(
        "add",
        "Overdue",
        "--by",
        "A",
        "--target",
        "100 visas",
        "--due",
        ago(10),
        "--announced",
        ago(400),
    )
    ok("update", "1", "--on", ago(50), "--amount", "12.5")
    ok(
        "add",
        "Due soon",
        "--by",
        "B",
        "--target",
        "$2.5 million",
        "--due",
        ago(-5),
        "--announced",
        ago(400),
    )
    ok("add", "Stalled", "--by", "A", "--target", "EUR 10m", "--announced", ago(400))
    ok("update", "3", "--on", ago(200), "--amount", "EUR 1m")
    ok(
        "add",
        "Late",
        "--by",
        "B",
        "--target",
        "10 projects",
        "--due",
        ago(100),
        "--announced",
        ago(400),
    )
    ok("update", "4", "--on", ago(90), "--total", "10")
    ok("add", "Broken in conflict", "--by", "C", "--target", "10 doses", "--announced", ago(400))
    ok("update", "5", "--on", ago(30), "--total", "7.1250")
    ok("update", "5", "--on", ago(20), "--status", "broken", "--note", "n", "--source", URL)
    ok("add", "Action", "--by", "C", "--announced", ago(400), "--due", ago(-100))
    rows = report_json("--as-of", "today")
    conn = sqlite3.connect(ledger_path)
    conn.row_factory = sqlite3.Row
    view = {row["id"]: dict(row) for row in conn.execute("SELECT * FROM pledge_status")}
    conn.close()
    assert set(view) == set(rows) == {1, 2, 3, 4, 5, 6}
    statuses = {pledge_id: row["status"] for pledge_id, row in rows.items()}
    assert statuses == {1: "in_progress", 2: "not_started", 3: "stalled", 4: "fulfilled",
                        5: "broken", 6: "not_started"}  # fmt: skip
    for pledge_id, row in rows.items():
        seen = view[pledge_id]
        for key in ("uid", "title", "actor", "kind", "unit", "deadline", "status",
                    "days_overdue"):  # fmt: skip
            assert seen[key] == row[key], (pledge_id, key)
        for key in ("overdue", "due_soon", "late", "conflict"):
            assert bool(seen[key]) == row[key], (pledge_id, key)
        for key in ("target", "counted"):
            expected = None if row[key] is None else Decimal(str(row[key]))
            assert (None if seen[key] is None else Decimal(seen[key])) == expected
        if row["progress"] is None:
            assert seen["progress"] is None
        else:
            assert seen["progress"] == pytest.approx(row["progress"], abs=1e-6)
    assert view[5]["counted"] == 7.125  # a number of units, which sorts as one
    assert view[2]["target"] == 2_500_000
