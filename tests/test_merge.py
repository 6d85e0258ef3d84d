"""Merging a colleague's whole-ledger export, through the real commands on two real ledgers: they
diverge from one export — each adds pledges and updates, each edits its own fields of the same
pledges, both edit one field — and merge both ways to the same bytes, with exactly one conflict
listed, left as it was (exit 4) and settled by --prefer; the same file twice changes nothing;
--dry-run prints the plan and writes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, assert_clean_error, build_once, copy_ledger, digest, ok, run, script
from pledgetrack.formats.ledger_records import FIELDS
from pledgetrack.services.intake import EDIT_FIELDS
from pledgetrack.services.merge_rules import (
    ACTOR_FIELDS,
    EVENT_FIELDS,
    PARENT,
    PLEDGE_APART,
    PLEDGE_FIELDS,
    RATE_APART,
    SECTIONS,
    UPDATE_APART,
)
from test_terminal import assert_fits, in_terminal

CONFLICTS_LEFT = 4


class Side:
    """One analyst's ledger: its path, and commands run against it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {"PLEDGETRACK_DB": str(path)}

    def run(self, *args: str) -> Result:
        return run(*args, env=self.env)

    def ok(self, *args: str) -> Result:
        return ok(*args, env=self.env)

    def export(self, folder: Path, name: str) -> Path:
        """The whole ledger one record a line, written to `folder/name`."""
        path = folder / name
        path.write_text(self.ok("export", "--what", "all", "--format", "ndjson").stdout)
        return path

    def id_of(self, title: str) -> int:
        """The short id this ledger gives the pledge with this title."""
        pledges = json.loads(self.ok("list", "--format", "json").stdout)
        return int(next(p["id"] for p in pledges if p["title"] == title))

    def pledge(self, title: str) -> dict[str, Any]:
        """The pledge with this title, as `show --format json` gives it."""
        shown = self.ok("show", str(self.id_of(title)), "--format", "json").stdout
        return dict(json.loads(shown))

    def edits(self, title: str) -> list[tuple[str, str | None, str | None, str | None]]:
        """The pledge's edit history as stored: (field, old, new, origin)."""
        with sqlite3.connect(self.path) as conn:
            rows = conn.execute(
                "SELECT field, old, new, origin FROM pledge_edits WHERE pledge_id = ? "
                "ORDER BY edited_at, id",
                [self.id_of(title)],
            ).fetchall()
        conn.close()
        return [tuple(row) for row in rows]


BORDER, REFUGEES, PORTS = "Border infrastructure", "Resettle refugees", "Reopen ports of entry"


def _common(env: dict[str, str]) -> None:
    """The ledger both analysts start from."""
    ok("init", env=env)
    ok("add", BORDER, "--by", "Mexico", "--to", "United States", "--target", "$1.5 billion",
       "--due", "2024", "--announced", "2022-07-12", "--event", "Bilateral meeting",
       "--tag", "border", "--source", "https://example.org/a", env=env)  # fmt: skip
    ok("add", REFUGEES, "--by", "United States", "--target", "20,000 refugees",
       "--due", "FY2024", "--announced", "2022-06-10", env=env)  # fmt: skip
    ok("add", PORTS, "--by", "United States", "--announced", "2022-01-10", env=env)
    ok("update", "1", "--on", "2023-01-01", "--amount", "$500 million", env=env)
    ok("update", "2", "--on", "2023-03-01", "--total", "6,000 refugees", env=env)


@pytest.fixture(scope="module")
def common(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, "merge", _common)


@pytest.fixture
def sides(common: Path, tmp_path: Path) -> tuple[Side, Side]:
    """Mine, a copy of the common ledger; theirs, the common export imported into a ledger of
    its own (whose short ids need not be mine)."""
    mine = Side(copy_ledger(common, tmp_path / "mine.db"))
    theirs = Side(tmp_path / "theirs.db")
    theirs.ok("init")
    theirs.ok("import", str(mine.export(tmp_path, "common.ndjson")))
    return mine, theirs


