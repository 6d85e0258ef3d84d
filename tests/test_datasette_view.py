"""The ledger read as tables, as Datasette and sqlite-utils read it: `pledge_status` gives
amounts as numbers of units, so sorting and filtering by amount give the report's order; the
amount views show the stored thousandths beside the amounts in units."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ok

SQLITE_UTILS = Path(sys.executable).parent / "sqlite-utils"


def query(db: Path, sql: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [str(SQLITE_UTILS), "query", str(db), sql], capture_output=True, text=True, check=True
    )
    return list(json.loads(done.stdout))


def test_amounts_sort_and_filter_as_numbers(ledger_path: Path) -> None:
    ok("add", "Small", "--by", "Mexico", "--target", "MXN 4,500", "--announced", "2022-01-01")
    ok("add", "Ports", "--by", "US", "--target", "$3.4 billion", "--announced", "2022-01-01")
    ok("add", "Border", "--by", "Mexico", "--target", "$1.5 billion", "--announced", "2022-01-01")
    ok("add", "Visas", "--by", "US", "--target", "22,500 visas", "--announced", "2022-01-01")
    ok("update", "2", "--on", "2023-01-01", "--amount", "$1.7 billion")
    ok("update", "3", "--on", "2023-01-01", "--amount", "$1.5 billion")
    by_target = query(ledger_path, "SELECT title, target FROM pledge_status ORDER BY target DESC")
    assert [r["title"] for r in by_target] == ["Ports", "Border", "Visas", "Small"]
    assert by_target[0]["target"] == 3_400_000_000
    big = query(ledger_path, "SELECT id FROM pledge_status WHERE target > 1000000 ORDER BY id")
    assert [r["id"] for r in big] == [2, 3]
    sql = "SELECT id FROM pledge_status WHERE progress IS NOT NULL ORDER BY progress DESC, id"
    report = json.loads(ok("report", "--sort", "progress", "--format", "json").stdout)
    assert [r["id"] for r in query(ledger_path, sql)] == [r["id"] for r in report]


def test_the_amount_views_show_units_beside_thousandths(ledger_path: Path) -> None:
    ok("add", "Border", "--by", "Mexico", "--target", "$1.5 billion", "--tag", "b", "--tag", "a")
    ok("update", "1", "--amount", "$0.25")
    pledge = query(ledger_path, "SELECT target, target_milli FROM pledge_amounts")[0]
    assert pledge == {"target": 1_500_000_000, "target_milli": 1_500_000_000_000}
    update = query(ledger_path, "SELECT amount, amount_milli FROM update_amounts")[0]
    assert update == {"amount": 0.25, "amount_milli": 250}
    assert query(ledger_path, "SELECT tags FROM pledge_status")[0]["tags"] == "a; b"


def test_the_status_view_lists_the_recipients_in_order(ledger_path: Path) -> None:
    ok("add", "Visas", "--by", "US", "--to", "Northern Central America", "--to", "Haiti")
    ok("add", "Border", "--by", "Mexico", "--to", "US")
    ok("add", "Trees", "--by", "Mexico")
    rows = query(ledger_path, "SELECT id, recipient FROM pledge_status ORDER BY id")
    assert [r["recipient"] for r in rows] == ["Northern Central America; Haiti", "US", None]
    listed = json.loads(ok("list", "--format", "json", "--sort", "id").stdout)
    assert [p["recipient"] for p in listed] == [["Northern Central America", "Haiti"], ["US"], []]
