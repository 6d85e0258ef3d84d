"""`pledgetrack summary` run as command lines: groups, totals, counts and kept rates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_error, build_once, copy_ledger, ok, run
from conftest import ok as cli_ok

URL = "https://example.org/evidence"


def build_ledger(env: dict[str, str]) -> None:
    """Mexico: one fulfilled, one broken, one withdrawn; US: one in progress; tags overlap."""

    def ok(*args: str) -> None:
        cli_ok(*args, env=env)

    ok(
        "add",
        "Border money",
        "--by",
        "Mexico",
        "--target",
        "$100",
        "--announced",
        "2023-01-01",
        "--tag",
        "border",
        "--tag",
        "money",
    )
    ok("update", "1", "--on", "2023-02-01", "--amount", "100")
    ok(
        "add",
        "More border money",
        "--by",
        "Mexico",
        "--target",
        "$300",
        "--announced",
        "2023-01-01",
        "--tag",
        "border",
    )
    ok("update", "2", "--on", "2023-02-01", "--amount", "50")
    ok("update", "2", "--on", "2023-03-01", "--status", "broken", "--note", "cut", "--source", URL)
    ok(
        "add",
        "Withdrawn one",
        "--by",
        "Mexico",
        "--target",
        "10 visas",
        "--announced",
        "2023-01-01",
    )
    ok(
        "update",
        "3",
        "--on",
        "2023-02-01",
        "--status",
        "withdrawn",
        "--note",
        "dropped",
        "--source",
        URL,
    )
    ok(
        "add",
        "Refugees",
        "--by",
        "United States",
        "--target",
        "1,000 refugees",
        "--announced",
        "2023-01-01",
    )
    ok("update", "4", "--on", "2023-02-01", "--amount", "250")  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """That ledger, recorded once per module (its own folders, as `isolated_env` would give)."""
    return build_once(tmp_path_factory, "summary", build_ledger)


@pytest.fixture
def ledger(built: Path, ledger_path: Path) -> None:
    """A copy of that ledger where this test's commands look for it."""
    copy_ledger(built, ledger_path)


def summary_json(*args: str) -> dict[str, dict[str, Any]]:
    as_of = () if "--as-of" in args else ("--as-of", "2023-06-30")
    rows = json.loads(ok("summary", "--format", "json", *as_of, *args).stdout)
    key = args[args.index("--by") + 1] if "--by" in args else "actor"
    return {row[key]: row for row in rows}


def test_by_actor(ledger: None) -> None:
    groups = summary_json("--by", "actor")
    assert list(groups) == ["Mexico", "United States"]
    mexico = groups["Mexico"]
    assert mexico["pledges"] == 3
    assert mexico["by_status"] == {"fulfilled": 1, "broken": 1, "withdrawn": 1}
    usd = next(t for t in mexico["totals"] if t["unit"] == "USD")
    assert (usd["pledged"], usd["counted"], usd["progress"]) == (400, 150, 0.375)
    assert mexico["kept_rate"] == 0.5  # 1 fulfilled of 2 (withdrawn left out)
    assert mexico["kept_rate_final"] == pytest.approx(1 / 3, abs=1e-6)  # 1 of 3 final
    us = groups["United States"]
    assert us["kept_rate"] == 0
    assert us["kept_rate_final"] is None  # nothing final yet
    assert us["totals"][0]["progress"] == 0.25


def test_by_tag_counts_a_pledge_under_each_tag(ledger: None) -> None:
    groups = summary_json("--by", "tag")
    assert groups["border"]["pledges"] == 2
    assert groups["money"]["pledges"] == 1
    assert groups["(no tag)"]["pledges"] == 2


def test_by_status_and_filters(ledger: None) -> None:
    groups = summary_json("--by", "status", "--actor", "Mexico")
    assert list(groups) == ["fulfilled", "broken", "withdrawn"]
    earlier = summary_json("--by", "status", "--as-of", "2023-02-15")
    assert set(earlier) == {"fulfilled", "in_progress", "withdrawn"}


def test_table_csv_and_unknown_grouping(ledger: None) -> None:
    table = ok("summary", "--by", "actor", "--as-of", "2023-06-30").stdout
    for text in ("Mexico", "USD 400", "USD 150", "38%", "1 broken", "50%", "33%", "–"):
        assert text in table, text
    narrow = ok("summary", "--as-of", "2023-06-30", env={"COLUMNS": "40"}).stdout
    assert "1,000 refugees" in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 40
    csv_lines = ok("summary", "--format", "csv", "--as-of", "2023-06-30").stdout.splitlines()
    assert csv_lines[0].startswith("actor,pledges,unit,rate,unit_pledges,pledged,counted,progress")
    assert len(csv_lines) == 1 + 3  # Mexico: USD and visas; United States: refugees
    assert_clean_error(run("summary", "--by", "country"), 2)
