"""The rules of a target's wording (docs/rules.md#qualifiers-ranges-and-levels): an approximate
target is reached at 95% of its number, a range at its low end, and a level (`a year`, `a
month`) counts its latest reading, not the sum of its readings; the report, the view and `check`
agree."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import ok, run

AS_OF = ("--as-of", "2024-08-31")


def state(pledge_id: int) -> dict[str, object]:
    rows = json.loads(ok("list", "--format", "json", *AS_OF).stdout)
    return next(r for r in rows if r["id"] == pledge_id)


def test_an_approximate_target_is_reached_at_95_percent(ledger_path: Path) -> None:
    ok("add", "Refugees", "--by", "US", "--target", "about 20,000 refugees",
       "--announced", "2022-01-01", "--due", "2024-09-30")  # fmt: skip
    ok("add", "Visas", "--by", "US", "--target", "20,000 visas", "--announced", "2022-01-01")
    ok("update", "1", "--on", "2024-06-30", "--total", "18,999 refugees")
    ok("update", "2", "--on", "2024-06-30", "--total", "19,000 visas")
    assert state(1)["status"] == "in_progress"
    ok("update", "1", "--on", "2024-07-31", "--total", "19,000 refugees")
    assert state(1)["status"] == "fulfilled" and state(1)["late"] is False
    assert state(2)["status"] == "in_progress"  # without `about`, 95% is not enough
    conn = sqlite3.connect(ledger_path)  # the view, as of today, agrees
    statuses = dict(conn.execute("SELECT id, status FROM pledge_status").fetchall())
    conn.close()
    assert statuses[1] == "fulfilled"


def test_a_range_is_reached_at_its_low_end(ledger_path: Path) -> None:
    ok("add", "Workers", "--by", "Canada", "--target", "15,000–20,000 workers",
       "--announced", "2022-01-01")  # fmt: skip
    ok("update", "1", "--on", "2024-06-30", "--total", "15,000 workers")
    assert state(1)["status"] == "fulfilled"
    assert state(1)["progress"] == 1


def test_a_level_counts_its_latest_reading(ledger_path: Path) -> None:
    ok("add", "Stipend", "--by", "Mexico", "--target", "4,500 pesos a month",
       "--announced", "2019-01-01")  # fmt: skip
    ok("update", "1", "--on", "2024-03-31", "--amount", "5,000 pesos")
    ok("update", "1", "--on", "2024-05-31", "--amount", "4,000 pesos")  # a reading, not +4,000
    assert state(1)["counted"] == 4000 and state(1)["status"] == "in_progress"
    ok("update", "1", "--on", "2024-06-30", "--total", "6,250 pesos")
    assert state(1)["counted"] == 6250 and state(1)["status"] == "fulfilled"
    assert run("check").code == 0  # a level that went down is no falling total


def test_a_level_is_totalled_apart_from_one_off_amounts(ledger_path: Path) -> None:
    ok("add", "Stipend", "--by", "Mexico", "--target", "4,500 pesos a month",
       "--announced", "2019-01-01")  # fmt: skip
    ok("add", "Customs posts", "--by", "Mexico", "--target", "MXN 14.6 billion",
       "--announced", "2022-07-12")  # fmt: skip
    shown = ok("report", *AS_OF).stdout
    assert "MXN a month" in shown
    summary = json.loads(ok("summary", "--format", "json", *AS_OF).stdout)
    totals = {(t["unit"], t["rate"]): t["pledged"] for t in summary[0]["totals"]}
    assert totals == {("MXN", None): 14_600_000_000, ("MXN", "month"): 4500}
