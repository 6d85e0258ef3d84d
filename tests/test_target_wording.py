"""A target's wording through the commands and the ledger: the `amount` command, `add` and
`update` reading the new forms, the note `add` gives a pledger whose dollar is not the US dollar,
and the qualifier, range, rate and text as written kept, shown and carried through every export
and import (the reader itself: tests/test_amount_wording.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import assert_clean_error, digest, ok, run, script
from pledgetrack.domain.amount_reader import read_amount
from pledgetrack.domain.model import AmountReading, Rate

# The command ---------------------------------------------------------------------------------


def test_amount_command_shows_the_reading() -> None:
    result = ok("amount", "up to €50 billion a year")
    assert result.stdout == "EUR 50,000,000,000 (ceiling 'up to', per year)\n"
    assert ok("amount", "15,000–20,000 workers").stdout == "15,000 to 20,000 workers\n"
    assert ok("amount", "22,500 visas").stdout == "22,500 visas\n"
    assert ok("amount", "al menos un 3,5 %").stdout == "3.5% (floor 'al menos')\n"


def test_amount_command_json() -> None:
    record = json.loads(ok("amount", "up to €50 billion a year", "--format", "json").stdout)
    assert record == {
        "value": 50000000000, "unit": "EUR", "kind": "money", "qualifier": "ceiling",
        "qualifier_text": "up to", "high": None, "rate": "year",
        "text": "up to €50 billion a year",
    }  # fmt: skip
    ranged = json.loads(ok("amount", "entre 2,5 y 3 millones de personas", "-f", "json").stdout)
    assert (ranged["value"], ranged["high"], ranged["unit"]) == (2500000, 3000000, "personas")
    exact = json.loads(ok("amount", "1.001 billion USD", "-f", "json").stdout)
    assert exact["value"] == 1001000000


def test_amount_command_refuses_cleanly_through_the_script() -> None:
    result = script("amount", "4.000 people")
    assert_clean_error(result, 2)
    assert "write 4,000 or 4.0" in result.stderr
    assert result.stdout == ""


def test_amount_command_refuses_an_unknown_format() -> None:
    assert_clean_error(run("amount", "5 visas", "--format", "xml"), 2)


def test_amount_command_shows_typed_controls_as_escapes() -> None:
    result = run("amount", "5 visas\x1b[31m")
    assert_clean_error(result, 2)
    assert "\x1b" not in result.stderr
    assert "'5 visas\\x1b[31m'" in result.stderr


# Through the ledger ----------------------------------------------------------------------------


def test_an_update_records_the_figure_reported(ledger_path: Path) -> None:
    ok("add", "Visas", "--by", "United States", "--target", "20,000 visas")
    before = digest(ledger_path)
    result = run("update", "1", "--amount", "about 5 visas")
    assert_clean_error(result, 2)
    assert "an update records the figure reported" in result.stderr
    assert "'about' (approximate)" in result.stderr
    ambiguous = run("update", "1", "--total", "4.000")
    assert_clean_error(ambiguous, 2)
    assert "write 4,000 or 4.0" in ambiguous.stderr
    assert digest(ledger_path) == before


def test_add_reads_the_new_forms(ledger_path: Path) -> None:
    result = ok("add", "Loan", "--by", "Mexico", "--target", "mil 224 millones de dólares")
    assert "read target as USD 1,224,000,000" in result.stderr
    shown = json.loads(ok("show", "1", "--format", "json").stdout)
    assert (shown["target"], shown["unit"]) == (1224000000, "USD")


NOTE = (
    "note: '$' reads as USD; if Canada meant Canadian dollars, write C$26.9 million or "
    "CAD 26.9 million"
)


def test_add_notes_a_bare_dollar_of_a_pledger_with_its_own(ledger_path: Path) -> None:
    result = ok("add", "Aid", "--by", "Canada", "--target", "$26.9 million")
    assert result.stderr.splitlines().count(NOTE) == 1
    assert not any(line.startswith("Error") for line in result.stderr.splitlines())
    assert json.loads(ok("show", "1", "--format", "json").stdout)["unit"] == "USD"
    words = ok("add", "Aid", "--by", "canada", "--target", "26.9 million dollars").stderr
    assert "if canada meant Canadian dollars, write 26.9 million Canadian dollars" in words
    rupees = ok("add", "Aid", "--by", "Nepal", "--target", "Rs 44.8 billion").stderr
    assert "note: 'Rs' reads as INR; if Nepal meant Nepalese rupees, write NPR 44.8" in rupees


@pytest.mark.parametrize(
    ("by", "target"),
    [("Mexico", "$26.9 million"), ("Canada", "C$26.9 million"), ("Canada", "CAD 26.9m"),
     ("Canada", "US$26.9 million"), ("Canada", "26.9 million US dollars"),
     ("Canada", "20,000 refugees")],
)  # fmt: skip
def test_no_note_when_the_currency_is_said(ledger_path: Path, by: str, target: str) -> None:
    result = ok("add", "Aid", "--by", by, "--target", target)
    assert "note:" not in result.stderr


def test_a_csv_number_beside_its_unit_is_read_as_pledgetrack_wrote_it(ledger_path: Path) -> None:
    ok("add", "Shelter", "--by", "Mexico", "--target", "1.2340 personas")
    exported = ok("export", "--format", "csv").stdout
    assert ",1.234,personas," in exported
    csv_file = ledger_path.parent / "pledges.csv"
    csv_file.write_text(exported, encoding="utf-8")
    other = str(ledger_path.parent / "other.db")
    ok("--db", other, "init")
    ok("--db", other, "import", str(csv_file))
    pledges = json.loads(ok("--db", other, "list", "--format", "json").stdout)
    assert [(p["target"], p["unit"]) for p in pledges] == [(1.234, "personas")]


def test_reading_is_frozen() -> None:
    reading = read_amount("5 visas")
    assert isinstance(reading, AmountReading)
    with pytest.raises(AttributeError):
        reading.rate = Rate.YEAR  # type: ignore[misc]


# A target keeps its wording ----------------------------------------------------------------------


def _pledge_json(pledge_id: int = 1, env: dict[str, str] | None = None) -> dict[str, object]:
    return dict(json.loads(ok("show", str(pledge_id), "--format", "json", env=env).stdout))


WORDING = ("target", "unit", "target_high", "target_qualifier", "target_rate", "target_text")


def test_a_target_keeps_its_qualifier_range_and_rate(ledger_path: Path) -> None:
    added = ok("add", "Finance", "--by", "Rich nations", "--target", "up to €50 billion a year")
    assert "read target as EUR 50,000,000,000 (ceiling 'up to', per year)" in added.stderr
    ok("add", "Tanks", "--by", "Coalition", "--target", "between 120 and 140 tanks")
    first, second = _pledge_json(1), _pledge_json(2)
    assert [first[f] for f in WORDING] == [
        50000000000, "EUR", None, "ceiling", "year", "up to €50 billion a year"
    ]  # fmt: skip
    assert [second[f] for f in WORDING] == [
        120, "tanks", 140, None, None, "between 120 and 140 tanks"
    ]  # fmt: skip
    shown = ok("show", "1").stdout
    assert "EUR 50,000,000,000 (ceiling 'up to', per year)" in shown
    assert "up to €50 billion a year" in shown
    assert "120 to 140 tanks" in ok("show", "2").stdout
    header = ok("list", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header[header.index("unit") + 1 : header.index("unit") + 5] == [
        "target_high", "target_qualifier", "target_rate", "target_text"
    ]  # fmt: skip


def test_the_status_rules_read_a_worded_target_as_its_figure(ledger_path: Path) -> None:
    ok("add", "Range", "--by", "A", "--target", "$2-3 billion", "--announced", "2024-01-01")
    ok("add", "Plain", "--by", "A", "--target", "$2 billion", "--announced", "2024-01-01")
    for pledge_id in ("1", "2"):
        ok("update", pledge_id, "--on", "2024-06-01", "--total", "$2.5 billion")
    rows = json.loads(ok("list", "--format", "json", "--as-of", "2024-07-01").stdout)
    assert [(r["status"], r["progress"]) for r in rows] == [("fulfilled", 1.25)] * 2


def test_edit_changes_the_wording_and_keeps_it_in_the_history(ledger_path: Path) -> None:
    ok("add", "Aid", "--by", "A", "--target", "about $5 billion")
    ok("edit", "1", "--title", "Aid to B")
    assert _pledge_json()["target_qualifier"] == "approximate"
    ok("edit", "1", "--target", "$5 billion")
    edited = _pledge_json()
    assert [edited[f] for f in WORDING] == [5000000000, "USD", None, None, None, "$5 billion"]
    history = ok("show", "1").stdout
    assert "5000000000 USD, 'about' (approximate)" in history
    before = digest(ledger_path)
    assert_clean_error(run("edit", "1", "--target", "USD 5bn"), 2)  # the same reading
    assert digest(ledger_path) == before


def test_the_wording_survives_csv_and_whole_ledger_round_trips(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Finance", "--by", "A", "--target", "at least $300 billion a year")
    ok("add", "Tanks", "--by", "B", "--target", "entre 120 y 140 tanques")
    ok("add", "Visas", "--by", "C", "--target", "22,500 visas")
    ok("add", "Talks", "--by", "D")
    for what, fmt in (("pledges", "csv"), ("all", "json")):
        saved = tmp_path / f"ledger.{fmt}"
        saved.write_text(ok("export", "--what", what, "--format", fmt).stdout, encoding="utf-8")
        env = {"PLEDGETRACK_DB": str(tmp_path / f"{fmt}.db")}
        ok("init", env=env)
        ok("import", str(saved), env=env)
        copied = {p["uid"]: p for p in json.loads(ok("list", "--format", "json", env=env).stdout)}
        for pledge_id in (1, 2, 3, 4):
            here = _pledge_json(pledge_id)
            there = copied[here["uid"]]  # its short id there is that ledger's own
            assert [there[f] for f in WORDING] == [here[f] for f in WORDING]
            shown = ok("show", str(there["id"]), env=env).stdout.split("\n", 1)
            assert shown[1] == ok("show", str(pledge_id)).stdout.split("\n", 1)[1]
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    assert document["version"] >= 2  # the version that brought the wording, or later
    finance = next(p for p in document["pledges"] if p["title"] == "Finance")
    assert finance["target_qualifier_text"] == "at least"


CSV_HEADER = "title,actor,target,unit,target_high,target_qualifier,target_rate,target_text\n"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("X,A,5,visas,,maybe,,", "target_qualifier"),
        ("X,A,5,visas,,,hourly,", "target_rate"),
        ("X,A,5,visas,3,,,", "target_high"),
        ("X,A,5,visas,,,,about 6 visas", "target"),
        ("X,A,5,visas,,floor,,about 5 visas", "target_qualifier"),
        ("X,A,,,,,,4.000 visas", "target_text"),
        ("X,A,,,7,,,", "target_high"),
    ],
)
def test_a_csv_target_that_says_two_things_is_a_bad_row(
    ledger_path: Path, tmp_path: Path, row: str, column: str
) -> None:
    ok("init")
    before = digest(ledger_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEADER + row + "\n", encoding="utf-8")
    result = run("import", str(bad))
    assert_clean_error(result, 1)
    assert f"line 2, column {column}:" in result.stderr
    assert digest(ledger_path) == before


def test_a_csv_target_with_its_wording_cells(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    good = tmp_path / "good.csv"
    good.write_text(
        CSV_HEADER + "X,A,5,visas,8,ceiling,month,\nY,A,,,,,,más de 30.000 migrantes al mes\n",
        encoding="utf-8",
    )
    ok("import", str(good))
    assert [_pledge_json(1)[f] for f in WORDING] == [5, "visas", 8, "ceiling", "month", None]
    assert [_pledge_json(2)[f] for f in WORDING] == [
        30000, "migrantes", None, "floor", "month", "más de 30.000 migrantes al mes"
    ]  # fmt: skip


def test_the_real_script_refuses_a_bad_wording_cell_with_exit_1(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init")
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEADER + "X,A,5,visas,,maybe,,\n", encoding="utf-8")
    result = script("import", str(bad))
    assert_clean_error(result, 1)
    assert "column target_qualifier: unknown value 'maybe'" in result.stderr


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("target_text", "about 6 visas", "reads as 6 visas (approximate 'about')"),
        ("target_qualifier", "floor", "field target_qualifier"),
        ("target_high", 3, "must be above its low end"),
        ("target_rate", "hourly", "unknown value 'hourly'"),
        ("target_qualifier_text", "around", "field target_qualifier_text"),
    ],
)
def test_a_whole_ledger_record_must_say_what_its_wording_reads_as(
    ledger_path: Path, tmp_path: Path, field: str, value: object, why: str
) -> None:
    ok("add", "Visas", "--by", "A", "--target", "about 5 visas")
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    document["pledges"][0][field] = value
    saved = tmp_path / "ledger.json"
    saved.write_text(json.dumps(document), encoding="utf-8")
    env = {"PLEDGETRACK_DB": str(tmp_path / "other.db")}
    ok("init", env=env)
    result = run("import", str(saved), env=env)
    assert_clean_error(result, 1)
    assert why in result.stderr


def test_the_ledger_refuses_a_range_that_does_not_rise(ledger_path: Path) -> None:
    import sqlite3

    ok("add", "Visas", "--by", "A", "--target", "5-8 visas")
    conn = sqlite3.connect(ledger_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="target_high_milli"):
            conn.execute("UPDATE pledges SET target_high_milli = 4000 WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError, match="target_rate"):
            conn.execute("UPDATE pledges SET target_rate = 'hour' WHERE id = 1")
    finally:
        conn.close()


def test_an_older_ledger_gains_the_wording_with_its_view_unchanged(ledger_path: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    from pledgetrack.storage.header import APPLICATION_ID
    from pledgetrack.storage.migrations import LATEST_STATUS_VIEW, MIGRATIONS

    conn = sqlite3.connect(ledger_path)
    MIGRATIONS.apply(Database(conn), stop_before="m007_target_wording")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 6")
    conn.executescript(
        """INSERT INTO actors (id, name, key) VALUES (1, 'Mexico', 'mexico');
        INSERT INTO pledges (id, uid, title, actor_id, kind, target_milli, unit, counts,
            created_at) VALUES (1, 'u-1', 'Old', 1, 'money', 5000, 'USD', 'disbursed',
            '2022-07-12T00:00:00+00:00');"""
    )
    conn.commit()
    conn.close()
    assert [_pledge_json()[f] for f in WORDING] == [5, "USD", None, None, None, None]
    ok("edit", "1", "--target", "up to $5")
    assert _pledge_json()["target_qualifier"] == "ceiling"
    conn = sqlite3.connect(ledger_path)
    view = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'pledge_status'").fetchone()
    conn.close()
    assert view[0] == LATEST_STATUS_VIEW


def test_the_tables_show_a_target_with_its_wording(ledger_path: Path) -> None:
    ok("add", "Climate finance", "--by", "Developed countries", "--target", "$100 billion a year",
       "--announced", "2009-12-18")  # fmt: skip
    ok("add", "Workers", "--by", "US", "--target", "up to 30,000 people a month")
    ok("add", "Seasonal", "--by", "Canada", "--target", "15,000–20,000 workers")
    for command in ("list", "report"):
        shown = ok(command).stdout
        assert "USD 100,000,000,000 a year" in shown, command
        assert "up to 30,000 people a month" in shown, command
        assert "15,000 to 20,000 workers" in shown, command
