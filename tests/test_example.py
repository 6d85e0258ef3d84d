"""The example ledger: the committed pledges.db.example is what examples/build_example.py builds
from examples/seed_ledger.json, it says what the reference says as of 2025-06-30, every fact in it
has a source, and reading it changes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import digest, ok

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "pledgetrack" / "data" / "pledges.db.example"
BUILD = ROOT / "examples" / "build_example.py"
AS_OF = "2025-06-30"

Ledger = dict[str, Any]


def read(db: Path, *args: str) -> Any:
    """A command's JSON output on `db`; the environment is pinned here too, because the
    module-scoped fixture below runs outside the autouse one."""
    env = {"PLEDGETRACK_DB": str(db), "NO_COLOR": "1", "COLUMNS": "200"}
    return json.loads(ok("--db", str(db), *args, "--format", "json", env=env).stdout)


def read_ledger(db: Path) -> Ledger:
    """Everything a user sees of the ledger: list, show of each pledge, and the full export."""
    listing = read(db, "list", "--as-of", AS_OF)
    shown = []
    for pledge in listing:
        detail = read(db, "show", str(pledge["id"]), "--as-of", AS_OF)
        shown.append(detail)
    export = read(db, "export", "--what", "all")
    return {"list": listing, "show": shown, "export": export}


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ledger]:
    """A byte-for-byte copy of the committed example (reading it leaves -shm beside it) and its
    contents, read with the real console script."""
    assert EXAMPLE.is_file(), "pledges.db.example is missing: run `make example`"
    copy = tmp_path_factory.mktemp("committed") / "pledges.db.example"
    shutil.copyfile(EXAMPLE, copy)
    assert digest(copy) == digest(EXAMPLE)
    return copy, read_ledger(copy)


def by_title(ledger: Ledger, words: str) -> dict[str, Any]:
    """The one pledge (with its updates, from `show`) whose title contains these words."""
    found = [p for p in ledger["show"] if words in p["title"]]
    assert len(found) == 1, [p["title"] for p in ledger["show"]]
    pledge: dict[str, Any] = found[0]
    return pledge


def test_the_committed_example_is_what_the_script_builds(
    tmp_path: Path, committed: tuple[Path, Ledger]
) -> None:
    rebuilt = tmp_path / "rebuilt.db"
    subprocess.run([sys.executable, str(BUILD), str(rebuilt)], check=True, timeout=120)
    assert read_ledger(rebuilt) == committed[1], "pledges.db.example is stale: run `make example`"


def test_a_rebuild_replaces_the_file_it_is_given(tmp_path: Path) -> None:
    out = tmp_path / "example.db"
    for _ in range(2):
        subprocess.run([sys.executable, str(BUILD), str(out)], check=True, timeout=120)
    listing = read(out, "list")
    assert len(listing) == len({p["uid"] for p in listing}) >= 10


def test_statuses_as_of_mid_2025_agree_with_the_reference(committed: tuple[Path, Ledger]) -> None:
    ledger = committed[1]
    refugees = by_title(ledger, "20,000 refugees")
    assert refugees["status"] == "fulfilled"
    assert (refugees["counted"], refugees["late"]) == (31680, False)
    assert [(u["happened_on"], u["stage"], u["amount"]) for u in refugees["updates"]] == [
        ("2023-09-30", "delivered", 6320),
        ("2024-09-30", "delivered", 25360),
    ]
    mexico = by_title(ledger, "$1.5 billion in border infrastructure")
    assert mexico["status"] != "fulfilled"
    assert (mexico["deadline"], mexico["overdue"]) == ("2024-12-31", True)
    assert len(ledger["list"]) >= 10
    assert len({p["status"] for p in ledger["list"]}) >= 3


def test_the_example_mixes_kinds_and_currencies(committed: tuple[Path, Ledger]) -> None:
    pledges = committed[1]["list"]
    assert {p["kind"] for p in pledges} == {"money", "quantity", "action"}
    currencies = {p["unit"] for p in pledges if p["kind"] == "money"}
    assert "USD" in currencies and currencies - {"USD"}, currencies


def test_every_pledge_and_most_updates_carry_a_source(committed: tuple[Path, Ledger]) -> None:
    ledger = committed[1]
    assert all(p["sources"] for p in ledger["list"]), [
        p["title"] for p in ledger["list"] if not p["sources"]
    ]
    sourced = [u for u in ledger["export"]["updates"] if u["sources"]]
    assert len(sourced) >= 12
    final = [u for u in ledger["export"]["updates"] if u["verdict"] not in (None, "in_progress")]
    assert all(u["sources"] for u in final)


def test_the_h2b_visas_go_to_both_of_their_recipients(committed: tuple[Path, Ledger]) -> None:
    copy, ledger = committed
    assert by_title(ledger, "H-2B")["recipient"] == ["Northern Central America", "Haiti"]
    groups = read(copy, "summary", "--by", "recipient", "--as-of", AS_OF)
    by_name = {group["recipient"]: group["pledges"] for group in groups}
    assert by_name["Haiti"] == 1
    assert by_name["Northern Central America"] == 2  # the visas and the private investment
    haiti = read(copy, "list", "--to", "Haiti", "--as-of", AS_OF)
    assert [p["title"] for p in haiti] == [by_title(ledger, "H-2B")["title"]]


def test_disagreeing_sources_are_noted_not_hidden(committed: tuple[Path, Ledger]) -> None:
    ledger = committed[1]
    h2b = by_title(ledger, "H-2B")
    assert "22,500" in h2b["note"] and "11,500" in h2b["note"]
    mexico = by_title(ledger, "$1.5 billion in border infrastructure")
    assert "two years" in mexico["note"] and "three years" in mexico["note"]
    smuggling = by_title(ledger, "smugglers")
    assert "$50 million" in smuggling["note"] and "$60 million" in smuggling["note"]


def test_reading_the_example_leaves_its_bytes_unchanged(committed: tuple[Path, Ledger]) -> None:
    copy = committed[0]
    assert digest(copy) == digest(EXAMPLE)
    read_ledger(copy)
    ok("--db", str(copy), "list")
    ok("--db", str(copy), "show", "1")
    assert digest(copy) == digest(EXAMPLE)


def test_the_example_passes_check(committed: tuple[Path, Ledger]) -> None:
    copy = committed[0]
    result = ok("--db", str(copy), "check", env={"PLEDGETRACK_DB": str(copy)})
    assert "No problems found" in result.stdout + result.stderr
    assert digest(copy) == digest(EXAMPLE)
