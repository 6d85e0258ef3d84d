"""Several recipients of one pledge, run as command lines: `add --to A --to B` keeps them in
order, `edit --to` replaces them (`--to none` clears them) and keeps the change in the history;
a recipient given twice is refused; `--to` filters by any of them; every format and import
carries the list; `summary --by recipient` counts a pledge under each of them, once overall."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import assert_clean_error, digest, ok, run, script

VISAS = ("add", "Offer H-2B visas", "--by", "United States", "--to", "Northern Central America",
         "--to", "Haiti", "--target", "22,500 visas", "--announced", "2022-06-10")  # fmt: skip
AS_OF = ("--as-of", "2024-12-31")


def pledges(*args: str) -> list[dict[str, Any]]:
    """The pledges `list` selects, as JSON records."""
    records = json.loads(ok("list", "--format", "json", "--sort", "id", *AS_OF, *args).stdout)
    assert isinstance(records, list)
    return records


def whole_ledger() -> dict[str, Any]:
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    assert isinstance(document, dict)
    return document


def test_add_keeps_the_recipients_in_the_order_given(ledger_path: Path) -> None:
    ok(*VISAS)
    [pledge] = pledges()
    assert pledge["recipient"] == ["Northern Central America", "Haiti"]
    line = ok("list", "--format", "ndjson", *AS_OF).stdout.splitlines()[0]
    assert json.loads(line)["recipient"] == ["Northern Central America", "Haiti"]
    shown = ok("show", "1").stdout
    assert "Northern Central America, Haiti" in shown
    [row] = csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout))
    assert row["recipient"] == "Northern Central America;Haiti"
    markdown = ok("report", "--format", "markdown", *AS_OF).stdout
    assert "| United States | Northern Central America; Haiti | Offer H-2B visas |" in markdown


@pytest.mark.parametrize(
    ("names", "why"),
    [
        (("Haiti", "Haiti"), "the recipient 'Haiti' is given twice"),
        (("Haiti", "HAITI "), "the recipients 'Haiti' and 'HAITI' are the same actor"),
        (("US", "U.S."), "the recipients 'US' and 'U.S.' are the same actor"),
        (("none", "Haiti"), "'none' (no recipient) goes alone"),
        (("Haiti", " "), "the recipient '' is blank"),
    ],
)
def test_a_recipient_given_twice_or_beside_none_is_refused(
    ledger_path: Path, names: tuple[str, ...], why: str
) -> None:
    ok("add", "Border", "--by", "Mexico", "--to", "Guatemala")
    before = digest(ledger_path)
    to = [arg for name in names for arg in ("--to", name)]
    for command in (["add", "Visas", "--by", "United States"], ["edit", "1"]):
        result = run(*command, *to)
        assert_clean_error(result, 2)
        assert why in result.stderr, result.stderr
        assert digest(ledger_path) == before


def test_a_recipient_given_twice_is_one_clean_error_from_the_script(ledger_path: Path) -> None:
    ok("init")
    before = digest(ledger_path)
    result = script("add", "Visas", "--by", "US", "--to", "Haiti", "--to", "haiti")
    assert_clean_error(result, 2)
    assert "give each recipient once" in result.stderr
    assert digest(ledger_path) == before


def test_edit_replaces_the_recipients_and_keeps_each_change(ledger_path: Path) -> None:
    ok(*VISAS)
    ok("edit", "1", "--to", "Haiti", "--to", "Northern Central America", "--to", "Colombia")
    assert pledges()[0]["recipient"] == ["Haiti", "Northern Central America", "Colombia"]
    ok("edit", "1", "--title", "H-2B visas")  # other fields leave the recipients as they are
    assert pledges()[0]["recipient"] == ["Haiti", "Northern Central America", "Colombia"]
    before = digest(ledger_path)
    same = run("edit", "1", "--to", "haiti", "--to", "northern central america", "--to", "COLOMBIA")
    assert_clean_error(same, 2)  # the same actors in the same order: nothing to change
    assert "nothing to change" in same.stderr
    assert digest(ledger_path) == before
    ok("edit", "1", "--to", "none")
    assert pledges()[0]["recipient"] == []
    ok("edit", "1", "--to", "Haiti")
    with sqlite3.connect(ledger_path) as conn:  # the history in the order it was made
        edits = conn.execute("SELECT field, old, new FROM pledge_edits ORDER BY id").fetchall()
    assert edits == [
        ("recipient", "Northern Central America;Haiti", "Haiti;Northern Central America;Colombia"),
        ("title", "Offer H-2B visas", "H-2B visas"),
        ("recipient", "Haiti;Northern Central America;Colombia", None),
        ("recipient", None, "Haiti"),
    ]
    shown = ok("show", "1").stdout
    assert "Haiti;Northern Central America;Colombia" in shown  # the history, in `show`


def test_the_to_filter_matches_any_recipient(ledger_path: Path) -> None:
    ok(*VISAS)
    ok("add", "Border", "--by", "Mexico", "--to", "United States", "--announced", "2022-07-12")
    ok("add", "Trees", "--by", "Mexico", "--to", "Haiti", "--to", "Honduras")
    ok("add", "Alone", "--by", "Mexico")
    assert [p["id"] for p in pledges("--to", "haiti")] == [1, 3]
    assert [p["id"] for p in pledges("--to", "Northern Central America")] == [1]
    assert [p["id"] for p in pledges("--to", "U.S.", "--to", "Honduras")] == [2, 3]
    assert [p["id"] for p in pledges("--to", "Haiti", "--actor", "Mexico")] == [3]
    report = json.loads(ok("report", "--to", "Haiti", "--format", "json", *AS_OF).stdout)
    assert sorted(p["id"] for p in report) == [1, 3]


def test_summary_counts_a_pledge_under_each_recipient_and_once_overall(ledger_path: Path) -> None:
    ok(*VISAS)
    ok("add", "Border", "--by", "Mexico", "--to", "Haiti", "--target", "$100",
       "--announced", "2022-07-12")  # fmt: skip
    ok("add", "Trees", "--by", "Mexico", "--target", "$50", "--announced", "2022-07-12")
    groups = json.loads(ok("summary", "--by", "recipient", "--format", "json", *AS_OF).stdout)
    counted = {g["recipient"]: (g["pledges"], [(t["unit"], t["pledged"]) for t in g["totals"]])
               for g in groups}  # fmt: skip
    assert counted == {
        "Haiti": (2, [("USD", 100), ("visas", 22500)]),
        "Northern Central America": (1, [("visas", 22500)]),
        "(no recipient)": (1, [("USD", 50)]),
    }
    table = ok("summary", "--by", "recipient", *AS_OF).stdout
    assert "A pledge with several recipients counts under each of them" in table
    assert "3 pledges: 3 not_started" in table  # the overall line counts the visas once
    assert "counts under each" not in ok("summary", "--by", "actor", *AS_OF).stdout
    rows = list(csv.DictReader(io.StringIO(ok("summary", "--by", "recipient", "-f", "csv",
                                              *AS_OF).stdout)))  # fmt: skip
    assert [(r["recipient"], r["unit"]) for r in rows] == [
        ("Haiti", "USD"), ("Haiti", "visas"), ("Northern Central America", "visas"),
        ("(no recipient)", "USD"),
    ]  # fmt: skip


def test_the_whole_ledger_round_trips_and_an_older_export_still_imports(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok(*VISAS)
    ok("edit", "1", "--to", "Haiti", "--to", "Northern Central America")
    saved = tmp_path / "ledger.json"
    ok("export", "--what", "all", "--format", "json", "-o", str(saved))
    document = json.loads(saved.read_text())
    assert document["pledges"][0]["recipient"] == ["Haiti", "Northern Central America"]
    other = {"PLEDGETRACK_DB": str(tmp_path / "other.db")}
    ok("init", env=other)
    ok("import", str(saved), env=other)
    again = ok("export", "--what", "all", "--format", "json", env=other).stdout
    assert again == saved.read_text()
    lines = tmp_path / "ledger.ndjson"
    ok("export", "--what", "all", "--format", "ndjson", "-o", str(lines))
    ndjson = {"PLEDGETRACK_DB": str(tmp_path / "lines.db")}
    ok("init", env=ndjson)
    ok("import", str(lines), env=ndjson)
    assert ok("export", "--what", "all", "--format", "json", env=ndjson).stdout == again
    # an export of version 2 wrote one recipient as text, or null
    document["version"] = 2
    document["pledges"][0]["recipient"] = "Haiti"
    document["pledges"][0]["uid"] = "older-1"
    document["pledges"][0]["title"] = "Older visas"
    document["pledges"][0]["edits"] = []
    document["pledges"].append({**document["pledges"][0], "uid": "older-2", "title": "None"})
    document["pledges"][1]["recipient"] = None
    document["updates"] = []
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    ok("import", str(older))
    by_title = {p["title"]: p["recipient"] for p in pledges()}
    assert by_title == {
        "Offer H-2B visas": ["Haiti", "Northern Central America"],
        "Older visas": ["Haiti"],
        "None": [],
    }


@pytest.mark.parametrize(
    ("recipient", "why"),
    [
        (["Haiti", "haiti"], "the recipients 'Haiti' and 'haiti' are the same actor"),
        (["Haiti", " Honduras"], "the recipient ' Honduras' is blank or has spaces around it"),
        (["Haiti", 7], "expected text, found a number"),
        ({"name": "Haiti"}, "expected a list, found an object"),
    ],
)
def test_a_document_with_bad_recipients_is_refused_whole(
    ledger_path: Path, tmp_path: Path, recipient: Any, why: str
) -> None:
    ok(*VISAS)
    document = whole_ledger()
    document["pledges"][0].update(uid="another", title="Another", recipient=recipient)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "pledges record 1 (uid another), field recipient" in result.stderr, result.stderr
    assert why in result.stderr, result.stderr
    assert digest(ledger_path) == before


def test_a_csv_reads_the_recipients_of_its_cells(ledger_path: Path, tmp_path: Path) -> None:
    ok(*VISAS)
    ok("add", "Odd names", "--by", "Mexico", "--to", "A;B", "--to", "=C", "--to", "D\\E")
    exported = ok("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows[1]["recipient"] == "A\\;B;=C;D\\\\E"  # escaped, and the cell starts plainly
    path = tmp_path / "pledges.csv"
    path.write_text(exported)
    other = {"PLEDGETRACK_DB": str(tmp_path / "other.db")}
    ok("init", env=other)
    ok("import", str(path), env=other)
    imported = json.loads(ok("list", "-f", "json", "--sort", "id", env=other).stdout)
    assert [p["recipient"] for p in imported] == [
        ["Northern Central America", "Haiti"],
        ["A;B", "=C", "D\\E"],
    ]
    path.write_text(
        "title,actor,recipient\nTrees,Mexico,Honduras;El Salvador\nAgain,Mexico,US;U.S.\n"
    )
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "pledges.csv line 3, column recipient:" in result.stderr
    assert "the recipients 'US' and 'U.S.' are the same actor" in result.stderr
    assert digest(ledger_path) == before
    path.write_text("title,actor,recipient\nTrees,Mexico,Honduras;El Salvador\nAlone,Mexico,\n")
    ok("import", str(path))
    assert [p["recipient"] for p in pledges()][2:] == [["Honduras", "El Salvador"], []]


def test_a_workbook_joins_the_recipients(ledger_path: Path, tmp_path: Path) -> None:
    ok(*VISAS)
    path = tmp_path / "pledges.xlsx"
    ok("export", "--format", "xlsx", "-o", str(path))
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert row["recipient"] == "Northern Central America; Haiti"


def test_a_pledge_deleted_takes_its_recipients_not_the_actors(ledger_path: Path) -> None:
    ok(*VISAS)
    ok("delete", "1", "--yes")
    conn = sqlite3.connect(ledger_path)
    assert conn.execute("SELECT count(*) FROM pledge_recipients").fetchone() == (0,)
    names = {row[0] for row in conn.execute("SELECT name FROM actors")}
    conn.close()
    assert names == {"United States", "Northern Central America", "Haiti"}
    assert ok("check").code == 0


def test_duplicates_on_import_still_match_with_several_recipients(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok(*VISAS)
    path = tmp_path / "again.csv"
    path.write_text(
        "uid,title,actor,recipient,announced_on\nother-uid,Offer H-2B visas,US,Haiti,2022-06-10\n"
    )
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "probably pledge 1 again" in result.stderr
    ok("import", str(path), "--allow-duplicates")
    assert [p["recipient"] for p in pledges()] == [["Northern Central America", "Haiti"], ["Haiti"]]


def test_two_names_one_actor_by_an_imported_alias_are_refused(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok(*VISAS)
    document = whole_ledger()
    for actor in document["actors"]:
        if actor["name"] == "Haiti":
            actor["aliases"] = [{"name": "Ayiti", "key": "ayiti"}]
    merged = tmp_path / "aliases.json"
    merged.write_text(json.dumps(document))
    ok("import", str(merged))  # the alias, nothing else: the pledge is there already
    before = digest(ledger_path)
    result = run("add", "Trees", "--by", "Mexico", "--to", "Haiti", "--to", "Ayiti")
    assert_clean_error(result, 2)
    assert "the recipients 'Haiti' and 'Ayiti' are the same actor" in result.stderr
    path = tmp_path / "pledges.csv"
    path.write_text("title,actor,recipient\nTrees,Mexico,Honduras\nMore trees,Mexico,Ayiti;Haiti\n")
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert (
        "pledges.csv line 3, column recipient: the recipients 'Ayiti' and 'Haiti'" in result.stderr
    )
    document["pledges"][0].update(uid="another", title="Another", recipient=["Ayiti", "Haiti"])
    merged.write_text(json.dumps(document))
    result = run("import", str(merged))
    assert_clean_error(result, 1)
    assert "(uid another), field recipient: the recipients 'Ayiti' and 'Haiti'" in result.stderr
    assert digest(ledger_path) == before
    ok("edit", "1", "--to", "Ayiti")  # one of them alone is Haiti
    assert pledges()[0]["recipient"] == ["Haiti"]
