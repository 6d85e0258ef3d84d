"""One way in: `add`, `update`, `edit`, a CSV import and a JSON import read and check values the
same way (services/intake.py). Each test is a drift that once let one path disagree with another.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import assert_clean_error, digest, ok, run

URL = "https://example.org/a"
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def _export(*args: str) -> list[dict[str, object]]:
    rows = json.loads(ok("list", "--format", "json", *args).stdout)
    assert isinstance(rows, list)
    return rows


def _whole_ledger_with(pledge: dict[str, object]) -> dict[str, object]:
    record = {
        "uid": "0b7f5c1e-0000-4000-8000-000000000001", "id": 1, "title": "Visas",
        "actor": "United States", "recipient": None, "event": None, "kind": "quantity",
        "target": 100, "unit": "visas", "deadline": None, "deadline_precision": None,
        "deadline_basis": None, "deadline_phrase": None, "announced_on": "2022-06-10",
        "quote": None, "note": None, "created_at": "2022-06-10T12:00:00+00:00", "tags": [],
        "sources": [], "edits": [],
    }  # fmt: skip
    record.update(pledge)
    return {"format": "pledgetrack-ledger", "version": 1, "pledges": [record], "updates": []}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("zero.csv", "title,actor,target,unit\nZero via csv,Mexico,0,visas\n"),
        ("zero.json", json.dumps(_whole_ledger_with({"target": 0}))),
    ],
)
def test_an_import_refuses_a_zero_target_like_add(
    ledger_path: Path, tmp_path: Path, name: str, text: str
) -> None:
    assert_clean_error(run("add", "Zero", "--by", "Mexico", "--target", "0 visas"), 2)
    ok("init")
    before = digest(ledger_path)
    path = tmp_path / name
    path.write_text(text)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "target" in result.stderr and "more than zero" in result.stderr
    assert digest(ledger_path) == before


def test_a_json_quantity_pledge_without_counts_counts_delivered(
    ledger_path: Path, tmp_path: Path
) -> None:
    document = _whole_ledger_with({"counts": None})
    document["updates"] = [
        {"uid": "0b7f5c1e-0000-4000-8000-000000000002",
         "pledge_uid": "0b7f5c1e-0000-4000-8000-000000000001", "happened_on": "2023-01-01",
         "recorded_at": "2023-01-01T12:00:00+00:00", "stage": "delivered", "amount": 100,
         "unit": "visas", "mode": "increment", "verdict": None, "note": None, "quote": None,
         "sources": []},
    ]  # fmt: skip
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(document))
    ok("init")
    ok("import", str(path))
    [pledge] = _export("--as-of", "2023-06-30")
    assert pledge["counts"] == "delivered"
    assert pledge["counted"] == 100
    assert pledge["status"] == "fulfilled"


@pytest.mark.parametrize(
    ("phrase", "first", "moved"),
    [("+2y", "2024-01-01", "2025-06-01"), ("this year", "2022-12-31", "2023-12-31")],
)
def test_edit_announced_counts_a_relative_deadline_again(
    ledger_path: Path, phrase: str, first: str, moved: str
) -> None:
    ok("add", "Relative", "--by", "Mexico", "--due", phrase, "--announced", "2022-01-01")
    assert _export()[0]["deadline"] == first
    ok("edit", "1", "--announced", "2023-06-01")
    [pledge] = _export()
    assert pledge["deadline"] == moved
    assert pledge["deadline_phrase"] == phrase
    shown = ok("show", "1").stdout
    assert f"{phrase} = {first}" in shown and f"{phrase} = {moved}" in shown


def test_edit_announced_keeps_an_explicit_deadline(ledger_path: Path) -> None:
    ok("add", "Explicit", "--by", "Mexico", "--due", "2024", "--announced", "2022-01-01")
    ok("edit", "1", "--announced", "2023-06-01")
    assert _export()[0]["deadline"] == "2024-12-31"


@pytest.mark.parametrize(
    "args",
    [
        ("add", "T", "--by", "A", "--target", "€50 billion", "--target", "$54 billion"),
        ("add", "T", "--by", "A", "--by", "B"),
        ("add", "T", "--by=A", "--by=B"),
        ("update", "1", "--on", "2024-01-01", "--on", "2024-02-01", "--note", "n"),
        ("edit", "1", "--title", "One", "--title", "Two"),
        ("report", "--format", "json", "-f", "csv"),
        ("--db", "a.db", "--db", "b.db", "list"),
    ],
)
def test_an_option_that_takes_one_value_given_twice_is_refused(
    ledger_path: Path, args: tuple[str, ...]
) -> None:
    ok("add", "Visas", "--by", "US", "--target", "100 visas", "--announced", "2024-01-01")
    before = digest(ledger_path)
    result = run(*args)
    assert_clean_error(result, 2)
    assert "more than once" in result.stderr
    assert digest(ledger_path) == before


def test_repeatable_options_may_be_repeated(ledger_path: Path) -> None:
    ok("add", "Visas", "--by", "US", "--tag", "a", "--tag", "b", "--source", URL, "--source", URL)
    assert _export("--tag", "a", "--tag", "zzz")[0]["tags"] == ["a", "b"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "Future", "--by", "A", "--announced", TOMORROW), "after today"),
        (("add", "Early", "--by", "A", "--due", "2021", "--announced", "2022-07-12"), "before"),
        (("update", "1", "--on", TOMORROW, "--note", "not yet"), "after today"),
        (("edit", "1", "--announced", TOMORROW), "after today"),
        (("edit", "1", "--due", "2023"), "before"),
    ],
)
def test_dates_that_cannot_be_true_are_refused(
    ledger_path: Path, args: tuple[str, ...], words: str
) -> None:
    ok("add", "Visas", "--by", "US", "--target", "100 visas", "--announced", "2024-01-01")
    before = digest(ledger_path)
    result = run(*args)
    assert_clean_error(result, 2)
    assert words in result.stderr
    assert digest(ledger_path) == before


def test_a_csv_import_refuses_what_add_refuses_and_names_the_column(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init")
    before = digest(ledger_path)
    path = tmp_path / "early.csv"
    path.write_text(
        "title,actor,deadline_phrase,announced_on\n"
        "Fine,Mexico,2025,2024-01-01\n"
        "Early,Mexico,2021,2022-07-12\n"
    )
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "line 3" in result.stderr and "deadline_phrase" in result.stderr
    assert digest(ledger_path) == before


def test_an_amount_on_an_action_pledge_is_refused_and_check_finds_old_ones(
    ledger_path: Path,
) -> None:
    ok("add", "Reopen the port", "--by", "United States", "--announced", "2022-07-12")
    before = digest(ledger_path)
    result = run("update", "1", "--on", "2023-01-01", "--amount", "USD 1 billion")
    assert_clean_error(result, 2)
    assert "action" in result.stderr and "note" in result.stderr
    assert digest(ledger_path) == before
    ok("check")
    conn = sqlite3.connect(ledger_path)  # as a ledger of an earlier version may hold one
    conn.execute(
        "INSERT INTO updates (uid, pledge_id, happened_on, recorded_at, stage, amount_milli, "
        "unit, mode) VALUES ('u1', 1, '2023-01-01', '2023-01-01T00:00:00+00:00', 'committed', "
        "1000000000000, 'USD', 'total')"
    )
    conn.commit()
    conn.close()
    found = run("check")
    assert found.code == 1
    assert "update 1 records 1000000000 USD at committed on an action pledge" in found.stdout


def test_show_before_a_pledge_was_announced_says_so_instead_of_inventing_a_status(
    ledger_path: Path,
) -> None:
    ok("add", "Visas", "--by", "US", "--announced", "2024-01-01")
    result = run("show", "1", "--as-of", "2023-12-31")
    assert_clean_error(result, 2)
    assert "announced on 2024-01-01, after 2023-12-31" in result.stderr
    assert "not_started" in ok("show", "1", "--as-of", "2024-01-01").stdout
