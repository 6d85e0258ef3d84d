"""What gets into a ledger, audited: the whole-ledger JSON document, a CSV and `edit` refuse what
`add` and `update` refuse, each bad field one `Error:` line naming the record and the field, with
nothing written; JSON that json.loads would take but no ledger holds (NaN, a lone surrogate,
endless numbers) is refused the same way; typed text is quoted in messages as typed, with its
controls escaped; a weekday before a date is checked; `--limit` and `--within` have a range.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_error, build_once, digest, ok, run, script
from pledgetrack.domain.dates import parse_date
from pledgetrack.errors import DateParseError
from pledgetrack.storage.archive import FORMAT_VERSION

TODAY = date(2026, 1, 1)


def test_a_csv_cell_in_a_message_is_quoted_with_its_controls_escaped(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Visas", "--by", "US", "--target", "100 visas", "--announced", "2022-01-01")
    before = digest(ledger_path)
    path = tmp_path / "updates.csv"
    path.write_text("pledge_id,happened_on,amount,mode\n1,2023-01-01,5,tot\u202eal\n", "utf-8")
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "column mode: unknown mode 'tot\\u202eal'" in result.stderr
    assert digest(ledger_path) == before


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("update", "1", "--amount", "5 \u202evisas"), "'5 \\u202evisas'"),
        (("update", "1", "--on", "2024-01-0\x1b[31m1", "--note", "n"), "'2024-01-0\\x1b[31m1'"),
        (("update", "1", "--amount", "5", "--stage", "sent\u2066"), "'sent\\u2066'"),
        (("add", "T", "--by", "A", "--due", "soon\u202e"), "'soon\\u202e'"),
        (("add", "T", "--by", "A", "--announced", "12 July\n2022x"), "'12 July\\n2022x'"),
        (("report", "--sort", "due\u200f"), "'due\\u200f'"),
    ],
)
def test_typed_text_in_a_message_is_quoted_as_typed_with_its_controls_escaped(
    ledger_path: Path, args: tuple[str, ...], shown: str
) -> None:
    ok("add", "Visas", "--by", "US", "--target", "100 visas", "--announced", "2022-01-01")
    before = digest(ledger_path)
    result = run(*args)
    assert_clean_error(result, 2)
    assert shown in result.stderr
    for control in ("\u202e", "\x1b", "\u2066", "\u200f"):
        assert control not in result.stderr
    assert digest(ledger_path) == before


WEEKDAY_DATES: list[tuple[str, date]] = [
    ("Mon 1 July 2024", date(2024, 7, 1)),
    ("Monday, 1 July 2024", date(2024, 7, 1)),
    ("Monday, July 1, 2024", date(2024, 7, 1)),
    ("mon. 2024-07-01", date(2024, 7, 1)),
    ("Tues 2 July 2024", date(2024, 7, 2)),
    ("Thurs, 4 Jul 2024", date(2024, 7, 4)),
]


@pytest.mark.parametrize(("text", "expected"), WEEKDAY_DATES)
def test_a_weekday_that_agrees_with_its_date_is_read(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Tue 1 July 2024", "1 July 2024 is a Monday, not a Tuesday"),
        ("Sunday, July 1, 2024", "1 July 2024 is a Monday, not a Sunday"),
        ("Mon July 2024", "has no day"),
        ("Mon 1 July", "has no year"),
        ("Monday", "cannot read date"),
    ],
)
def test_a_weekday_that_disagrees_or_a_missing_part_is_refused(text: str, why: str) -> None:
    with pytest.raises(DateParseError, match=why):
        parse_date(text, today=TODAY)


def test_dates_with_weekdays_on_the_command_line(ledger_path: Path) -> None:
    ok("add", "Visas", "--by", "US", "--announced", "Mon 1 July 2024", "--due", "Tue 2 July 2024")
    ok("update", "1", "--on", "Wednesday, July 3, 2024", "--note", "n")
    [pledge] = json.loads(ok("list", "--format", "json").stdout)
    assert (pledge["announced_on"], pledge["deadline"]) == ("2024-07-01", "2024-07-02")
    before = digest(ledger_path)
    result = run("update", "1", "--on", "Tue 1 July 2024", "--note", "n")
    assert_clean_error(result, 2)
    assert "1 July 2024 is a Monday, not a Tuesday" in result.stderr
    result = run("edit", "1", "--due", "Fri 2 July 2024")
    assert_clean_error(result, 2)
    assert "2 July 2024 is a Tuesday, not a Friday" in result.stderr
    assert digest(ledger_path) == before


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("report", "--limit", "9223372036854775808"), "'--limit': 9223372036854775808 is not"),
        (("list", "--limit", "1000000001"), "'--limit': 1000000001 is not in the range 1 to"),
        (("export", "--limit", "0"), "'--limit': 0 is not in the range 1 to 1,000,000,000"),
        (("search", "x", "--limit", str(2**64)), "is not in the range 1 to 1,000,000,000"),
        (("report", "--within", "99999999999999999999"), "is not in the range 0 to 36,500"),
        (("summary", "--within", "36501"), "'--within': 36501 is not in the range 0 to 36,500"),
        (("report", "--within", "-1"), "'--within': -1 is not in the range 0 to 36,500"),
    ],
)
def test_limit_and_within_outside_their_range_are_usage_errors(
    ledger_path: Path, args: tuple[str, ...], why: str
) -> None:
    ok("add", "Visas", "--by", "US")
    before = digest(ledger_path)
    result = run(*args)
    assert_clean_error(result, 2)
    assert why in result.stderr
    assert digest(ledger_path) == before


def test_limit_and_within_at_their_largest_are_read(ledger_path: Path) -> None:
    ok("add", "Visas", "--by", "US", "--due", "2030")
    assert len(json.loads(ok("list", "--limit", "1000000000", "--format", "json").stdout)) == 1
    [pledge] = json.loads(
        ok("report", "--within", "36500", "--as-of", "2026-01-01", "--format", "json").stdout
    )
    assert pledge["due_soon"] is True


def test_the_real_script_refuses_an_endless_limit_with_exit_2(ledger_path: Path) -> None:
    ok("init")
    result = script("report", "--limit", "9223372036854775808")
    assert_clean_error(result, 2)
    assert "is not in the range 1 to 1,000,000,000" in result.stderr


def _whole() -> dict[str, Any]:
    whole = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    assert isinstance(whole, dict)
    return whole


def test_edit_and_add_read_blank_names_and_padded_tags_as_add_reads_them(
    ledger_path: Path,
) -> None:
    ok("add", "Visas", "--by", "US", "--to", " ", "--event", "  ", "--tag", " a ")
    assert ([a["name"] for a in _whole()["actors"]], _whole()["events"]) == (["US"], [])
    before = digest(ledger_path)
    for tags in (["--tag", " b ", "--tag", "b"], ["--tag", "b", "--tag", ""]):  # nothing dropped
        assert_clean_error(run("edit", "1", *tags), 2)
    assert digest(ledger_path) == before
    ok("edit", "1", "--tag", " b ")
    ok("edit", "1", "--to", "Mexico", "--event", "Summit")
    ok("edit", "1", "--to", "  ", "--event", " ")
    [pledge] = _whole()["pledges"]
    assert (pledge["tags"], pledge["recipient"], pledge["event"]) == (["b"], [], None)
    assert {(e["field"], e["old"], e["new"]) for e in pledge["edits"]} == {
        ("tags", "a", "b"),
        ("recipient", None, "Mexico"),
        ("event", None, "Summit"),
        ("recipient", "Mexico", None),
        ("event", "Summit", None),
    }
    assert all(a["name"].strip() for a in _whole()["actors"])
    before = digest(ledger_path)
    assert_clean_error(run("edit", "1", "--title", ""), 2)
    assert_clean_error(run("edit", "1", "--by", "  "), 2)
    assert digest(ledger_path) == before


def _build_source(env: dict[str, str]) -> None:
    ok("init", env=env)
    ok("add", "Visas", "--by", "US", "--to", "Mexico", "--target", "22,500 visas",
       "--announced", "2022-06-10", "--due", "FY2024", "--fiscal-start", "04-01",
       "--event", "Summit of the Americas", "--event-on", "2022-06-10", "--tag", "visas",
       "--source", "https://example.org/fact-sheet", env=env)  # fmt: skip
    ok("update", "1", "--on", "2023-01-01", "--amount", "100 visas", "--source",
       "https://example.org/report", env=env)  # fmt: skip
    ok("edit", "1", "--note", "checked", env=env)


@pytest.fixture(scope="module")
def source_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The whole-ledger export of a small ledger: an actor with an alias, an event, a pledge with
    every field, its edit, and an update with a source."""
    built = build_once(tmp_path_factory, "audit_json", _build_source)
    return ok(
        "export", "--what", "all", "--format", "json", env={"PLEDGETRACK_DB": str(built)}
    ).stdout