def _diverge(mine: Side, theirs: Side) -> None:
    """Each adds a pledge and an update and edits a field of its own; both retitle REFUGEES."""
    mine.ok("edit", str(mine.id_of(BORDER)), "--note", "Checked against the budget")
    mine.ok("edit", str(mine.id_of(REFUGEES)), "--title", "Resettle refugees from the Americas")
    mine.ok("update", str(mine.id_of(BORDER)), "--on", "2023-06-01", "--amount", "$100 million")
    mine.ok("add", "Train border officers", "--by", "Canada", "--announced", "2023-01-05")
    theirs.ok("edit", str(theirs.id_of(BORDER)), "--due", "2025")
    theirs.ok("edit", str(theirs.id_of(REFUGEES)), "--title", "Refugee resettlement")
    theirs.ok("edit", str(theirs.id_of(PORTS)), "--tag", "ports")
    theirs.ok("update", str(theirs.id_of("Refugee resettlement")), "--on", "2023-09-30",
              "--total", "7,000")  # fmt: skip
    theirs.ok("add", "Fund shelters", "--by", "Chile", "--event", "Santiago summit")


@pytest.fixture
def diverged(sides: tuple[Side, Side]) -> tuple[Side, Side]:
    _diverge(*sides)
    return sides


def test_a_merge_adds_what_is_missing_and_takes_what_only_the_other_side_changed(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    merged = mine.run("import", str(theirs.export(tmp_path, "theirs.ndjson")))
    assert merged.code == CONFLICTS_LEFT, merged.stderr
    assert "added 1 pledge, 1 update, 2 edits, 1 actor, 1 event; updated 2 fields" in (
        merged.stderr
    )
    border = mine.pledge(BORDER)
    assert (border["deadline"], border["note"]) == ("2025-12-31", "Checked against the budget")
    assert mine.pledge(PORTS)["tags"] == ["ports"]
    shelters = mine.pledge("Fund shelters")
    assert (shelters["actor"], shelters["event"]) == ("Chile", "Santiago summit")
    refugees = mine.pledge("Resettle refugees from the Americas")
    assert [u["amount"] for u in refugees["updates"]] == [6000, 7000]
    assert refugees["counted"] == 7000  # the derived facts are rebuilt with the merged update
    assert mine.pledge("Train border officers")["actor"] == "Canada"  # its own stays


def test_a_field_both_sides_changed_is_one_conflict_left_as_it_is(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    merged = mine.run("import", str(theirs.export(tmp_path, "theirs.ndjson")))
    assert merged.code == CONFLICTS_LEFT
    lines = merged.stdout.splitlines()
    assert lines[0].split() == ["record", "field", "result", "mine", "theirs"]
    refugees = mine.id_of("Resettle refugees from the Americas")
    conflict = [line for line in lines if "conflict" in line]
    assert len(conflict) == 1 and conflict[0].split()[:4] == [
        "pledge", str(refugees), "title", "conflict",
    ]  # fmt: skip
    assert "Resettle refugees from the Americas" in conflict[0]
    assert "Refugee resettlement" in conflict[0]
    assert "1 conflict left as this ledger has it (settle with --prefer mine or --prefer " in (
        merged.stderr
    )
    history = mine.edits("Resettle refugees from the Americas")
    assert all(new != "Refugee resettlement" for _, _, new, _ in history)  # theirs waits
    record = json.loads(mine.run("import", str(tmp_path / "theirs.ndjson"), "-f", "json").stdout)
    assert record["conflicts"] == [
        {
            "record": "pledge",
            "pledge_id": refugees,
            "uid": mine.pledge("Resettle refugees from the Americas")["uid"],
            "field": "title",
            "mine": "Resettle refugees from the Americas",
            "theirs": "Refugee resettlement",
            "settled": None,
        }
    ]


def test_merging_both_ways_then_settling_gives_both_ledgers_the_same_bytes(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    assert mine.run("import", str(theirs.export(tmp_path, "b1.ndjson"))).code == CONFLICTS_LEFT
    assert theirs.run("import", str(mine.export(tmp_path, "a1.ndjson"))).code == CONFLICTS_LEFT
    settled = mine.run("import", str(theirs.export(tmp_path, "b2.ndjson")), "--prefer", "theirs")
    assert settled.code == 0, settled.stderr
    assert "settled 1 conflict with --prefer theirs" in settled.stderr
    assert "settled: theirs" in settled.stdout
    assert theirs.ok("import", str(mine.export(tmp_path, "a2.ndjson"))).stdout == ""
    ours = mine.ok("export", "--what", "all", "--format", "ndjson").stdout
    assert theirs.ok("export", "--what", "all", "--format", "ndjson").stdout == ours
    assert (
        mine.pledge("Refugee resettlement")["uid"] == theirs.pledge("Refugee resettlement")["uid"]
    )
    titles = [(f, o, n) for f, o, n, _ in mine.edits("Refugee resettlement") if f == "title"]
    assert titles[-1] == ("title", "Resettle refugees from the Americas", "Refugee resettlement")
    assert len(titles) == 3  # mine, theirs, and the settling: the history says why


def test_prefer_mine_keeps_this_ledgers_value_and_the_other_side_follows(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    kept = mine.run("import", str(theirs.export(tmp_path, "b.ndjson")), "--prefer", "mine")
    assert kept.code == 0
    assert "settled: mine" in kept.stdout
    mine.pledge("Resettle refugees from the Americas")  # the title stays
    follows = theirs.run("import", str(mine.export(tmp_path, "a.ndjson")))
    assert follows.code == 0, follows.stdout  # only mine changed the title since: no conflict
    theirs.pledge("Resettle refugees from the Americas")
    assert (
        theirs.ok("export", "--what", "all", "--format", "ndjson").stdout
        == mine.ok("export", "--what", "all", "--format", "ndjson").stdout
    )


def test_the_same_file_twice_changes_nothing(diverged: tuple[Side, Side], tmp_path: Path) -> None:
    mine, theirs = diverged
    path = theirs.export(tmp_path, "theirs.ndjson")
    mine.run("import", str(path), "--prefer", "theirs")
    before = digest(mine.path)
    again = mine.run("import", str(path), "--prefer", "theirs")
    assert again.code == 0
    assert "added 0 pledges, 0 updates; unchanged 4 pledges, 3 updates." in again.stderr
    assert again.stdout == ""  # no conflict, nothing settled
    assert digest(mine.path) == before


def test_dry_run_prints_the_plan_and_writes_nothing(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    path = theirs.export(tmp_path, "theirs.ndjson")
    before = digest(mine.path)
    plan = mine.run("import", str(path), "--dry-run")
    assert plan.code == CONFLICTS_LEFT  # the real run would leave it too
    rows = {tuple(line.split()[:4]) for line in plan.stdout.splitlines()[2:]}
    border, ports = str(mine.id_of(BORDER)), str(mine.id_of(PORTS))
    assert ("pledge", border, "deadline", "updated") in rows
    assert ("pledge", ports, "tags", "updated") in rows
    deadline = next(line for line in plan.stdout.splitlines() if "deadline" in line)
    assert deadline.split()[-2:] == ["2024", "2025"]  # mine, then theirs: old -> new
    assert plan.stderr.startswith("Would merge")
    assert "would add 1 pledge, 1 update" in plan.stderr
    assert plan.stderr.rstrip().endswith("Dry run: nothing written.")
    record = json.loads(mine.run("import", str(path), "--dry-run", "--format", "json").stdout)
    assert record["dry_run"] is True
    assert record["added"]["pledges"] == 1 and record["added"]["updates"] == 1
    assert {(u["field"], u["old"], u["new"]) for u in record["updated"]} == {
        ("deadline", "2024", "2025"), ("tags", "", "ports"),
    }  # fmt: skip
    assert [c["field"] for c in record["conflicts"]] == ["title"]
    assert record["unchanged"] == {"pledges": 0, "updates": 2, "rates": 0}
    assert digest(mine.path) == before


def test_merged_edits_keep_their_time_and_origin(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    path = theirs.export(tmp_path, "maria.ndjson")
    mine.run("import", str(path))
    edits = mine.edits(BORDER)
    assert ("note", None, "Checked against the budget", None) in edits  # made here
    assert ("deadline", "2024", "2025", str(path)) in edits
    shown = mine.ok("show", str(mine.id_of(BORDER))).stdout
    assert f"mergedfrom{path}" in "".join(shown.split())  # the path wraps in its column
    document = [json.loads(line) for line in path.read_text().splitlines()[1:]]
    border = next(r["pledges"] for r in document if r.get("pledges", {}).get("title") == BORDER)
    assert [(e["field"], e["old"], e["new"]) for e in border["edits"]] == [
        ("deadline", "2024", "2025")
    ]
    assert "origin" not in border["edits"][0]  # where an edit came from is this ledger's own


def test_both_sides_making_the_same_change_is_no_conflict(
    sides: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = sides
    for side in sides:
        side.ok("edit", str(side.id_of(PORTS)), "--note", "Reopened in May")
    merged = mine.run("import", str(theirs.export(tmp_path, "theirs.ndjson")))
    assert merged.code == 0 and merged.stdout == ""
    assert {e[:3] for e in mine.edits(PORTS)} == {("note", None, "Reopened in May")}


def test_a_pledge_the_other_side_lacks_goes_over_with_its_history(
    sides: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = sides
    theirs.ok("add", "Donate doses", "--by", "Japan", "--target", "1 million doses")
    theirs.ok("edit", str(theirs.id_of("Donate doses")), "--title", "Donate vaccine doses")
    theirs.ok("update", str(theirs.id_of("Donate vaccine doses")), "--amount", "250,000")
    mine.ok("import", str(theirs.export(tmp_path, "theirs.ndjson")))
    doses = mine.pledge("Donate vaccine doses")
    assert (doses["counted"], doses["progress"]) == (250000, 0.25)
    assert mine.edits("Donate vaccine doses") == [
        ("title", "Donate doses", "Donate vaccine doses", str(tmp_path / "theirs.ndjson"))
    ]


def test_an_update_changed_in_the_file_is_refused(sides: tuple[Side, Side], tmp_path: Path) -> None:
    mine, _ = sides
    path = mine.export(tmp_path, "mine.ndjson")
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if '"updates"' in line)
    record = json.loads(lines[number])
    record["updates"]["happened_on"] = "2023-01-02"  # a hand edit of a shared update
    lines[number] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    before = digest(mine.path)
    refused = mine.run("import", str(path))
    assert_clean_error(refused, 1)
    assert f"mine.ndjson updates record 1 (uid {record['updates']['uid']}), field happened_on" in (
        refused.stderr
    )
    assert "an update never changes (record a correction as a new update)" in refused.stderr
    assert digest(mine.path) == before


def test_two_voids_of_one_update_are_a_conflict(sides: tuple[Side, Side], tmp_path: Path) -> None:
    mine, theirs = sides
    first = mine.pledge(BORDER)["updates"][0]["uid"]
    mine.ok("update", str(mine.id_of(BORDER)), "--void", first, "--note", "Counted twice")
    theirs.ok("update", str(theirs.id_of(BORDER)), "--void", first, "--note", "Wrong amount")
    path = theirs.export(tmp_path, "theirs.ndjson")
    left = mine.run("import", str(path))
    assert left.code == CONFLICTS_LEFT
    [conflict] = [line for line in left.stdout.splitlines() if "conflict" in line]
    assert "void" in conflict and "Counted twice" in conflict and "Wrong amount" in conflict
    assert mine.run("import", str(path), "--prefer", "theirs").code == 0
    timeline = mine.ok("show", str(mine.id_of(BORDER))).stdout
    assert "Wrong amount" in timeline and "Counted twice" not in timeline


def test_an_actor_typed_two_ways_ends_with_the_same_name_on_both_sides(
    sides: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = sides
    mine.ok("add", "Visas", "--by", "UK", "--announced", "2023-01-01")
    theirs.ok("add", "Scholarships", "--by", "United Kingdom", "--announced", "2023-01-01")
    mine.ok("import", str(theirs.export(tmp_path, "b.ndjson")))
    theirs.ok("import", str(mine.export(tmp_path, "a.ndjson")))
    for side in sides:
        assert side.pledge("Visas")["actor"] == "United Kingdom"  # the fuller of the two
    assert (
        theirs.ok("export", "--what", "all", "--format", "ndjson").stdout
        == mine.ok("export", "--what", "all", "--format", "ndjson").stdout
    )


def test_a_field_taken_that_breaks_a_rule_with_those_kept_is_refused(
    sides: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = sides
    mine.ok("edit", str(mine.id_of(BORDER)), "--announced", "2023-03-01")
    theirs.ok("edit", str(theirs.id_of(BORDER)), "--due", "2022-12-31")
    before = digest(mine.path)
    refused = mine.run("import", str(theirs.export(tmp_path, "theirs.ndjson")))
    assert_clean_error(refused, 1)
    assert "comes before the announced date" in refused.stderr
    assert f"into this ledger's pledge {mine.id_of(BORDER)}" in refused.stderr
    assert digest(mine.path) == before


def test_prefer_goes_with_a_whole_ledger_export(sides: tuple[Side, Side], tmp_path: Path) -> None:
    mine, _ = sides
    path = tmp_path / "pledges.csv"
    path.write_text("title,actor\nNew,Peru\n")
    before = digest(mine.path)
    assert_clean_error(mine.run("import", str(path), "--prefer", "theirs"), 2)
    assert_clean_error(mine.run("import", str(path), "--prefer", "ours"), 2)
    assert digest(mine.path) == before


def test_the_real_script_exits_4_with_the_conflict_and_no_traceback(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    path = theirs.export(tmp_path, "theirs.ndjson")
    result = script("import", str(path), env=mine.env)
    assert result.code == CONFLICTS_LEFT
    assert "conflict" in result.stdout and "Refugee resettlement" in result.stdout
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Merged ")
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_an_export_of_a_merged_ledger_imports_into_an_empty_one_unchanged(
    diverged: tuple[Side, Side], tmp_path: Path
) -> None:
    mine, theirs = diverged
    mine.run("import", str(theirs.export(tmp_path, "theirs.ndjson")), "--prefer", "theirs")
    first = mine.ok("export", "--what", "all", "--format", "ndjson").stdout
    empty = Side(tmp_path / "empty.db")
    empty.ok("init")
    empty.ok("import", str(mine.export(tmp_path, "merged.ndjson")))
    assert empty.ok("export", "--what", "all", "--format", "ndjson").stdout == first
    as_of = ("--as-of", "2025-06-30", "--format", "json")
    reports: list[list[dict[str, Any]]] = []
    for side in (mine, empty):
        records = json.loads(side.ok("report", *as_of).stdout)
        reports.append(sorted(({**r, "id": None} for r in records), key=lambda r: r["uid"]))
    assert reports[0] == reports[1]  # the same derived facts, whichever way they came in


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 120, 160])
def test_the_plan_keeps_ids_amounts_and_dates_whole_at_every_width(
    sides: tuple[Side, Side], tmp_path: Path, columns: int
) -> None:
    mine, theirs = sides
    long = "Resettle refugees from the Americas through the regional processing centres"
    mine.ok("edit", str(mine.id_of(REFUGEES)), "--title", long)
    theirs.ok("edit", str(theirs.id_of(REFUGEES)), "--title", "Refugee resettlement")
    theirs.ok("edit", str(theirs.id_of(BORDER)), "--target", "$2 billion", "--due", "2025-06-30")
    path = theirs.export(tmp_path, "theirs.ndjson")
    screen, raw = in_terminal(["import", str(path), "--dry-run", "--prefer", "theirs"], columns,
                              mine.env)  # fmt: skip
    table, message = raw.rstrip("\r\n").rsplit("\n", 1)  # one line on stderr: the terminal wraps it
    assert message.startswith("Would merge")
    text = assert_fits(screen, table, columns)
    lines = text.splitlines()
    for whole in (f"pledge {mine.id_of(BORDER)}", f"pledge {mine.id_of(long)}", "2025-06-30",
                  "1500000000 USD", "2000000000 USD", "settled: theirs", "updated"):  # fmt: skip
        assert any(whole in line for line in lines), (whole, text)


def test_every_section_and_field_of_a_record_has_a_merge_rule() -> None:
    assert set(SECTIONS) == set(FIELDS["document"]) - {"format", "version"}
    assert set(ACTOR_FIELDS) == set(FIELDS["actors"])
    assert set(EVENT_FIELDS) == set(FIELDS["events"])
    assert set(PLEDGE_FIELDS) | {PARENT} == set(EDIT_FIELDS)
    covered = {f for rule in PLEDGE_FIELDS.values() for f in rule.fields} | set(PLEDGE_APART)
    assert covered == set(FIELDS["pledges"])
    assert set(UPDATE_APART) <= set(FIELDS["updates"])  # the others never change
    assert set(RATE_APART) <= set(FIELDS["rates"])  # the others never change
