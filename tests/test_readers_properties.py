"""Property tests: whatever is typed, the readers answer with a value or a PledgetrackError."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pledgetrack.domain.amount_reader import read_amount
from pledgetrack.domain.amounts import (
    MAX_UNITS,
    format_plain,
    from_milli,
    parse_amount,
    to_milli,
)
from pledgetrack.domain.dates import parse_date
from pledgetrack.domain.deadlines import describe_deadline, parse_deadline, parse_fiscal_start
from pledgetrack.domain.model import Amount, Deadline
from pledgetrack.domain.text import FORBIDDEN, clean_line, clean_text
from pledgetrack.errors import PledgetrackError

FAST = settings(max_examples=300, deadline=None)

FRAGMENTS = [
    "$", "€", "£", "¥", "US$", "USD", "usd", "EUR", "MXN", "XYZ", "pesos", "dollars", "visas",
    "land ports of entry", "0", "1", "1.5", "1,500", "1,5", "1.234,5", "22,500", "10000000000000",
    "-", "+", "\u2212", ".", ",", "/", "\u2013", " ", "  ", "k", "m", "bn", "billion", "million",
    "trillion", "t", "nan", "inf", "e9", "2024", "2024-09-30", "2024-02-30", "09", "Q3", "q5",
    "H1", "FY", "FY24", "FY2023-24", "2022", "2027", "and", "between", "from", "to", "by", "the",
    "end of", "within", "over the next", "two", "twenty-four", "a hundred", "a", "years",
    "months", "days", "weeks", "+18m", "+2y", "next year", "this year", "none", "open-ended",
    "July", "Sep", "12", "today", "yesterday", "first half of", "quarter", "10-01", "02-29",
    "\x1b[31m", "\x00", "\u202e", "\n", "\t", "é", "🇲🇽",
    # the wording of amounts (tests/test_amount_wording.py)
    "up to", "about", "more than", "hasta", "más de", "unos", "a year", "per month", "al mes",
    "anuales", "mil", "millones", "mil millones", "de", "dólares", "mdd", "por ciento", "%",
    "percent", "half", "medio", "un", "y", "entre", "or", "a", "hundred", "C$", "US$", "Rs", "Q",
    "(", ")", "(about $213)", "–", "4.000", "1.500", "60 388", "2,5", "-billion-", "billion-a-year",
]  # fmt: skip
PLAUSIBLE = st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join) | st.lists(
    st.sampled_from(FRAGMENTS), max_size=6
).map(" ".join)
TYPED = st.text() | PLAUSIBLE
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
FISCAL_STARTS = st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31)).map(
    lambda d: (d.month, d.day)
)


@FAST
@given(
    text=TYPED, allow_negative=st.booleans(), default=st.none() | st.sampled_from(["USD", "visas"])
)
def test_parse_amount_answers_or_refuses(
    text: str, allow_negative: bool, default: str | None
) -> None:
    try:
        amount = parse_amount(text, allow_negative=allow_negative, default_unit=default)
    except PledgetrackError:
        return
    assert isinstance(amount, Amount)
    assert abs(amount.value) <= MAX_UNITS
    assert allow_negative or amount.value >= 0
    assert from_milli(to_milli(amount.value)) == amount.value
    assert str(amount.value) == format_plain(amount.value)


@FAST
@given(text=TYPED, plain=st.booleans(), default=st.none() | st.sampled_from(["USD", "visas"]))
def test_read_amount_answers_or_refuses(text: str, plain: bool, default: str | None) -> None:
    try:
        reading = read_amount(text, plain=plain, default_unit=default)
    except PledgetrackError:
        return
    assert reading.text == text.strip()
    for value in (reading.amount.value, reading.high):
        if value is not None:
            assert 0 <= value <= MAX_UNITS
            assert from_milli(to_milli(value)) == value
            assert str(value) == format_plain(value)
    assert reading.high is None or reading.amount.value < reading.high
    assert (reading.qualifier is None) == (reading.qualifier_text is None)
    assert plain is False or (reading.qualifier, reading.high, reading.rate) == (None,) * 3


@FAST
@given(text=TYPED, today=DATES)
def test_parse_date_answers_or_refuses(text: str, today: date) -> None:
    try:
        result = parse_date(text, today=today)
    except PledgetrackError:
        return
    assert isinstance(result, date)


@FAST
@given(text=TYPED, announced=st.none() | DATES, start=FISCAL_STARTS)
def test_parse_deadline_answers_or_refuses(
    text: str, announced: date | None, start: tuple[int, int]
) -> None:
    try:
        deadline = parse_deadline(text, announced_on=announced, fiscal_start=start)
    except PledgetrackError:
        return
    assert isinstance(deadline, Deadline)
    assert deadline.phrase == text.strip()
    assert (deadline.on is None) == (deadline.precision is None) == (deadline.basis is None)
    assert isinstance(describe_deadline(deadline, fiscal_start=start, announced_on=announced), str)


@FAST
@given(text=TYPED)
def test_parse_fiscal_start_answers_or_refuses(text: str) -> None:
    try:
        month, day = parse_fiscal_start(text)
    except PledgetrackError:
        return
    assert date(2001, month, day)


@FAST
@given(phrase=TYPED, first=DATES, second=DATES)
def test_explicit_deadlines_never_depend_on_the_announced_date(
    phrase: str, first: date, second: date
) -> None:
    try:
        without = parse_deadline(phrase, announced_on=None)
    except PledgetrackError:
        return
    assert parse_deadline(phrase, announced_on=first) == without
    assert parse_deadline(phrase, announced_on=second) == without


@FAST
@given(text=TYPED, first=DATES, second=DATES)
def test_dates_depend_on_today_only_through_today_and_yesterday(
    text: str, first: date, second: date
) -> None:
    if text.strip().lower() in ("today", "yesterday"):
        return
    try:
        answer: date | type[PledgetrackError] = parse_date(text, today=first)
    except PledgetrackError as error:
        answer = type(error)
    try:
        other: date | type[PledgetrackError] = parse_date(text, today=second)
    except PledgetrackError as error:
        other = type(error)
    assert answer == other


ESCAPES = st.lists(
    st.sampled_from(["\x1b", "[", "]", "\x07", "\\", "31m", "0;", "\x9b", "\x9d", "\x9c", "P", "x"])
    | st.characters(),
    max_size=20,
).map("".join)


@FAST
@given(text=st.text() | ESCAPES)
def test_clean_text_is_safe_and_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN & set(cleaned)
    assert clean_text(cleaned) == cleaned
    line = clean_line(text)
    assert not (FORBIDDEN | {"\n"}) & set(line)
    assert clean_line(line) == line
