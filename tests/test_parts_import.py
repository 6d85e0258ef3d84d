"""A part's parent travels as `parent_uid` in every export of pledges, and comes back in: a CSV
or a whole-ledger document may give a part before its parent, or name a parent the ledger holds;
a parent_uid found in neither, or a link that would nest or loop, is a bad row, named."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import assert_clean_error, build_once, copy_ledger, digest, ok, run
from conftest import ok as cli_ok


def build(env: dict[str, str]) -> None:
    """A package in two parts, one with progress, and a pledge on its own."""
    for args in [
        ("add", "Package", "--by", "EU", "--target", "EUR 1 billion", "--announced", "2024-01-01"),
        ("add", "Loans", "--by", "EU", "--target", "EUR 700 million", "--part-of", "1",
         "--announced", "2024-01-01"),
        ("add", "Grants", "--by", "EU", "--target", "EUR 300 million", "--part-of", "1",
         "--announced", "2024-01-01"),
        ("add", "Alone", "--by", "US", "--target", "$5 million", "--announced", "2024-01-01"),
        ("update", "2", "--on", "2024-02-01", "--amount", "EUR 350 million"),
    ]:  # fmt: skip
        cli_ok(*args, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, "parts_import", build)


@pytest.fixture
def ledger(built: Path, ledger_path: Path) -> Path:
    return copy_ledger(built, ledger_path)


def pledge_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def report(db: Path) -> list[dict[str, Any]]:
    """The pledges' own fields and computed state, by uid (a CSV import gives new short ids)."""
    found = ok("--db", str(db), "report", "--flat", "--as-of", "2024-06-01",
               "--format", "json").stdout  # fmt: skip
    fields = ("uid", "title", "counted", "status", "parent_uid")
    return sorted(({k: r[k] for k in fields} for r in json.loads(found)), key=lambda r: r["uid"])


def test_every_export_of_pledges_carries_parent_uid(ledger: Path, tmp_path: Path) -> None:
    rows = pledge_rows(ok("export").stdout)
    uid = rows[0]["uid"]
    assert [r["parent_uid"] for r in rows] == ["", uid, uid, ""]
    listed = json.loads(ok("export", "--format", "json").stdout)
    assert [r["parent_uid"] for r in listed] == [None, uid, uid, None]
    lines = ok("export", "--format", "ndjson").stdout.splitlines()
    assert json.loads(lines[2])["parent_uid"] == uid
    workbook = tmp_path / "pledges.xlsx"
    ok("export", "--format", "xlsx", "-o", str(workbook))
    sheet = openpyxl.load_workbook(workbook).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert [sheet.cell(row=n, column=header.index("parent_uid") + 1).value
            for n in (2, 3)] == [None, uid]  # fmt: skip
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    assert document["version"] >= 4  # the version that brought parent_uid, or later
    by_uid = {p["uid"]: p["parent_uid"] for p in document["pledges"]}  # in order of creation
    assert [by_uid[r["uid"]] for r in listed] == [None, uid, uid, None]


def test_a_csv_gives_parts_before_their_parent_and_they_come_back_whole(
    ledger: Path, tmp_path: Path
) -> None:
    rows = pledge_rows(ok("export").stdout)
    updates = tmp_path / "updates.csv"
    ok("export", "--what", "updates", "-o", str(updates))
    path = write_rows(tmp_path / "reversed.csv", list(reversed(rows)))
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    ok("--db", str(other), "import", str(path))
    ok("--db", str(other), "import", str(updates))
    assert report(other) == report(ledger)
    parent = next(r for r in report(other) if r["title"] == "Package")
    assert parent["counted"] == 350_000_000
    again = ok("--db", str(other), "import", str(path))
    assert "skipped 4" in again.stderr


def test_a_csv_part_may_name_a_parent_the_ledger_holds(ledger: Path, tmp_path: Path) -> None:
    uid = pledge_rows(ok("export").stdout)[0]["uid"]
    path = write_rows(tmp_path / "more.csv", [
        {"title": "Guarantees", "actor": "EU", "target": "100000000", "unit": "EUR",
         "announced_on": "2024-01-01", "parent_uid": uid},
    ])  # fmt: skip
    ok("import", str(path))
    assert [r["id"] for r in json.loads(ok("show", "1", "--format", "json").stdout)["parts"]] == [
        2,
        3,
        5,
    ]


@pytest.mark.parametrize(
    ("parent", "why"),
    [
        ("no-such-pledge", "no pledge with uid 'no-such-pledge' in the file or the ledger"),
        ("row-2", "a pledge cannot be a part of itself"),
        ("row-1", "pledge 6 is a part of pledge 5, and a part has no parts of its own"),
    ],
)
def test_a_bad_parent_uid_in_a_csv_is_named_by_line_and_column(
    ledger: Path, tmp_path: Path, parent: str, why: str
) -> None:
    rows = [
        {"uid": "row-1", "title": "First", "actor": "EU", "parent_uid": ""},
        {"uid": "row-2", "title": "Second", "actor": "EU", "parent_uid": parent},
        {"uid": "row-3", "title": "Third", "actor": "EU", "parent_uid": "row-2"},
    ]
    path = write_rows(tmp_path / "bad.csv", rows)
    before = digest(ledger)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    line = 4 if parent == "row-1" else 3
    assert f"bad.csv line {line}, column parent_uid: {why}" in result.stderr, result.stderr
    assert digest(ledger) == before


def test_the_whole_ledger_comes_back_byte_for_byte_with_parts_anywhere(
    ledger: Path, tmp_path: Path
) -> None:
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    exported = ok("export", "--what", "all", "--format", "json").stdout
    document["pledges"].reverse()  # every part before its parent
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    ok("--db", str(other), "import", str(path))
    assert report(other) == report(ledger)
    ndjson = tmp_path / "ledger.ndjson"
    ok("export", "--what", "all", "--format", "ndjson", "-o", str(ndjson))
    third = tmp_path / "third.db"
    ok("--db", str(third), "init")
    ok("--db", str(third), "import", str(ndjson))
    assert ok("--db", str(third), "export", "--what", "all", "--format", "json").stdout == exported


def test_a_bad_parent_uid_in_a_document_is_named_by_record_and_field(
    ledger: Path, tmp_path: Path
) -> None:
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    pledges = document["pledges"]
    part = next(n for n, p in enumerate(pledges) if p["parent_uid"] is not None)
    alone = next(  # a pledge of no tree, made a part of a part
        n
        for n, p in enumerate(pledges)
        if p["parent_uid"] is None and all(q["parent_uid"] != p["uid"] for q in pledges)
    )
    pledges[alone]["parent_uid"] = pledges[part]["uid"]
    path = tmp_path / "nested.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    before = digest(other)
    result = run("--db", str(other), "import", str(path))
    assert_clean_error(result, 1)
    assert "pledges record" in result.stderr and "field parent_uid" in result.stderr
    # whichever of the two links is read first is refused: a part's part, or a part with parts
    assert "a part has no parts" in result.stderr or "a part has none" in result.stderr
    assert digest(other) == before
    pledges[alone]["parent_uid"] = "elsewhere"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("--db", str(other), "import", str(path))
    assert_clean_error(result, 1)
    assert "no pledge with uid 'elsewhere' in the file or the ledger" in result.stderr
