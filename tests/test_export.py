"""`pledgetrack export`, run as command lines: the documented columns, spreadsheet
safety, `-o` never leaving half a file, and the lossless whole-ledger round trip."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import assert_clean_error, build_once, copy_ledger, digest, ok, run
from conftest import ok as cli_ok

PLEDGE_COLUMNS = (
    "uid,id,title,actor,recipient,kind,target,unit,target_high,target_qualifier,target_rate,"
    "target_text,counts,counted,progress,deadline,"
    "deadline_precision,deadline_phrase,announced_on,event,tags,status,overdue,days_overdue,"
    "due_soon,late,conflict,as_of,sources,quote,note,parent_uid"
)
UPDATE_COLUMNS = (
    "uid,pledge_uid,pledge_id,happened_on,recorded_at,stage,amount,unit,mode,status,note,"
    "sources,quote,voided_at,void_note"
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def build_ledger(env: dict[str, str]) -> None:
    """A ledger with history of every kind: aliases, an event, edits, a deleted pledge, sources."""

    def ok(*args: str) -> None:
        cli_ok(*args, env=env)

    ok("add", "Invest in border infrastructure", "--by", "Mexico", "--to", "U.S.",
       "--target", "$1.5 billion", "--due", "between 2022 and 2024", "--announced",
       "2022-07-12", "--event", "Biden–López Obrador meeting", "--source",
       "https://www.whitehouse.gov/statement", "--quote", "=HYPERLINK(\"x\")", "--tag", "border",
       "--tag", "@risk")  # fmt: skip
    ok("add", "Gone", "--by", "Mexico")
    ok("add", "Resettle refugees", "--by", "US", "--target", "20,000 refugees",
       "--due", "+2y", "--announced", "2022-06-10", "--note", "-3 revised")  # fmt: skip
    ok("delete", "2", "--yes")
    ok("update", "1", "--on", "2023-03-01", "--amount", "500 million USD", "--stage",
       "disbursed", "--source", "Reuters, 2023-03-02", "--quote", "«we paid»")  # fmt: skip
    ok("update", "3", "--on", "2023-09-30", "--total", "6,320 refugees")
    ok("update", "3", "--on", "2023-10-30", "--amount", "-5 refugees", "--note", "correction")
    ok("update", "1", "--on", "2025-02-01", "--status", "partially_fulfilled", "--note",
       "Only part documented", "--source", "https://example.org/b")  # fmt: skip
    ok("edit", "3", "--title", "Resettle refugees from the Americas")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """That ledger, recorded once per module (its own folders, as `isolated_env` would give)."""
    return build_once(tmp_path_factory, "export", build_ledger)


@pytest.fixture
def ledger(built: Path, ledger_path: Path) -> Path:
    """A copy of that ledger where this test's commands look for it."""
    return copy_ledger(built, ledger_path)
    return ledger_path


def test_pledge_csv_columns_and_values(ledger: Path) -> None:
    out = ok("export", "--as-of", "2024-06-30").stdout
    assert out.splitlines()[0] == PLEDGE_COLUMNS
    first, second = rows(out)
    assert first["id"] == "1"
    assert first["target"] == "1500000000"
    assert first["unit"] == "USD"
    assert first["counted"] == "500000000"
    assert first["deadline"] == "2024-12-31"
    assert first["recipient"] == "U.S."
    assert first["tags"] == "'@risk;border"
    assert first["sources"] == "https://www.whitehouse.gov/statement"
    assert first["status"] == "stalled"  # last update more than 180 days before
    assert second["counted"] == "6315"
    assert second["overdue"] == "true"
    assert second["days_overdue"] == "20"  # due 2024-06-10 (+2y), as of 2024-06-30
    later = rows(ok("export", "--as-of", "2025-06-30").stdout)[0]
    assert later["status"] == "partially_fulfilled"


def test_formulas_neutralised_numbers_stay_numbers(ledger: Path) -> None:
    updates = rows(ok("export", "--what", "updates").stdout)
    assert [u["amount"] for u in updates] == ["500000000", "", "6320", "-5"]
    pledges = rows(ok("export").stdout)
    assert pledges[0]["quote"] == '\'=HYPERLINK("x")'
    assert pledges[1]["note"] == "'-3 revised"
    raw = rows(ok("export", "--raw").stdout)
    assert raw[0]["quote"] == '=HYPERLINK("x")'
    assert raw[1]["note"] == "-3 revised"


def test_update_columns_and_filters(ledger: Path) -> None:
    out = ok("export", "--what", "updates", "--actor", "US").stdout
    assert out.splitlines()[0] == UPDATE_COLUMNS
    updates = rows(out)
    assert [u["happened_on"] for u in updates] == ["2023-09-30", "2023-10-30"]
    assert {u["pledge_id"] for u in updates} == {"3"}
    assert updates[0]["mode"] == "total"


def test_json_and_ndjson(ledger: Path) -> None:
    records = json.loads(ok("export", "--format", "json", "--as-of", "2024-06-30").stdout)
    assert [r["id"] for r in records] == [1, 3]
    assert records[0]["tags"] == ["@risk", "border"]
    assert records[0]["quote"] == '=HYPERLINK("x")'  # JSON is not a spreadsheet
    lines = ok("export", "--what", "updates", "--format", "ndjson").stdout.splitlines()
    assert [json.loads(line)["amount"] for line in lines] == [500000000, None, 6320, -5]


