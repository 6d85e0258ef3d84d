"""Deadline phrases: `Q3 2024`, `FY2023-24`, `between 2022 and 2024`, `+18m`
(docs/reading.md#deadline-phrases).

A phrase resolves to an inclusive date (a period means its last day), a precision and a basis,
and is kept as written. Pure: stdlib and dateutil only, no I/O, never reads the clock; must not
import storage, services or cli.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from pledgetrack.domain.dates import MONTH_NAMES, read_full_date
from pledgetrack.domain.model import Basis, Deadline, Precision
from pledgetrack.domain.text import quoted
from pledgetrack.errors import DateParseError, DeadlinePhraseError

US_FEDERAL_FISCAL_START = (10, 1)

ACCEPTED_FORMS = (
    "use a date (2024-09-30), a month (Sep 2024), a year (2024, end of 2024), "
    "a quarter (Q3 2024), a half (H1 2025), a fiscal year (FY2024, FY2023-24), "
    "a range (2022-2024), a span from the announced date (+18m, within 100 days, "
    "over the next two years, next year) or none"
)

_NONE_PHRASES = frozenset({"none", "open-ended", "open ended", "no deadline", "no-deadline"})

_UNITS = {
    "year": "y",
    "years": "y",
    "yr": "y",
    "yrs": "y",
    "y": "y",
    "month": "m",
    "months": "m",
    "mo": "m",
    "mos": "m",
    "m": "m",
    "week": "w",
    "weeks": "w",
    "wk": "w",
    "wks": "w",
    "w": "w",
    "day": "d",
    "days": "d",
    "d": "d",
}
_UNIT_NAMES = {"y": "year", "m": "month", "w": "week", "d": "day"}

_NUMBER_WORDS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_SMALL_NUMBERS = {word: n for n, word in enumerate(_NUMBER_WORDS.split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4}

_WORD_NUMBER = (
    r"\d+|(?:a|an|one)\s+hundred|hundred"
    r"|(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(list(_SMALL_NUMBERS)[1:10]) + r"))?"
    r"|" + "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True)) + r"|an|a"
)
_SPAN_UNIT = r"years?|yrs?|months?|mos?|weeks?|wks?|days?"
_SPAN_SHORT = re.compile(rf"\+\s*(?P<n>\d+)\s*(?P<unit>y|m|w|d|{_SPAN_UNIT})")
_SPAN_WORDS = re.compile(
    r"(?:(?:over|within|in|during|inside|for)\s+)?(?:the\s+)?(?:(?:next|coming|following)\s+)?"
    rf"(?P<n>{_WORD_NUMBER})\s+(?P<unit>{_SPAN_UNIT})(?:\s+(?:time|from now))?"
)
_SPAN_THE_NEXT = re.compile(
    r"(?:(?:over|within|in|during|inside)\s+)?the\s+(?:next|coming|following)\s+"
    r"(?P<unit>year|month|week|day)"
)
_CALENDAR_RELATIVE = re.compile(
    r"(?:(?:by|in|during|later)\s+)?(?:(?:before\s+)?(?:the\s+)?end\s+of\s+)?"
    r"(?P<which>this|next)\s+(?P<unit>year|month|quarter)"
)
_EXPLICIT_PREFIX = re.compile(
    r"(?:(?:by|in|during|through)\s+)?(?:(?:before\s+)?(?:the\s+)?end\s+of\s+)?(?:the\s+)?"
)

_MONTH_NAME = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_YEAR_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_NAMED_MONTH = re.compile(rf"(?P<month>{_MONTH_NAME})\.?,?\s+(?P<year>\d{{4}})")
_YEAR = re.compile(r"\d{4}")
_QUARTER = [
    re.compile(r"q(?P<n>\d)\s*(?:of\s+)?(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})\s*-?\s*q(?P<n>\d)"),
    re.compile(r"(?P<n>" + "|".join(_ORDINALS) + r")\s+quarter\s+(?:of\s+)?(?P<year>\d{4})"),
]
_HALF = [
    re.compile(r"h(?P<n>\d)\s*(?:of\s+)?(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})\s*-?\s*h(?P<n>\d)"),
    re.compile(r"(?P<n>first|second|1st|2nd)\s+half\s+(?:of\s+)?(?P<year>\d{4})"),
]
_FISCAL = re.compile(
    r"(?:fy|fiscal(?:\s+years?)?)\s*(?P<first>\d{4}|\d{2})"
    r"(?:\s*[-/]\s*(?:fy\s*)?(?P<last>\d{4}|\d{2}))?"
)
_RANGE = re.compile(
    r"(?:(?:between|from)\s+)?(?P<first>\d{4})"
    r"(?:-|\s+(?:and|to|through|until|-)\s+)(?P<last>\d{4})"
)
_FISCAL_START = re.compile(r"(?P<month>\d{1,2})-(?P<day>\d{1,2})")

_Resolved = tuple[date, Precision]


def _normalise(phrase: str) -> str:
    text = phrase.lower()
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    text = " ".join(text.split()).rstrip(".")
    return re.sub(r"\s*([-/])\s*", r"\1", text)


def _number(word: str) -> int:
    word = " ".join(word.replace("-", " ").split())
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    if word in ("hundred", "a hundred", "an hundred", "one hundred"):
        return 100
    if word in _SMALL_NUMBERS:
        return _SMALL_NUMBERS[word]
    tens, _, units = word.partition(" ")
    return _TENS[tens] + (_SMALL_NUMBERS[units] if units else 0)


def _span(norm: str) -> tuple[int, str] | None:
    """A span counted from the announced date, as (count, unit letter y/m/w/d), if it is one."""
    for pattern in (_SPAN_SHORT, _SPAN_WORDS):
        match = pattern.fullmatch(norm)
        if match:
            return _number(match["n"]), _UNITS[match["unit"]]
    match = _SPAN_THE_NEXT.fullmatch(norm)
    if match:
        return 1, _UNITS[match["unit"]]
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fiscal_year_end(year: int, fiscal_start: tuple[int, int]) -> date:
    """The last day of the fiscal year named by `year`, the calendar year it ends in."""
    if fiscal_start == (1, 1):
        return date(year, 12, 31)
    return date(year, *fiscal_start) - timedelta(days=1)


def _relative(norm: str) -> Callable[[date], _Resolved] | None:
    span = _span(norm)
    if span is not None:
        n, unit = span
        delta = {
            "y": relativedelta(years=n),
            "m": relativedelta(months=n),
            "w": relativedelta(weeks=n),
            "d": relativedelta(days=n),
        }[unit]
        return lambda announced: (announced + delta, Precision.PERIOD)
    match = _CALENDAR_RELATIVE.fullmatch(norm)
    if match is None:
        return None
    step = 1 if match["which"] == "next" else 0
    unit = match["unit"]

    def resolve(announced: date) -> _Resolved:
        if unit == "year":
            return date(announced.year + step, 12, 31), Precision.YEAR
        if unit == "month":
            first = date(announced.year, announced.month, 1) + relativedelta(months=step)
            return _month_end(first.year, first.month), Precision.MONTH
        quarter_end_month = (announced.month - 1) // 3 * 3 + 3
        first = date(announced.year, quarter_end_month, 1) + relativedelta(months=3 * step)
        return _month_end(first.year, first.month), Precision.QUARTER

    return resolve


def _two_digit_after(first: int, text: str) -> int:
    """The year meant by the end of `FY2023-24`: 24 after 2023 is 2024; 00 after 1999 is 2000."""
    if len(text) == 4:
        return int(text)
    year = first // 100 * 100 + int(text)
    # Only a turn of the century wraps; anything else earlier than `first` is a reversed range.
    wraps = year < first and first % 100 >= 90 and int(text) < 10
    return year + 100 if wraps else year


def _explicit(kept: str, norm: str, fiscal_start: tuple[int, int]) -> _Resolved | None:
    prefix = _EXPLICIT_PREFIX.match(norm)
    body = norm[prefix.end() :] if prefix else norm
    try:
        day = read_full_date(body, shown=kept)
    except DateParseError as error:  # not a real date, or not on the weekday it names
        raise DeadlinePhraseError(f"deadline {error}") from None
    if day is not None:
        return day, Precision.DAY

    if match := _YEAR_MONTH.fullmatch(body):
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DeadlinePhraseError(
                f"deadline {quoted(kept)} has no month {match['month']}; months run 01-12 "
                "(for a range of years write both in full, 2024-2027)"
            )
        return _month_end(int(match["year"]), month), Precision.MONTH
    if match := _NAMED_MONTH.fullmatch(body):
        return _month_end(int(match["year"]), MONTH_NAMES[match["month"]]), Precision.MONTH
    if _YEAR.fullmatch(body):
        return date(int(body), 12, 31), Precision.YEAR

    for pattern in _QUARTER:
        if match := pattern.fullmatch(body):
            quarter = _ORDINALS.get(match["n"]) or int(match["n"])
            if not 1 <= quarter <= 4:
                raise DeadlinePhraseError(
                    f"deadline {quoted(kept)} names no quarter; quarters are Q1 to Q4 (Q3 2024)"
                )
            return _month_end(int(match["year"]), quarter * 3), Precision.QUARTER
    for pattern in _HALF:
        if match := pattern.fullmatch(body):
            half = _ORDINALS.get(match["n"]) or int(match["n"])
            if not 1 <= half <= 2:
                raise DeadlinePhraseError(
                    f"deadline {quoted(kept)} names no half; halves are H1 and H2 (H1 2025)"
                )
            return _month_end(int(match["year"]), half * 6), Precision.HALF

    if match := _FISCAL.fullmatch(body):
        first_text = match["first"]
        first = int(first_text) if len(first_text) == 4 else 2000 + int(first_text)
        last = first if match["last"] is None else _two_digit_after(first, match["last"])
        if last < first:
            raise DeadlinePhraseError(
                f"deadline {quoted(kept)} ends before it starts; "
                "write the earlier fiscal year first"
            )
        return _fiscal_year_end(last, fiscal_start), Precision.FISCAL_YEAR

    if match := _RANGE.fullmatch(body):
        first, last = int(match["first"]), int(match["last"])
        if last < first:
            raise DeadlinePhraseError(
                f"deadline {quoted(kept)} ends before it starts; write the earlier year first "
                f"({last}-{first})"
            )
        return date(last, 12, 31), Precision.YEAR
    return None


def _check_fiscal_start(fiscal_start: tuple[int, int]) -> None:
    month, day = fiscal_start
    try:
        date(2001, month, day)
    except ValueError:
        raise DeadlinePhraseError(
            f"fiscal year start {month:02d}-{day:02d} is not a day of every year; "
            "give MM-DD such as 10-01"
        ) from None


def parse_deadline(
    phrase: str,
    *,
    announced_on: date | None,
    fiscal_start: tuple[int, int] = US_FEDERAL_FISCAL_START,
) -> Deadline:
    """Resolve a deadline phrase to an inclusive date, a precision and a basis."""
    kept = phrase.strip()
    norm = _normalise(kept)
    if not norm:
        raise DeadlinePhraseError(f"empty deadline; {ACCEPTED_FORMS}")
    _check_fiscal_start(fiscal_start)
    if norm in _NONE_PHRASES:
        return Deadline(on=None, precision=None, basis=None, phrase=kept)
    try:
        relative = _relative(norm)
        if relative is not None:
            if announced_on is None:
                raise DeadlinePhraseError(
                    f"deadline {quoted(kept)} is counted from the announced date: give --announced"
                )
            on, precision = relative(announced_on)
            return Deadline(on=on, precision=precision, basis=Basis.RELATIVE, phrase=kept)
        explicit = _explicit(kept, norm, fiscal_start)
    except (ValueError, OverflowError):
        raise DeadlinePhraseError(
            f"deadline {quoted(kept)} falls outside the calendar (years 1-9999)"
        ) from None
    if explicit is None:
        raise DeadlinePhraseError(f"cannot read deadline {quoted(kept)}; {ACCEPTED_FORMS}")
    on, precision = explicit
    return Deadline(on=on, precision=precision, basis=Basis.EXPLICIT, phrase=kept)


def parse_fiscal_start(text: str) -> tuple[int, int]:
    """Read `--fiscal-start MM-DD` (e.g. `10-01` for the US federal year) as (month, day)."""
    match = _FISCAL_START.fullmatch(text.strip())
    if match is None:
        raise DeadlinePhraseError(
            f"cannot read fiscal year start {quoted(text)}; give MM-DD, e.g. 10-01 (US federal), "
            "04-01 or 07-01"
        )
    month, day = int(match["month"]), int(match["day"])
    try:
        date(2001, month, day)
    except ValueError:
        raise DeadlinePhraseError(
            f"fiscal year start {quoted(text)} is not a day of every year; give MM-DD such as 10-01"
        ) from None
    return month, day


def describe_deadline(
    deadline: Deadline,
    *,
    fiscal_start: tuple[int, int] = US_FEDERAL_FISCAL_START,
    announced_on: date | None = None,
) -> str:
    """How a deadline was read, e.g. `2024-12-31 (year, from 'between 2022 and 2024')`."""
    if deadline.on is None or deadline.precision is None:
        return "no deadline (open-ended)"
    parts = [deadline.precision.value]
    if deadline.precision is Precision.FISCAL_YEAR:
        if fiscal_start == US_FEDERAL_FISCAL_START:
            parts.append("US federal")
        else:
            parts.append(f"fiscal year starting {fiscal_start[0]:02d}-{fiscal_start[1]:02d}")
    if deadline.basis is Basis.RELATIVE:
        since = announced_on.isoformat() if announced_on else "the announced date"
        span = _span(_normalise(deadline.phrase))
        if span is not None and deadline.precision is Precision.PERIOD:
            n, unit = span
            parts.append(f"{n} {_UNIT_NAMES[unit]}{'' if n == 1 else 's'} from {since}")
        else:
            parts.append(f"counted from {since}")
    return f"{deadline.on.isoformat()} ({', '.join(parts)}, from {quoted(deadline.phrase)})"


def read_again(deadline: Deadline, *, announced_on: date | None) -> Deadline:
    """What a recorded deadline's phrase reads as today. The fiscal year start it was read with
    is not recorded, so a phrase naming a fiscal year is read with the start its recorded date
    implies (the day after it): `FY2024` due on 2024-03-31 was read with a year starting 04-01."""
    read = parse_deadline(deadline.phrase, announced_on=announced_on)
    on = deadline.on
    if read.precision is Precision.FISCAL_YEAR and on is not None and on < date.max:
        after = on + timedelta(days=1)
        if (after.month, after.day) != (2, 29):  # not a start of every year: never read so
            start = (after.month, after.day)
            read = parse_deadline(deadline.phrase, announced_on=announced_on, fiscal_start=start)
    return read
