"""Parts: a pledge made of tranches or components (`add --part-of`, `edit --part-of`). A parent
counts its parts' progress in its unit and is judged on that sum as of every date; each tree is
counted once in every count and total; links that would nest or loop are refused.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_error, build_once, copy_ledger, digest, ok, run, script
from conftest import ok as cli_ok


def build_trees(env: dict[str, str]) -> None:
    """The EU's EUR 7.4 billion for Egypt in three parts, and the US's 500 million doses in two
    tranches, one delivered late and the other on time."""

    def add(*args: str) -> None:
        cli_ok("add", *args, env=env)

    def update(*args: str) -> None:
        cli_ok("update", *args, env=env)

    eu, day = ("--by", "European Union"), ("--announced", "2024-03-17")
    add("Macro-financial package for Egypt", *eu, "--target", "EUR 7.4 billion", "--due", "2027",
        *day)  # fmt: skip
    add("Loans", *eu, "--target", "EUR 5 billion", "--part-of", "1", "--due", "2027", *day)
    add("Investment", *eu, "--target", "EUR 1.8 billion", "--part-of", "1", *day)
    add("Grants", *eu, "--target", "EUR 600 million", "--part-of", "1", *day)
    update("2", "--on", "2024-06-28", "--amount", "EUR 1 billion")
    update("2", "--on", "2024-12-20", "--amount", "EUR 4 billion")
    update("3", "--on", "2025-01-10", "--amount", "EUR 1.8 billion")
    update("4", "--on", "2025-02-01", "--amount", "EUR 600 million")
    us, then = ("--by", "United States"), ("--announced", "2021-06-10")
    add("Donate 500 million doses", *us, "--target", "500 million doses", "--due", "2022-06-30",
        *then)  # fmt: skip
    add("200 million doses by the end of 2021", *us, "--target", "200 million doses",
        "--due", "2021-12-31", "--part-of", "5", *then)  # fmt: skip
    add("300 million doses in the first half of 2022", *us, "--target", "300 million doses",
        "--due", "H1 2022", "--part-of", "5", *then)  # fmt: skip
    update("6", "--on", "2022-01-15", "--total", "200 million")
    update("7", "--on", "2022-06-01", "--total", "300 million")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, "parts", build_trees)


@pytest.fixture
def trees(built: Path, ledger_path: Path) -> Path:
    return copy_ledger(built, ledger_path)


def records(*args: str) -> list[dict[str, Any]]:
    found = json.loads(ok(*args, "--format", "json").stdout)
    return found if isinstance(found, list) else [found]


def by_id(*args: str) -> dict[int, dict[str, Any]]:
    return {record["id"]: record for record in records(*args)}


def test_a_parent_counts_its_parts_and_its_status_follows_at_every_date(trees: Path) -> None:
    before = by_id("report", "--as-of", "2024-12-31")
    assert before[1]["counted"] == 5_000_000_000  # the loans, all of them
    assert before[1]["status"] == "in_progress"
    assert before[1]["progress"] == pytest.approx(5 / 7.4, abs=1e-6)
    assert before[3]["status"] == "not_started"
    after = by_id("report", "--as-of", "2025-06-30")
    assert after[1]["counted"] == 7_400_000_000
    assert after[1]["status"] == "fulfilled" and not after[1]["late"]
    uids = {record["id"]: record["uid"] for record in after.values()}
    assert [after[i]["parent_uid"] for i in (1, 2, 3, 4)] == [None, uids[1], uids[1], uids[1]]
    earlier = by_id("report", "--as-of", "2024-06-01")  # nothing recorded yet
    assert earlier[1]["counted"] == 0 and earlier[1]["status"] == "not_started"


def test_one_tranche_late_the_other_on_time_and_the_whole_on_time(trees: Path) -> None:
    doses = by_id("report", "--as-of", "2022-12-31")
    assert doses[6]["status"] == "fulfilled" and doses[6]["late"]  # due 2021-12-31
    assert doses[7]["status"] == "fulfilled" and not doses[7]["late"]  # due 2022-06-30
    assert doses[5]["counted"] == 500_000_000
    assert doses[5]["status"] == "fulfilled" and not doses[5]["late"]
    midway = by_id("report", "--as-of", "2022-03-01")
    assert midway[5]["counted"] == 200_000_000 and midway[5]["status"] == "in_progress"
    assert midway[7]["status"] == "not_started" and midway[7]["due_soon"] is False


def test_each_tree_counts_once_in_report_summary_and_their_json(trees: Path) -> None:
    text = ok("report", "--as-of", "2025-06-30").stdout
    assert "2 pledges (and 5 parts within them) as of 2025-06-30: 2 fulfilled" in text
    assert "EUR 7,400,000,000" in text and "EUR 14,800,000,000" not in text
    summary = records("summary", "--by", "status", "--as-of", "2025-06-30")
    assert [(group["status"], group["pledges"]) for group in summary] == [("fulfilled", 2)]
    totals = {total["unit"]: total for total in summary[0]["totals"]}
    assert totals["EUR"]["pledged"] == totals["EUR"]["counted"] == 7_400_000_000
    assert totals["doses"]["pledged"] == 500_000_000 and totals["EUR"]["pledges"] == 1
    markdown = ok("report", "--as-of", "2025-06-30", "--format", "markdown").stdout
    assert "| EUR | 1 | EUR 7,400,000,000 | EUR 7,400,000,000 | 100% |" in markdown
    assert "| 2 | └ European Union |  | Loans |" in markdown
    flat = ok("report", "--flat", "--as-of", "2025-06-30", "--format", "markdown").stdout
    assert "| 2 | European Union |  | Loans |" in flat
    assert flat.split("\n\n", 1)[1] == markdown.split("\n\n", 1)[1]  # the same counts


def test_parts_come_under_their_parent_and_flat_keeps_the_sort(trees: Path) -> None:
    tree = [r["id"] for r in records("report", "--as-of", "2025-06-30", "--sort", "progress")]
    assert tree == [1, 2, 3, 4, 5, 6, 7]
    flat = [r["id"] for r in records("report", "--flat", "--as-of", "2024-12-31", "--sort", "due")]
    assert flat == [6, 5, 7, 1, 2, 3, 4]  # by deadline, open-ended last
    by_due = [r["id"] for r in records("report", "--as-of", "2024-12-31", "--sort", "due")]
    assert by_due == [5, 6, 7, 1, 2, 3, 4]  # the parents by deadline, each part under its own
    text = ok("report", "--as-of", "2024-12-31", "--sort", "due").stdout
    marked = [line.split()[0] for line in text.splitlines() if "└ " in line]
    assert marked == ["6", "7", "2", "3", "4"]
    assert "└" not in ok("report", "--flat", "--as-of", "2024-12-31").stdout


def test_a_limit_counts_the_pledges_at_the_top_each_with_its_parts(trees: Path) -> None:
    shown = records("report", "--as-of", "2024-12-31", "--sort", "due", "--limit", "1")
    assert [r["id"] for r in shown] == [5, 6, 7]
    text = ok("report", "--as-of", "2024-12-31", "--sort", "due", "--limit", "1").stdout
    assert "2 pledges (and 5 parts within them) as of 2024-12-31 (showing 1):" in text
    flat = ok("report", "--flat", "--as-of", "2024-12-31", "--sort", "due", "--limit", "2").stdout
    assert "(showing 2 of 7 rows):" in flat


def test_a_part_whose_parent_is_filtered_out_stands_and_counts_on_its_own(trees: Path) -> None:
    # As of 2022-03-01 the second tranche is not started and its parent is in progress.
    alone = records("report", "--as-of", "2022-03-01", "--status", "not_started")
    assert [r["id"] for r in alone] == [7]
    text = ok("report", "--as-of", "2022-03-01", "--status", "not_started").stdout
    assert "1 pledge as of 2022-03-01: 1 not_started" in text
    assert "└" not in text and "300,000,000 doses" in text
    both = records("report", "--as-of", "2022-03-01", "--actor", "United States")
    assert [r["id"] for r in both] == [5, 7, 6]  # the open tranche first, as the sort says
    summary = records("summary", "--as-of", "2022-03-01", "--status", "not_started")
    assert summary[0]["pledges"] == 1 and summary[0]["totals"][0]["pledged"] == 300_000_000


def test_show_lists_a_parents_parts_and_names_a_parts_parent(trees: Path) -> None:
    parent = ok("show", "1", "--as-of", "2024-12-31").stdout
    assert "parts" in parent and "EUR 5,000,000,000" in parent
    assert "with its parts'" in parent
    for title in ("Loans", "Investment", "Grants"):
        assert title in parent
    assert "not_started" in parent and "in_progress" in parent
    part = ok("show", "2", "--as-of", "2024-12-31").stdout
    assert "part of" in part and "Macro-financial package for Egypt" in part
    document = json.loads(ok("show", "1", "--format", "json", "--as-of", "2025-06-30").stdout)
    assert [p["id"] for p in document["parts"]] == [2, 3, 4]
    assert {p["status"] for p in document["parts"]} == {"fulfilled"}
    assert json.loads(ok("show", "2", "--format", "json").stdout)["parts"] == []


def test_a_part_in_another_unit_is_left_out_and_said_so(ledger_path: Path) -> None:
    ok("add", "Package", "--by", "EU", "--target", "EUR 1 billion", "--announced", "2024-01-01")
    added = ok("add", "Vaccines", "--by", "EU", "--target", "2 million doses",
               "--part-of", "1", "--announced", "2024-01-01")  # fmt: skip
    assert "pledge 2 counts doses and its parent 1 counts EUR" in added.stderr
    assert "left out of pledge 1's" in added.stderr
    ok("add", "Euro tranche", "--by", "EU", "--target", "EUR 300 million", "--part-of", "1",
       "--announced", "2024-01-01")  # fmt: skip
    ok("update", "2", "--on", "2024-02-01", "--amount", "2 million doses")
    ok("update", "3", "--on", "2024-02-01", "--amount", "EUR 100 million")
    parent = by_id("report", "--as-of", "2024-03-01")[1]
    assert parent["counted"] == 100_000_000  # the euro tranche only
    text = ok("report", "--as-of", "2024-03-01").stdout
    assert "Left out of the totals: pledge 2, a part in another unit" in text
    assert "2,000,000 doses" in text  # its own row keeps its numbers
    assert (
        "Not counted in this pledge's amount, being in another unit: 2."
        in ok("show", "1", "--as-of", "2024-03-01").stdout
    )
    assert "(not counted in pledge 1, which counts EUR)" in ok("show", "2").stdout
    assert "Left out of the totals: pledge 2" in ok("summary", "--as-of", "2024-03-01").stdout
    document = json.loads(ok("show", "1", "--format", "json").stdout)
    assert [(p["id"], p["counted_in_parent"]) for p in document["parts"]] == [
        (2, None), (3, 100_000_000)
    ]  # fmt: skip
    assert "being in doses, another unit than its parent's EUR" in document["parts"][0]["left_out"]
    ok("add", "Talks", "--by", "EU")  # a parent with no target counts none of its parts
    ok("add", "Fund", "--by", "EU", "--target", "EUR 5 million", "--part-of", "4")
    assert "This pledge has no target: the amounts of 5 are not counted in it." in (
        ok("show", "4").stdout
    )
    assert "(not counted in pledge 4, which has no target)" in ok("show", "5").stdout


def test_the_tree_stalls_by_its_latest_update_and_a_parts_progress_ends_a_stall(
    ledger_path: Path,
) -> None:
    ok("add", "Package", "--by", "EU", "--target", "EUR 1 billion", "--announced", "2024-01-01")
    ok("add", "Tranche", "--by", "EU", "--target", "EUR 400 million", "--part-of", "1",
       "--announced", "2024-01-01")  # fmt: skip
    ok("update", "1", "--on", "2024-03-01", "--status", "stalled", "--note", "talks paused")
    assert by_id("report", "--as-of", "2024-04-01")[1]["status"] == "stalled"
    ok("update", "2", "--on", "2024-05-01", "--amount", "EUR 100 million")
    assert by_id("report", "--as-of", "2024-04-01")[1]["status"] == "stalled"
    assert by_id("report", "--as-of", "2024-06-01")[1]["status"] == "in_progress"
    assert by_id("report", "--as-of", "2024-10-28")[1]["status"] == "in_progress"  # 180 days
    assert by_id("report", "--as-of", "2024-10-29")[1]["status"] == "stalled"  # 181 days
    ok("update", "1", "--on", "2024-11-01", "--note", "talks resumed")
    assert by_id("report", "--as-of", "2024-11-02")[1]["status"] == "in_progress"
    # A verdict of the parent's is its own; a part's verdict is the part's.
    ok("update", "2", "--on", "2024-11-05", "--status", "broken", "--note", "cut",
       "--source", "https://example.org/cut")  # fmt: skip
    states = by_id("report", "--as-of", "2024-11-06")
    assert (states[1]["status"], states[2]["status"]) == ("in_progress", "broken")
    ok("update", "1", "--on", "2024-11-10", "--status", "fulfilled",
       "--source", "https://example.org/done")  # fmt: skip
    parent = by_id("report", "--as-of", "2024-11-11")[1]
    assert parent["status"] == "fulfilled" and parent["conflict"]  # 10% counted


def test_voids_edits_and_deletes_of_a_part_reach_its_parent(ledger_path: Path) -> None:
    ok("add", "Package", "--by", "EU", "--target", "EUR 1 billion", "--announced", "2024-01-01")
    ok("add", "Tranche", "--by", "EU", "--target", "EUR 400 million", "--part-of", "1",
       "--announced", "2024-01-01")  # fmt: skip
    ok("add", "Other", "--by", "EU", "--target", "EUR 600 million", "--announced", "2024-01-01")
    ok("update", "2", "--on", "2024-02-01", "--amount", "EUR 300 million")
    ok("update", "2", "--on", "2024-03-01", "--amount", "EUR 50 million")
    ok("update", "3", "--on", "2024-03-01", "--amount", "EUR 200 million")

    def parent_counted() -> int:
        return int(by_id("report", "--as-of", "2024-06-01")[1]["counted"])

    assert parent_counted() == 350_000_000
    ok("update", "2", "--void", "2", "--note", "counted twice")
    assert parent_counted() == 300_000_000
    ok("edit", "3", "--part-of", "1")
    assert parent_counted() == 500_000_000
    ok("edit", "2", "--counts", "obligated")  # the tranche counts what nothing was recorded at
    assert parent_counted() == 200_000_000
    ok("edit", "2", "--counts", "disbursed")
    ok("edit", "3", "--part-of", "none")
    assert parent_counted() == 300_000_000
    history = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    by_title = {p["title"]: p for p in history["pledges"]}  # the document orders by creation
    edits = [e for e in by_title["Other"]["edits"] if e["field"] == "parent_uid"]
    parent_uid = by_id("report", "--as-of", "2024-06-01")[1]["uid"]
    assert [(e["old"], e["new"]) for e in edits] == [(None, parent_uid), (parent_uid, None)]
    ok("delete", "2", "--yes")
    assert parent_counted() == 0


def test_deleting_a_parent_keeps_its_parts_standing_on_their_own(trees: Path) -> None:
    done = ok("delete", "5", "--yes")
    assert "Pledges 6, 7, its parts, now stand on their own." in done.stderr
    left = by_id("report", "--as-of", "2022-12-31")
    assert left[6]["parent_uid"] is None and left[7]["parent_uid"] is None
    assert left[6]["status"] == "fulfilled"
    counts = "3 pledges (and 3 parts within them) as of 2025-06-30: 3 fulfilled"
    assert counts in ok("report", "--as-of", "2025-06-30").stdout
    shown = ok("show", "6").stdout
    assert "parent_uid" in shown  # the change is in the part's history
    assert ok("check").code == 0


def test_a_link_that_would_nest_or_loop_is_refused_and_nothing_changes(trees: Path) -> None:
    before = digest(trees)
    for args, code, why in [
        (("add", "Sub", "--by", "EU", "--part-of", "2"), 2, "pledge 2 is a part of pledge 1"),
        (("add", "Sub", "--by", "EU", "--part-of", "99"), 3, "no pledge with id 99"),
        (("add", "Sub", "--by", "EU", "--part-of", "two"), 2, "a pledge's id, not 'two'"),
        (("edit", "1", "--part-of", "1"), 2, "pledge 1 cannot be a part of itself"),
        (("edit", "1", "--part-of", "5"), 2, "pledge 1 has parts of its own (2, 3, 4)"),
        (("edit", "2", "--part-of", "6"), 2, "pledge 6 is a part of pledge 5"),
        (("edit", "5", "--part-of", "6"), 2, "pledge 6 is a part of pledge 5, which cannot"),
        (("edit", "2", "--part-of", "1"), 2, "nothing to change in pledge 2"),
        (("edit", "9", "--part-of", "1"), 3, "no pledge with id 9"),
        (("edit", "2", "--part-of", "1", "--part-of", "5"), 2, "given more than once"),
    ]:
        result = run(*args)
        assert_clean_error(result, code)
        assert why in result.stderr, (args, result.stderr)
    assert digest(trees) == before


def test_a_refused_link_is_one_clean_line_from_the_real_script(trees: Path) -> None:
    result = script("add", "Sub-loan", "--by", "EU", "--part-of", "2")
    assert_clean_error(result, 2)
    assert "a part has no parts of its own" in result.stderr


def test_check_flags_parts_whose_targets_exceed_their_parent(trees: Path) -> None:
    assert ok("check").code == 0
    ok("edit", "3", "--target", "EUR 2 billion")
    result = run("check")
    assert result.code == 1
    assert result.stdout == (
        "pledge 1: the targets of its parts (2, 3, 4) add up to EUR 7,600,000,000, more than "
        "its own EUR 7,400,000,000\n"
    )
    ok("edit", "3", "--target", "EUR 1.8 billion")
    ok("add", "Vaccines", "--by", "EU", "--target", "9 billion doses", "--part-of", "1")
    assert ok("check").code == 0  # another unit, not money: not added to the euros


def test_check_flags_a_part_of_a_part_written_by_other_means(trees: Path) -> None:
    conn = sqlite3.connect(trees)
    conn.execute("UPDATE pledges SET parent_id = 2 WHERE id = 3")
    conn.commit()
    conn.close()
    result = run("check")
    assert result.code == 1
    assert "pledge 3: it is a part of pledge 2, which is itself a part of pledge 1" in result.stdout


def test_the_status_view_carries_the_parent_and_the_parents_counted(trees: Path) -> None:
    conn = sqlite3.connect(trees)
    conn.row_factory = sqlite3.Row
    rows = {r["id"]: dict(r) for r in conn.execute("SELECT * FROM pledge_status")}
    conn.close()
    report = by_id("report")  # as of today, as the view is
    for pledge_id, row in rows.items():
        assert Decimal(str(row["counted"])) == Decimal(str(report[pledge_id]["counted"]))
        assert row["status"] == report[pledge_id]["status"]
        assert row["parent_uid"] == report[pledge_id]["parent_uid"]
    assert rows[1]["counted"] == 7_400_000_000
    assert [rows[i]["parent_id"] for i in (1, 2, 6)] == [None, 1, 5]


def test_a_ledger_of_the_previous_schema_keeps_its_facts_when_upgraded(
    ledger_path: Path,
) -> None:
    from sqlite_utils import Database

    from pledgetrack.storage.header import APPLICATION_ID
    from pledgetrack.storage.migrations import MIGRATIONS

    ok("add", "Ports", "--by", "US", "--target", "$100 million", "--announced", "2024-01-01")
    ok("update", "1", "--on", "2024-02-01", "--amount", "$40 million")
    ok("update", "1", "--on", "2024-03-01", "--status", "stalled")
    before = records("report", "--as-of", "2024-04-01")
    # The same ledger as pledgetrack wrote it before parts: its facts keyed by update alone.
    old = ledger_path.with_name("old.db")
    db = Database(sqlite3.connect(old))
    MIGRATIONS.apply(db, stop_before="m011_parts")
    src = sqlite3.connect(ledger_path)
    for table in ("actors", "pledges", "updates", "pledge_states"):
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()]
        rows = src.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        marks = ", ".join("?" for _ in columns)
        db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    src.close()
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS.applied(db))}")
    db.conn.commit()
    db.conn.close()
    after = records("--db", str(old), "report", "--as-of", "2024-04-01")
    assert after == before
    assert after[0]["counted"] == 40_000_000 and after[0]["status"] == "stalled"


def test_a_published_ledger_describes_the_parent_columns(trees: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    ok("publish", str(site))
    tables = json.loads((site / "metadata.json").read_text())["databases"]["pledges"]["tables"]
    columns = tables["pledge_status"]["columns"]
    assert "part of" in columns["parent_id"] and "each tree once" in columns["parent_id"]
    assert "uid" in columns["parent_uid"]
    assert "parts'" in columns["counted"]
    assert "part of" in tables["pledges"]["columns"]["parent_id"]
    assert tables["parts_left_out"]["hidden"] is True  # derived, like pledge_states
    conn = sqlite3.connect(site / "pledges.db")
    trees_once = conn.execute(
        "SELECT sum(target) FROM pledge_status WHERE unit = 'EUR' AND parent_id IS NULL"
    ).fetchone()[0]
    conn.close()
    assert trees_once == 7_400_000_000