def test_whole_ledger_round_trip_is_identical(ledger: Path, tmp_path: Path) -> None:
    first = ok("export", "--what", "all", "--format", "json").stdout
    document = json.loads(first)
    assert document["format"] == "pledgetrack-ledger"
    pledges = {p["title"]: p for p in document["pledges"]}
    assert set(pledges) == {
        "Invest in border infrastructure",
        "Resettle refugees from the Americas",
    }
    assert all("id" not in p for p in document["pledges"])  # this ledger's own
    refugees = pledges["Resettle refugees from the Americas"]
    assert refugees["edits"][0]["field"] == "title"
    assert refugees["deadline_basis"] == "relative"
    reuters = [u for u in document["updates"] if u["quote"] == "«we paid»"]
    assert reuters[0]["sources"] == [
        {"url": None, "citation": "Reuters, 2023-03-02", "quote": None}
    ]
    assert any(a["aliases"] for a in document["actors"])
    saved = tmp_path / "ledger.json"
    saved.write_text(first, encoding="utf-8")
    other = tmp_path / "other.db"
    env = {"PLEDGETRACK_DB": str(other)}
    ok("init", env=env)
    assert "added 2 pledges, 4 updates" in ok("import", str(saved), env=env).stderr
    second = ok("export", "--what", "all", "--format", "json", env=env).stdout
    assert second == first

    def without_ids(text: str) -> list[dict[str, str]]:  # the short ids are each ledger's own
        return sorted(({k: v for k, v in r.items() if k != "id"} for r in rows(text)),
                      key=lambda r: r["uid"])  # fmt: skip

    assert without_ids(ok("export", env=env).stdout) == without_ids(ok("export").stdout)


def test_output_file_written_whole(ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old contents\n", encoding="utf-8")
    assert ok("export", "-o", str(target)).stdout == ""
    assert target.read_text(encoding="utf-8").splitlines()[0] == PLEDGE_COLUMNS
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_failed_export_leaves_existing_file(ledger_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old contents\n", encoding="utf-8")
    result = run("export", "-o", str(target))  # no ledger yet
    assert_clean_error(result, 1)
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert not ledger_path.exists()


def test_output_into_missing_folder(ledger: Path, tmp_path: Path) -> None:
    before = digest(ledger)
    result = run("export", "-o", str(tmp_path / "nowhere" / "out.csv"))
    assert_clean_error(result, 1)
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()
    assert digest(ledger) == before


@pytest.mark.parametrize(
    "args",
    [
        ("--what", "all"),
        ("--what", "all", "--format", "json", "--actor", "Mexico"),
        ("--what", "everything"),
        ("--format", "yaml"),
    ],
)
def test_bad_choices_are_usage_errors(ledger: Path, args: tuple[str, ...]) -> None:
    assert_clean_error(run("export", *args), 2)


def test_output_to_a_pipe_writes_through_it(ledger: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    ok("export", "-o", str(fifo))
    received, _ = reader.communicate(timeout=30)
    assert received.splitlines()[0].startswith("uid,id,title,actor")
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not replaced by a file


def test_an_export_says_which_date_its_statuses_are_as_of(ledger_path: Path) -> None:
    ok("add", "Ports", "--by", "US", "--target", "$3.4 billion", "--announced", "2022-01-10")
    row = rows(ok("export", "--as-of", "2024-06-30").stdout)[0]
    assert row["as_of"] == "2024-06-30"
    record = json.loads(ok("list", "--format", "json", "--as-of", "2023-01-01").stdout)[0]
    assert record["as_of"] == "2023-01-01"


def test_a_title_typed_with_a_tab_comes_back_as_recorded_with_and_without_raw(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "\tTabbed title", "--by", "Mexico")
    ok("add", "=1+1\t", "--by", "Mexico")
    recorded = [r["title"] for r in json.loads(ok("list", "--format", "json").stdout)]
    assert recorded == ["Tabbed title", "=1+1"]
    for raw in ((), ("--raw",)):
        path = tmp_path / f"export{len(raw)}.csv"
        path.write_text(ok("export", *raw).stdout)
        other = tmp_path / f"other{len(raw)}.db"
        ok("--db", str(other), "init")
        ok("--db", str(other), "import", str(path))
        back = json.loads(ok("--db", str(other), "list", "--format", "json").stdout)
        assert [r["title"] for r in back] == recorded, raw


def test_the_whole_ledger_one_record_a_line_is_stable_and_imports_back(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Ports", "--by", "US", "--target", "$3.4 billion", "--announced", "2022-01-10")
    ok("add", "Visas", "--by", "US", "--target", "22,500 visas", "--tag", "visas")
    ok("update", "1", "--on", "2023-01-01", "--amount", "$1 billion", "--note", "first")
    first = ok("export", "--what", "all", "--format", "ndjson").stdout
    assert ok("export", "--what", "all", "--format", "ndjson").stdout == first
    lines = first.splitlines()
    assert json.loads(lines[0])["format"] == "pledgetrack-ledger"
    assert [next(iter(json.loads(line))) for line in lines[1:]] == [
        "actors", "pledges", "pledges", "updates",
    ]  # fmt: skip
    path = tmp_path / "ledger.ndjson"
    path.write_text(first)
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    ok("--db", str(other), "import", str(path))
    env = {"PLEDGETRACK_DB": str(other)}
    assert ok("export", "--what", "all", "--format", "ndjson", env=env).stdout == first
    ok("edit", "2", "--title", "H-2B visas")
    changed = ok("export", "--what", "all", "--format", "ndjson").stdout.splitlines()
    assert sum(a != b for a, b in zip(lines, changed, strict=True)) == 1


def test_a_line_that_is_no_record_is_named(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    path = tmp_path / "bad.ndjson"
    path.write_text('{"format": "pledgetrack-ledger", "version": 2}\n{"pledge": {}}\n')
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "bad.ndjson line 2" in result.stderr
    assert digest(ledger_path) == before
