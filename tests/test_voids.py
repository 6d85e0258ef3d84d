"""`update ID --void N --note WHY`: an update recorded by mistake is voided, counts nowhere, stays
in the record marked void with when and why, travels through every export and comes back in.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import assert_clean_error, digest, ok, run, script


def ledger_with_a_mistake() -> None:
    ok("add", "Invest in ports", "--by", "Mexico", "--target", "$100 million",
       "--announced", "2024-01-10")  # fmt: skip
    ok("update", "1", "--on", "2024-02-01", "--total", "$50 million", "--note", "first tranche")
    ok("update", "1", "--on", "2024-03-01", "--total", "$30 million", "--note", "a typo")


def counted(as_of: str = "2024-06-01") -> int:
    return int(json.loads(ok("list", "--format", "json", "--as-of", as_of).stdout)[0]["counted"])


def test_a_voided_update_counts_nowhere_and_check_stops_reporting_it(ledger_path: Path) -> None:
    ledger_with_a_mistake()
    assert counted() == 30_000_000
    assert run("check").code == 1  # the total went down
    ok("update", "1", "--void", "2", "--note", "the ministry meant $30 million more")
    assert counted() == 50_000_000
    assert ok("check").stdout == ""
    summary = json.loads(ok("summary", "--format", "json", "--as-of", "2024-06-01").stdout)
    assert summary[0]["totals"][0]["counted"] == 50_000_000


def test_show_keeps_the_voided_update_marked_with_when_and_why(ledger_path: Path) -> None:
    ledger_with_a_mistake()
    ok("update", "1", "--void", "2", "--note", "misread the fact sheet")
    shown = ok("show", "1").stdout
    assert "a typo" in shown and "VOID " in shown and "misread the fact sheet" in shown
    assert "2 void" in shown
    document = json.loads(ok("show", "1", "--format", "json").stdout)
    voided = [u for u in document["updates"] if u["voided_at"]]
    assert [u["note"] for u in voided] == ["a typo"]
    assert voided[0]["void_note"] == "misread the fact sheet"


def test_a_void_is_refused_unless_it_names_an_update_of_the_pledge_and_says_why(
    ledger_path: Path,
) -> None:
    ledger_with_a_mistake()
    ok("add", "Other", "--by", "US")
    before = digest(ledger_path)
    for args, why in [
        (("update", "1", "--void", "2"), "needs --note"),
        (("update", "1", "--void", "2", "--note", "  "), "needs --note"),
        (("update", "1", "--void", "99", "--note", "x"), "has no update '99'"),
        (("update", "2", "--void", "2", "--note", "x"), "pledge 2 has no update '2'"),
        (("update", "1", "--void", "2", "--note", "x", "--amount", "$5"), "not --amount"),
    ]:
        result = run(*args)
        assert_clean_error(result, 2)
        assert why in result.stderr, result.stderr
    assert_clean_error(run("update", "9", "--void", "2", "--note", "x"), 3)
    assert digest(ledger_path) == before
    ok("update", "1", "--void", "2", "--note", "x")
    again = script("update", "1", "--void", "2", "--note", "y")
    assert_clean_error(again, 2)
    assert "voided already" in again.stderr


def test_an_update_is_voided_by_its_uid_too(ledger_path: Path) -> None:
    ledger_with_a_mistake()
    rows = list(csv.DictReader(io.StringIO(ok("export", "--what", "updates").stdout)))
    ok("update", "1", "--void", rows[1]["uid"], "--note", "by uid")
    assert counted() == 50_000_000


def test_voids_travel_through_both_exports_and_come_back(ledger_path: Path, tmp_path: Path) -> None:
    ledger_with_a_mistake()
    ok("update", "1", "--void", "2", "--note", "the ministry corrected it")
    whole = tmp_path / "all.json"
    whole.write_text(ok("export", "--what", "all", "--format", "json").stdout)
    pledges, updates = tmp_path / "pledges.csv", tmp_path / "updates.csv"
    pledges.write_text(ok("export").stdout)
    updates.write_text(ok("export", "--what", "updates").stdout)
    exported = [u for u in csv.DictReader(io.StringIO(updates.read_text())) if u["voided_at"]]
    assert [u["void_note"] for u in exported] == ["the ministry corrected it"]

    from_json = tmp_path / "from-json.db"
    ok("--db", str(from_json), "init")
    ok("--db", str(from_json), "import", str(whole))
    again = ok("--db", str(from_json), "export", "--what", "all", "--format", "json").stdout
    assert again == whole.read_text()

    from_csv = tmp_path / "from-csv.db"
    ok("--db", str(from_csv), "init")
    ok("--db", str(from_csv), "import", str(pledges))
    ok("--db", str(from_csv), "import", str(updates))
    ok("--db", str(from_csv), "import", str(updates))  # again: nothing twice
    env = {"PLEDGETRACK_DB": str(from_csv)}
    assert ok("export", "--what", "updates", env=env).stdout == updates.read_text()
    assert counted() == 50_000_000


def test_a_void_the_ledger_lacks_is_added_to_an_update_it_has(
    ledger_path: Path, tmp_path: Path
) -> None:
    ledger_with_a_mistake()
    plain = ok("export", "--what", "all", "--format", "json").stdout
    copy = tmp_path / "copy.db"
    ok("--db", str(copy), "init")
    (tmp_path / "plain.json").write_text(plain)
    ok("--db", str(copy), "import", str(tmp_path / "plain.json"))
    ok("update", "1", "--void", "2", "--note", "colleague's correction")
    (tmp_path / "voided.json").write_text(ok("export", "--what", "all", "--format", "json").stdout)
    ok("--db", str(copy), "import", str(tmp_path / "voided.json"))
    env = {"PLEDGETRACK_DB": str(copy)}
    row = json.loads(ok("list", "--format", "json", "--as-of", "2024-06-01", env=env).stdout)[0]
    assert row["counted"] == 50_000_000


def test_a_void_without_its_note_in_a_csv_is_a_bad_row(ledger_path: Path, tmp_path: Path) -> None:
    ledger_with_a_mistake()
    rows = "pledge_id,happened_on,amount,unit,mode,stage,voided_at,void_note\n"
    rows += "1,2024-04-01,5000000,USD,increment,disbursed,2026-01-01T00:00:00+00:00,\n"
    (tmp_path / "u.csv").write_text(rows)
    before = digest(ledger_path)
    result = run("import", str(tmp_path / "u.csv"))
    assert_clean_error(result, 1)
    assert "line 2, column void_note" in result.stderr
    assert digest(ledger_path) == before
