"""`pledgetrack search` and `pledgetrack methodology` run as command lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build_once, copy_ledger, ok
from conftest import ok as cli_ok


def build_ledger(env: dict[str, str]) -> None:
    """Three pledges with words in titles, quotes, notes, sources and an update."""

    def ok(*args: str) -> None:
        cli_ok(*args, env=env)

    ok(
        "add",
        "Invest in border infrastructure",
        "--by",
        "Mexico",
        "--target",
        "$1.5 billion",
        "--announced",
        "2022-07-12",
        "--quote",
        "Mexico will invest with the U.S. on the border",
        "--source",
        "https://www.whitehouse.gov/fact-sheet-mexico",
    )
    ok(
        "add",
        "Resettle refugees",
        "--by",
        "United States",
        "--target",
        "20,000 refugees",
        "--announced",
        "2022-06-10",
        "--note",
        "Announced at the Summit of the Américas",
    )
    ok(
        "update",
        "2",
        "--on",
        "2023-09-30",
        "--total",
        "6,320 refugees",
        "--note",
        "State Department admissions report",
        "--source",
        "Refugee Processing Center, FY2023",
    )
    ok("add", "H-2B visas", "--by", "United States", "--target", "22,500 visas",
       "--announced", "2023-01-01")  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """That ledger, recorded once per module (its own folders, as `isolated_env` would give)."""
    return build_once(tmp_path_factory, "search", build_ledger)


@pytest.fixture
def ledger(built: Path, ledger_path: Path) -> None:
    """A copy of that ledger where this test's commands look for it."""
    copy_ledger(built, ledger_path)


def found(*args: str) -> list[int]:
    return [row["id"] for row in json.loads(ok("search", *args, "--format", "json").stdout)]


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("U.S.", [1]),  # punctuation taken as written, not query syntax
        ("fact-sheet", [1]),  # in a source URL
        ("border", [1]),  # title and wording
        ("americas", [2]),  # pledge note; accents ignored
        ("admissions", [2]),  # an update's note
        ("Processing Center", [2]),  # an update's source (a citation)
        ("H-2B", [3]),
        ("refugees OR visas", []),  # OR is a word here, not an operator
        ('"unbalanced', []),
        ("nothing-like-this", []),
    ],
)
def test_search_finds_words_wherever_they_are(ledger: None, text: str, ids: list[int]) -> None:
    assert found(text) == ids


def test_search_takes_filters_and_prints_one_line_when_empty(ledger: None) -> None:
    assert found("refugees visas") == []
    assert found("invest", "--actor", "Mexico") == [1]
    assert found("refugees", "--actor", "Mexico") == []
    assert ok("search", "zzz").stdout.strip().splitlines() == ["No pledges match."]
    table = ok("search", "refugees").stdout
    assert "Resettle refugees" in table


def test_search_sees_edits(ledger: None) -> None:
    ok("edit", "3", "--title", "Seasonal work visas")
    assert found("seasonal") == [3]
    ok("delete", "3", "--yes")
    assert found("seasonal") == []


def test_methodology_prints_the_rules() -> None:
    text = ok("methodology").stdout
    for phrase in (
        "more\n     than 180 days",
        "stays in force until later\n     progress or another verdict",
        "first reached",
        "announced after A are not shown",
        "below\n                90%",
        "fulfilled / pledges with a final status",
    ):
        assert phrase in text, phrase
