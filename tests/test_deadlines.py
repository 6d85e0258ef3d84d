"""How deadline phrases are read (docs/reading.md#deadline-phrases) and described back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import assert_clean_error, ok, run
from pledgetrack.domain.deadlines import describe_deadline, parse_deadline, parse_fiscal_start
from pledgetrack.domain.model import Basis, Deadline, Precision
from pledgetrack.errors import DeadlinePhraseError

ANNOUNCED = date(2022, 7, 12)
D, MO, QU, HA = Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.HALF
YR, FY, PE = Precision.YEAR, Precision.FISCAL_YEAR, Precision.PERIOD

EXPLICIT_DATA: list[tuple[str, date, Precision]] = [
    # a day
    ("2024-09-30", date(2024, 9, 30), D),
    ("by 2024-09-30", date(2024, 9, 30), D),
    ("30 September 2024", date(2024, 9, 30), D),
    ("September 30, 2024", date(2024, 9, 30), D),
    # a month
    ("2024-09", date(2024, 9, 30), MO),
    ("2024-02", date(2024, 2, 29), MO),
    ("2023-02", date(2023, 2, 28), MO),
    ("Sep 2024", date(2024, 9, 30), MO),
    ("September 2024", date(2024, 9, 30), MO),
    ("sept. 2024", date(2024, 9, 30), MO),
    ("by Sep 2024", date(2024, 9, 30), MO),
    ("by the end of June 2025", date(2025, 6, 30), MO),
    # a year
    ("2024", date(2024, 12, 31), YR),
    ("by 2024", date(2024, 12, 31), YR),
    ("end of 2024", date(2024, 12, 31), YR),
    ("by the end of 2024", date(2024, 12, 31), YR),
    ("by end of 2024", date(2024, 12, 31), YR),
    ("BY THE END OF 2024", date(2024, 12, 31), YR),
    ("in 2024", date(2024, 12, 31), YR),
    # a quarter
    ("Q3 2024", date(2024, 9, 30), QU),
    ("q1 2024", date(2024, 3, 31), QU),
    ("Q2 2024", date(2024, 6, 30), QU),
    ("Q4 2024", date(2024, 12, 31), QU),
    ("2024Q3", date(2024, 9, 30), QU),
    ("2024-Q3", date(2024, 9, 30), QU),
    ("2024 Q3", date(2024, 9, 30), QU),
    ("by Q3 2024", date(2024, 9, 30), QU),
    ("end of Q3 2024", date(2024, 9, 30), QU),
    ("the third quarter of 2024", date(2024, 9, 30), QU),
    # a half
    ("H1 2025", date(2025, 6, 30), HA),
    ("H2 2025", date(2025, 12, 31), HA),
    ("2025H1", date(2025, 6, 30), HA),
    ("2025-H2", date(2025, 12, 31), HA),
    ("first half of 2025", date(2025, 6, 30), HA),
    ("second half of 2025", date(2025, 12, 31), HA),
    ("by the second half of 2025", date(2025, 12, 31), HA),
    # a fiscal year (US federal by default: Oct-Sep, named by the year it ends in)
    ("FY2024", date(2024, 9, 30), FY),
    ("FY 2024", date(2024, 9, 30), FY),
    ("fy2024", date(2024, 9, 30), FY),
    ("FY24", date(2024, 9, 30), FY),
    ("FY2023-2024", date(2024, 9, 30), FY),
    ("FY2023\u201324", date(2024, 9, 30), FY),
    ("FY2023-24", date(2024, 9, 30), FY),
    ("FY 2023/24", date(2024, 9, 30), FY),
    ("FY2023 - FY2024", date(2024, 9, 30), FY),
    ("FY2023-2027", date(2027, 9, 30), FY),
    ("fiscal year 2024", date(2024, 9, 30), FY),
    ("by the end of FY2024", date(2024, 9, 30), FY),
    ("FY1999-00", date(2000, 9, 30), FY),
    # a range of years
    ("2024-2027", date(2027, 12, 31), YR),
    ("2024\u20132027", date(2027, 12, 31), YR),
    ("2024 - 2027", date(2027, 12, 31), YR),
    ("between 2022 and 2024", date(2024, 12, 31), YR),
    ("from 2022 to 2024", date(2024, 12, 31), YR),
    ("Between 2022 And 2024", date(2024, 12, 31), YR),
    ("2024-2024", date(2024, 12, 31), YR),
]


@pytest.mark.parametrize(("phrase", "on", "precision"), EXPLICIT_DATA)
def test_explicit_phrases(phrase: str, on: date, precision: Precision) -> None:
    expected = Deadline(on=on, precision=precision, basis=Basis.EXPLICIT, phrase=phrase.strip())
    assert parse_deadline(phrase, announced_on=ANNOUNCED) == expected
    # explicit phrases do not need an announced date, and never depend on it
    assert parse_deadline(phrase, announced_on=None) == expected
    assert parse_deadline(phrase, announced_on=date(2031, 1, 1)) == expected


RELATIVE_DATA: list[tuple[str, date, Precision]] = [
    ("+2y", date(2024, 7, 12), PE),
    ("+18m", date(2024, 1, 12), PE),
    ("+6w", date(2022, 8, 23), PE),
    ("+90d", date(2022, 10, 10), PE),
    ("+2 years", date(2024, 7, 12), PE),
    ("2 years", date(2024, 7, 12), PE),
    ("two years", date(2024, 7, 12), PE),
    ("Two Years", date(2024, 7, 12), PE),
    ("over the next two years", date(2024, 7, 12), PE),
    ("within 18 months", date(2024, 1, 12), PE),
    ("within eighteen months", date(2024, 1, 12), PE),
    ("within 100 days", date(2022, 10, 20), PE),
    ("within a hundred days", date(2022, 10, 20), PE),
    ("in two years", date(2024, 7, 12), PE),
    ("within a year", date(2023, 7, 12), PE),
    ("within the next year", date(2023, 7, 12), PE),
    ("over the next twenty-four months", date(2024, 7, 12), PE),
    ("thirty days", date(2022, 8, 11), PE),
    ("within sixty days", date(2022, 9, 10), PE),
    ("three weeks", date(2022, 8, 2), PE),
    ("next year", date(2023, 12, 31), YR),
    ("by next year", date(2023, 12, 31), YR),
    ("this year", date(2022, 12, 31), YR),
    ("by the end of this year", date(2022, 12, 31), YR),
    ("later this year", date(2022, 12, 31), YR),
    ("by the end of next year", date(2023, 12, 31), YR),
    ("end of next year", date(2023, 12, 31), YR),
    ("next month", date(2022, 8, 31), MO),
    ("by the end of this month", date(2022, 7, 31), MO),
    ("this quarter", date(2022, 9, 30), QU),
    ("next quarter", date(2022, 12, 31), QU),
]


@pytest.mark.parametrize(("phrase", "on", "precision"), RELATIVE_DATA)
def test_relative_phrases(phrase: str, on: date, precision: Precision) -> None:
    expected = Deadline(on=on, precision=precision, basis=Basis.RELATIVE, phrase=phrase)
    assert parse_deadline(phrase, announced_on=ANNOUNCED) == expected


@pytest.mark.parametrize("phrase", [row[0] for row in RELATIVE_DATA])
def test_relative_phrases_need_the_announced_date(phrase: str) -> None:
    with pytest.raises(DeadlinePhraseError) as caught:
        parse_deadline(phrase, announced_on=None)
    message = str(caught.value)
    assert "counted from the date the pledge was made: give --announced DATE" in message
    assert f"'{phrase}'" in message


def test_relative_phrases_follow_the_announced_date() -> None:
    later = date(2024, 1, 31)
    assert parse_deadline("+1m", announced_on=later).on == date(2024, 2, 29)
    assert parse_deadline("next year", announced_on=later).on == date(2025, 12, 31)
    assert parse_deadline("this quarter", announced_on=later).on == date(2024, 3, 31)
    assert parse_deadline("next quarter", announced_on=date(2024, 11, 5)).on == date(2025, 3, 31)


NONE_DATA = ["none", "None", "open-ended", "open\u2013ended", "open ended", "no deadline", " none "]


@pytest.mark.parametrize("phrase", NONE_DATA)
def test_open_ended(phrase: str) -> None:
    expected = Deadline(on=None, precision=None, basis=None, phrase=phrase.strip())
    assert parse_deadline(phrase, announced_on=None) == expected


def test_phrase_kept_as_written() -> None:
    deadline = parse_deadline("  By The End Of 2024  ", announced_on=None)
    assert deadline.phrase == "By The End Of 2024"
    assert parse_deadline("FY2023\u201324", announced_on=None).phrase == "FY2023\u201324"


FISCAL_START_DATA: list[tuple[str, tuple[int, int], date]] = [
    ("FY2024", (10, 1), date(2024, 9, 30)),
    ("FY2024", (1, 1), date(2024, 12, 31)),
    ("FY2024", (4, 1), date(2024, 3, 31)),
    ("FY2024", (7, 1), date(2024, 6, 30)),
    ("FY2024", (4, 6), date(2024, 4, 5)),
    ("FY2024", (3, 1), date(2024, 2, 29)),
    ("FY2024-25", (4, 1), date(2025, 3, 31)),
    ("FY2023-2024", (1, 1), date(2024, 12, 31)),
]


@pytest.mark.parametrize(("phrase", "start", "on"), FISCAL_START_DATA)
def test_fiscal_start(phrase: str, start: tuple[int, int], on: date) -> None:
    deadline = parse_deadline(phrase, announced_on=None, fiscal_start=start)
    assert (deadline.on, deadline.precision, deadline.basis) == (on, FY, Basis.EXPLICIT)


INVALID_DATA: list[tuple[str, str]] = [
    ("", "empty"),
    ("   ", "empty"),
    ("soonish", "cannot read deadline"),
    ("ASAP", "cannot read deadline"),
    ("2024-09-30-01", "cannot read deadline"),
    ("12/31/2024", "cannot read deadline"),
    ("+2x", "cannot read deadline"),
    ("within years", "cannot read deadline"),
    ("within a few years", "cannot read deadline"),
    ("FY", "cannot read deadline"),
    ("FY123", "cannot read deadline"),
    ("H1", "cannot read deadline"),
    ("Q3", "cannot read deadline"),
    ("between 2022 and", "cannot read deadline"),
    ("24", "cannot read deadline"),
    ("next decade", "cannot read deadline"),
    ("in 2022-23", "may be a fiscal year or the years 2022 to 2023"),
    ("within an hour", "cannot read deadline"),
    ("2027-2024", "ends before it starts"),
    ("2027\u20132024", "ends before it starts"),
    ("between 2024 and 2022", "ends before it starts"),
    ("FY2024-2023", "ends before it starts"),
    ("FY24-23", "ends before it starts"),
    ("2024-02-30", "not a real date"),
    ("31 June 2024", "not a real date"),
    ("2024-13", "no month 13"),
    ("2024-27", "no month 27"),
    ("Q5 2024", "no quarter"),
    ("Q0 2024", "no quarter"),
    ("H3 2025", "no half"),
    ("0000", "outside the calendar"),
    ("+999999999y", "outside the calendar"),
]


@pytest.mark.parametrize(("phrase", "why"), INVALID_DATA)
def test_invalid_phrases(phrase: str, why: str) -> None:
    with pytest.raises(DeadlinePhraseError) as caught:
        parse_deadline(phrase, announced_on=ANNOUNCED)
    message = str(caught.value)
    assert why in message
    assert "\n" not in message
    if phrase.strip():
        assert f"'{phrase.strip()}'" in message


def test_an_unreadable_phrase_names_the_nearest_forms_not_the_whole_list() -> None:
    with pytest.raises(DeadlinePhraseError) as caught:
        parse_deadline("by the ned of 2024", announced_on=None)
    message = str(caught.value)
    assert "'by the end of 2024'" in message
    assert message.count("', '") <= 2  # two or three forms
    with pytest.raises(DeadlinePhraseError) as caught:
        parse_deadline("FY 2024 und 2025", announced_on=None)
    assert "'FY 2023 and 2024'" in str(caught.value)


def test_relative_overflow_is_an_error() -> None:
    with pytest.raises(DeadlinePhraseError, match="outside the calendar"):
        parse_deadline("next year", announced_on=date(9999, 6, 1))


VALID_FISCAL_STARTS: list[tuple[str, tuple[int, int]]] = [
    ("10-01", (10, 1)),
    ("1-1", (1, 1)),
    ("04-06", (4, 6)),
    (" 07-01 ", (7, 1)),
    ("12-31", (12, 31)),
]
INVALID_FISCAL_STARTS = ["", "10/01", "2024-10-01", "13-01", "00-10", "02-30", "02-29", "Oct 1"]


@pytest.mark.parametrize(("text", "expected"), VALID_FISCAL_STARTS)
def test_parse_fiscal_start(text: str, expected: tuple[int, int]) -> None:
    assert parse_fiscal_start(text) == expected


@pytest.mark.parametrize("text", INVALID_FISCAL_STARTS)
def test_invalid_fiscal_start(text: str) -> None:
    with pytest.raises(DeadlinePhraseError) as caught:
        parse_fiscal_start(text)
    assert f"'{text}'" in str(caught.value)
    assert "MM-DD" in str(caught.value)


def test_invalid_fiscal_start_tuple_is_refused() -> None:
    with pytest.raises(DeadlinePhraseError, match="02-30"):
        parse_deadline("FY2024", announced_on=None, fiscal_start=(2, 30))


DESCRIBE_DATA: list[tuple[str, tuple[int, int], date | None, str]] = [
    ("between 2022 and 2024", (10, 1), None, "2024-12-31 (year, from 'between 2022 and 2024')"),
    (
        "FY2023-2024",
        (10, 1),
        None,
        "2024-09-30 (fiscal_year, US federal, from 'FY2023-2024')",
    ),
    (
        "FY2024",
        (4, 1),
        None,
        "2024-03-31 (fiscal_year, fiscal year starting 04-01, from 'FY2024')",
    ),
    (
        "over the next two years",
        (10, 1),
        ANNOUNCED,
        "2024-07-12 (period, 2 years from 2022-07-12, from 'over the next two years')",
    ),
    (
        "within a year",
        (10, 1),
        ANNOUNCED,
        "2023-07-12 (period, 1 year from 2022-07-12, from 'within a year')",
    ),
    (
        "next year",
        (10, 1),
        ANNOUNCED,
        "2023-12-31 (year, counted from 2022-07-12, from 'next year')",
    ),
    ("2024-09-30", (10, 1), None, "2024-09-30 (day, from '2024-09-30')"),
    ("Q3 2024", (10, 1), None, "2024-09-30 (quarter, from 'Q3 2024')"),
    ("none", (10, 1), None, "no deadline (open-ended)"),
]


@pytest.mark.parametrize(("phrase", "start", "announced", "text"), DESCRIBE_DATA)
def test_describe_deadline(
    phrase: str, start: tuple[int, int], announced: date | None, text: str
) -> None:
    deadline = parse_deadline(phrase, announced_on=announced, fiscal_start=start)
    assert describe_deadline(deadline, fiscal_start=start, announced_on=announced) == text


def test_describe_relative_without_announced_date() -> None:
    deadline = parse_deadline("+18m", announced_on=ANNOUNCED)
    assert describe_deadline(deadline) == (
        "2024-01-12 (period, 18 months from the announced date, from '+18m')"
    )


def test_a_two_digit_fiscal_year_needs_its_start() -> None:
    deadline = parse_deadline("in 2022-23", announced_on=None, fiscal_start=(4, 1))
    assert (deadline.on, deadline.precision) == (date(2023, 3, 31), FY)
    assert parse_deadline("2024-12", announced_on=None).on == date(2024, 12, 31)  # a month


def test_due_names_its_own_option_for_a_relative_phrase() -> None:
    result = run("due", "this year")
    assert_clean_error(result, 2)
    assert "give --from DATE" in result.stderr
    assert ok("due", "this year", "--from", "2022-07-12").stdout.startswith("2022-12-31")


def test_due_in_json_gives_the_reading_as_fields() -> None:
    reading = json.loads(ok("due", "in May", "--from", "2022-07-12", "--format", "json").stdout)
    assert reading == {
        "deadline": "2023-05-31", "precision": "month", "basis": "relative", "phrase": "in May",
        "counted_from": "2022-07-12", "fiscal_start": None,
    }  # fmt: skip
    fiscal = json.loads(ok("due", "2022-23", "--fiscal-start", "04-01", "-f", "json").stdout)
    assert (fiscal["deadline"], fiscal["fiscal_start"]) == ("2023-03-31", "04-01")
    assert_clean_error(run("due", "2024", "--format", "yaml"), 2)


def test_a_fiscal_year_read_with_its_start_survives_the_whole_ledger_round_trip(
    tmp_path: Path,
) -> None:
    ok("add", "Aid", "--by", "Canada", "--due", "in 2022-23", "--fiscal-start", "04-01",
       "--announced", "2022-05-01")  # fmt: skip
    document = tmp_path / "all.json"
    document.write_text(ok("export", "--what", "all", "--format", "json").stdout)
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    ok("--db", str(other), "import", str(document))
    row = json.loads(ok("--db", str(other), "list", "--format", "json").stdout)[0]
    assert (row["deadline"], row["deadline_phrase"]) == ("2023-03-31", "in 2022-23")