@pytest.fixture
def document(source_text: str) -> dict[str, Any]:
    return copy.deepcopy(json.loads(source_text))


@pytest.fixture
def ledger(ledger_path: Path) -> Iterator[Path]:
    """An empty ledger, checked to be byte for byte the same after the test's refused import."""
    ok("init")
    before = digest(ledger_path)
    yield ledger_path
    assert digest(ledger_path) == before


def _import(tmp_path: Path, text: str, *, real: bool = False) -> Any:
    path = tmp_path / "ledger.json"
    path.write_text(text, encoding="utf-8")
    return (script if real else run)("import", str(path))


def _where(document: dict[str, Any], section: str) -> str:
    uid = document[section][0]["uid"]
    return f"ledger.json {section} record 1 (uid {uid}), field "


def _set(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    *parents, last = path
    target = document
    for key in parents:
        target = target[key]
    target[last] = value


# (path to the field, value, the record and field the error names — `section/field` for the
# first record of a section with a uid —, a reason it gives)
P, U = "pledges", "updates"
BAD_FIELDS: list[tuple[tuple[Any, ...], Any, str, str]] = [
    ((P, 0, "title"), "", f"{P}/title", "needs a title"),
    ((P, 0, "title"), "   ", f"{P}/title", "needs a title"),
    ((P, 0, "actor"), " ", f"{P}/actor", "needs an actor"),
    ((P, 0, "recipient"), " ", f"{P}/recipient", "blank"),
    ((P, 0, "event"), "", f"{P}/event", "blank"),
    ((P, 0, "target"), -5, f"{P}/target", "more than zero"),
    ((P, 0, "target"), True, f"{P}/target", "expected a number"),
    ((P, 0, "unit"), "EUR", f"{P}/kind", "'EUR' is a currency"),
    ((P, 0, "unit"), "Visas", f"{P}/unit", "reads as 22,500 visas"),
    ((P, 0, "unit"), "", f"{P}/unit", "blank"),
    ((P, 0, "kind"), "action", f"{P}/target", "an action pledge has no target"),
    ((P, 0, "created_at"), "not a time", f"{P}/created_at", "'not a time' is not a time"),
    ((P, 0, "created_at"), "2024-10-01", f"{P}/created_at", "is not a time"),
    ((P, 0, "announced_on"), "12 July 2022", f"{P}/announced_on", "expected an ISO date"),
    ((P, 0, "deadline_phrase"), "whenever", f"{P}/deadline_phrase", "cannot read deadline"),
    ((P, 0, "deadline_phrase"), "2024", f"{P}/deadline", "'2024' reads as 2024-12-31"),
    ((P, 0, "deadline"), None, f"{P}/deadline", "'FY2024' reads as 2024-09-30, not none"),
    ((P, 0, "deadline"), "2030-01-01", f"{P}/deadline", "not 2030-01-01"),
    ((P, 0, "deadline_precision"), "month", f"{P}/deadline_precision", "not month"),
    ((P, 0, "deadline_basis"), "relative", f"{P}/deadline_basis", "not relative"),
    ((P, 0, "deadline_phrase"), None, f"{P}/deadline_phrase", "keeps the phrase"),
    ((P, 0, "id"), 9223372036854775807, f"{P}/id", "is not from 1 to 1,000,000,000"),
    ((P, 0, "id"), "1", f"{P}/id", "expected a whole number, found text '1'"),
    ((P, 0, "uid"), " ", "pledges record 1 (uid  ), field uid", "is not a uid"),
    ((P, 0, "tags"), [""], f"{P}/tags", "blank"),
    ((P, 0, "tags"), [" visas"], f"{P}/tags", "spaces around it"),
    ((P, 0, "colour"), "red", f"{P}/colour", "not a field of a pledge"),
    ((P, 0, "sources", 0, "url"), " ", f"{P}/sources", "needs a url or a citation"),
    ((P, 0, "sources", 0, "link"), "x", "sources record 1, field link", "not a field"),
    ((P, 0, "edits", 0, "edited_at"), "yesterday", "edits record 1, field edited_at", "not a time"),
    ((P, 0, "edits", 0, "field"), "colour", "edits record 1, field field", "not a field `edit`"),
    ((U, 0, "happened_on"), "not a date", f"{U}/happened_on", "expected an ISO date"),
    ((U, 0, "recorded_at"), "not a time", f"{U}/recorded_at", "is not a time"),
    ((U, 0, "mode"), "total", f"{U}/amount", "cannot be negative"),
    ((U, 0, "stage"), None, f"{U}/amount", "needs its stage and mode"),
    ((U, 0, "unit"), "", f"{U}/unit", "blank"),
    ((U, 0, "pledge_uid"), "nobody", f"{U}/pledge_uid", "no pledge with uid 'nobody'"),
    (("actors", 0, "name"), " ", "actors record 1, field name", "a name is needed"),
    (("actors", 1, "key"), "", "actors record 2, field key", "matched by ('united states')"),
    (("actors", 1, "key"), "us", "actors record 2, field key", "is not the key"),
    (("actors", 1, "aliases", 0, "key"), "usa", "aliases record 1, field key", "('us')"),
    (("events", 0, "name"), "", "events record 1, field name", "a name is needed"),
    (("events", 0, "key"), "summit", "events record 1, field key", "is not the key"),
    (("events", 0, "held_on"), "not a date", "events record 1, field held_on", "ISO date"),
    (("version",), True, "ledger.json: the export format version is true", "whole number"),
    (("version",), 0, "ledger.json: there is no export format version 0", ""),
    (("comment",), "hi", "ledger.json, field comment", "not a field of the document"),
]


@pytest.mark.parametrize(("path", "value", "where", "why"), BAD_FIELDS)
def test_a_bad_field_of_the_whole_ledger_document_is_named_and_nothing_is_imported(
    ledger: Path,
    tmp_path: Path,
    document: dict[str, Any],
    path: tuple[Any, ...],
    value: Any,
    where: str,
    why: str,
) -> None:
    if path == (U, 0, "mode"):  # a running total below zero, which `update --total` refuses
        document[U][0]["amount"] = -5
    _set(document, path, value)
    section, _, field = where.partition("/")
    expected = _where(document, section) + field if field else where
    result = _import(tmp_path, json.dumps(document))
    assert_clean_error(result, 1)
    assert expected in result.stderr
    assert why in result.stderr


def test_the_document_itself_imports_back_identical(
    ledger_path: Path, tmp_path: Path, source_text: str
) -> None:
    """The checks refuse nothing pledgetrack writes: a deadline read with another fiscal year
    start, an alias, an event's date and an edit come back byte for byte."""
    ok("init")
    assert "added 1 pledge, 1 update" in _import(tmp_path, source_text).stderr
    assert ok("export", "--what", "all", "--format", "json").stdout == source_text


def test_the_example_ledger_and_hostile_text_import_back_identical(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init", "--example")
    for text in ("\x1b[31mred\x1b[0m", "a\u202eb", "tab\there", "two\nlines", "México [b]x[/b]"):
        ok("add", text, "--by", text, "--to", f"to {text}", "--event", text, "--tag", text,
           "--quote", text, "--source", text, "--target", "$1m", "--due", "2030")  # fmt: skip
    first = ok("export", "--what", "all", "--format", "json").stdout
    other = {"PLEDGETRACK_DB": str(tmp_path / "other.db")}
    ok("init", env=other)
    path = tmp_path / "all.json"
    path.write_text(first, encoding="utf-8")
    ok("import", str(path), env=other)
    assert ok("export", "--what", "all", "--format", "json", env=other).stdout == first


def test_a_record_the_ledger_already_has_is_checked_too(
    ledger_path: Path, tmp_path: Path, source_text: str, document: dict[str, Any]
) -> None:
    ok("init")
    ok("import", str(_written(tmp_path, json.loads(source_text))))
    before = digest(ledger_path)
    document[U][0]["recorded_at"] = "not a time"
    result = _import(tmp_path, json.dumps(document))
    assert_clean_error(result, 1)
    assert _where(document, U) + "recorded_at: 'not a time' is not a time" in result.stderr
    assert digest(ledger_path) == before


def test_an_imported_id_never_pushes_the_next_id_into_nonsense(
    ledger_path: Path, tmp_path: Path, document: dict[str, Any]
) -> None:
    ok("init")
    document[P][0]["id"] = 9223372036854775807
    assert_clean_error(_import(tmp_path, json.dumps(document)), 1)
    document[P][0]["id"] = 1_000_000_000  # the largest kept
    ok("import", str(_written(tmp_path, document)))
    assert ok("add", "Next", "--by", "Mexico").stdout.strip() == "1000000001"


def _written(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "kept.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("replace", "by", "why"),
    [
        ('"Visas"', '"\\ud800"', "field title: '\\ud800' holds half of a surrogate pair"),
        ('"Visas"', '"ok \\udfff"', "'ok \\udfff' holds half of a surrogate pair"),
        ('"target": 22500', '"target": NaN', "NaN is not a number JSON allows"),
        ('"target": 22500', '"target": Infinity', "Infinity is not a number JSON allows"),
        ('"amount": 100', '"amount": -Infinity', "-Infinity is not a number JSON allows"),
        ('"target": 22500', '"target": ' + "9" * 5000, "a number 5,000 characters long"),
        ('"target": 22500', '"target": 1' + "0" * 30, "absurdly large (over 100 trillion)"),
        ('"created_at"', f'"id": {2**63}, "created_at"', f"field id: {2**63} is not from 1"),
        (
            f'"version": {FORMAT_VERSION}',
            '"version": ' + "1" * 4301,
            "a number 4,301 characters long",
        ),
        ('"tags": [', '"tags": ' + "[" * 100_000, "JSON nested too deeply"),
    ],
)
def test_json_that_no_ledger_holds_is_one_clean_error(
    ledger: Path, tmp_path: Path, source_text: str, replace: str, by: str, why: str
) -> None:
    text = json.dumps(json.loads(source_text))
    assert replace in text
    result = _import(tmp_path, text.replace(replace, by, 1))
    assert_clean_error(result, 1)
    assert why in result.stderr


def test_the_real_script_refuses_a_lone_surrogate_with_exit_1(
    ledger: Path, tmp_path: Path, source_text: str
) -> None:
    result = _import(tmp_path, source_text.replace('"Visas"', '"\\ud800"'), real=True)
    assert_clean_error(result, 1)
    assert "holds half of a surrogate pair" in result.stderr


def test_a_csv_deadline_must_be_what_its_phrase_gives(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "pledges.csv"
    path.write_text("title,actor,deadline_phrase,deadline\nT,Mexico,2024,2030-01-01\n", "utf-8")
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "line 2, column deadline: '2024' reads as 2024-12-31, not 2030-01-01" in result.stderr


def test_a_csv_fiscal_year_deadline_of_another_start_is_kept(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init")
    path = tmp_path / "pledges.csv"
    path.write_text("title,actor,deadline_phrase,deadline\nT,Mexico,FY2024,2024-03-31\n", "utf-8")
    ok("import", str(path))
    [pledge] = json.loads(ok("list", "--format", "json").stdout)
    assert (pledge["deadline"], pledge["deadline_precision"]) == ("2024-03-31", "fiscal_year")


def test_a_csv_recorded_at_must_be_a_time(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    ok("add", "Visas", "--by", "US", "--target", "100 visas", "--announced", "2022-01-01")
    before = digest(ledger_path)
    path = tmp_path / "updates.csv"
    path.write_text(
        "pledge_id,happened_on,amount,recorded_at\n1,2023-01-01,5,not a time\n", "utf-8"
    )
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "line 2, column recorded_at: 'not a time' is not a time" in result.stderr
    assert digest(ledger_path) == before


@pytest.mark.parametrize("section", ["pledges", "updates"])
def test_a_uid_twice_in_one_document_is_refused_not_skipped(
    ledger: Path, tmp_path: Path, document: dict[str, Any], section: str
) -> None:
    twin = copy.deepcopy(document[section][0])
    if section == "pledges":
        twin["id"] = 2
    document[section].append(twin)
    result = _import(tmp_path, json.dumps(document))
    assert_clean_error(result, 1)
    assert f"{section} record 2" in result.stderr and "is in the document twice" in result.stderr
