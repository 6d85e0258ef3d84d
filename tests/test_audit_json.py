"""What gets into a ledger, audited: `add` and `edit` read names and tags alike; typed text is
quoted in messages as typed, with its controls escaped; a weekday before a date is checked;
`--limit` and `--within` have a range.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_error, digest, ok, run, script
from pledgetrack.domain.dates import parse_date
from pledgetrack.errors import DateParseError

TODAY = date(2026, 1, 1)


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
    ok("edit", "1", "--tag", " b ", "--tag", "", "--tag", "b")
    ok("edit", "1", "--to", "Mexico", "--event", "Summit")
    ok("edit", "1", "--to", "  ", "--event", " ")
    [pledge] = _whole()["pledges"]
    assert (pledge["tags"], pledge["recipient"], pledge["event"]) == (["b"], None, None)
    assert [(e["field"], e["old"], e["new"]) for e in pledge["edits"]] == [
        ("tags", "a", "b"),
        ("recipient", None, "Mexico"),
        ("event", None, "Summit"),
        ("recipient", "Mexico", None),
        ("event", "Summit", None),
    ]
    assert all(a["name"].strip() for a in _whole()["actors"])
    before = digest(ledger_path)
    assert_clean_error(run("edit", "1", "--title", ""), 2)
    assert_clean_error(run("edit", "1", "--by", "  "), 2)
    assert digest(ledger_path) == before
