"""How typed dates are read (docs/reading.md#dates): ISO, written dates, today and yesterday."""

from __future__ import annotations

from datetime import date

import pytest

from pledgetrack.domain.dates import format_date, parse_date
from pledgetrack.errors import DateParseError

TODAY = date(2025, 3, 1)

VALID_DATES_DATA: list[tuple[str, date]] = [
    ("2024-09-30", date(2024, 9, 30)),
    ("  2024-09-30 ", date(2024, 9, 30)),
    ("2024-9-3", date(2024, 9, 3)),
    ("20240930", date(2024, 9, 30)),
    ("2024-02-29", date(2024, 2, 29)),
    ("today", TODAY),
    ("Today", TODAY),
    ("yesterday", date(2025, 2, 28)),
    ("YESTERDAY", date(2025, 2, 28)),
    ("12 July 2022", date(2022, 7, 12)),
    ("12 Jul 2022", date(2022, 7, 12)),
    ("12 jul. 2022", date(2022, 7, 12)),
    ("12th July, 2022", date(2022, 7, 12)),
    ("July 12, 2022", date(2022, 7, 12)),
    ("July 12 2022", date(2022, 7, 12)),
    ("Sept. 3rd, 2024", date(2024, 9, 3)),
    ("1 May 2023", date(2023, 5, 1)),
    ("31 December 1999", date(1999, 12, 31)),
]

INVALID_DATES_DATA: list[tuple[str, str]] = [
    ("", "empty"),
    ("   ", "empty"),
    # ambiguous numeric forms
    ("01/02/2024", "ambiguous"),
    ("1.2.2024", "ambiguous"),
    ("01-02-2024", "ambiguous"),
    ("2024/09/30", "ambiguous"),
    ("30.09.2024", "ambiguous"),
    # a missing part is never filled in
    ("2024", "has no month and day"),
    ("2024-09", "has no day"),
    ("July 2022", "has no day"),
    ("Sep 2024", "has no day"),
    ("12 July", "has no year"),
    ("July 12", "has no year"),
    # impossible dates
    ("2024-02-30", "not a real date"),
    ("2023-02-29", "not a real date"),
    ("2024-13-01", "not a real date"),
    ("0000-01-01", "not a real date"),
    ("31 June 2024", "not a real date"),
    ("February 30, 2024", "not a real date"),
    # garbage
    ("garbage", "cannot read date"),
    ("tomorrow-ish", "cannot read date"),
    ("2024-09-30T10:00", "cannot read date"),
    ("mayday 2024", "cannot read date"),
    ("12 Julyy 2022", "cannot read date"),
]


@pytest.mark.parametrize(("text", "expected"), VALID_DATES_DATA)
def test_valid_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(("text", "why"), INVALID_DATES_DATA)
def test_invalid_dates(text: str, why: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text, today=TODAY)
    message = str(caught.value)
    assert why in message
    assert "\n" not in message
    if text.strip():
        assert f"'{text.strip()}'" in message


@pytest.mark.parametrize("text", ["01/02/2024", "1.2.2024"])
def test_ambiguous_dates_hint_iso(text: str) -> None:
    with pytest.raises(DateParseError, match="YYYY-MM-DD"):
        parse_date(text, today=TODAY)


OTHER_TODAYS = [date(2000, 1, 1), date(2024, 9, 15), date(2031, 12, 31)]


@pytest.mark.parametrize("today", OTHER_TODAYS)
@pytest.mark.parametrize(
    ("text", "expected"), [(t, d) for t, d in VALID_DATES_DATA if t[0].isdigit()]
)
def test_dates_never_depend_on_today(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize("today", OTHER_TODAYS)
@pytest.mark.parametrize("text", ["2024", "2024-09", "July 2022", "12 July"])
def test_missing_parts_refused_whatever_today(today: date, text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text, today=today)


def test_relative_words_follow_the_given_today() -> None:
    assert parse_date("today", today=date(2024, 3, 1)) == date(2024, 3, 1)
    assert parse_date("yesterday", today=date(2024, 3, 1)) == date(2024, 2, 29)
    assert parse_date("yesterday", today=date(2024, 1, 1)) == date(2023, 12, 31)


@pytest.mark.parametrize(("value", "text"), [(date(2024, 9, 30), "2024-09-30"), (None, "")])
def test_format_date(value: date | None, text: str) -> None:
    assert format_date(value) == text
