"""Deadline phrases counted from the announced date: spans (`+18m`, `within 100 days`, `over the
next two years`), the calendar around it (`this year`, `next quarter`, `in May`, `by next spring`,
`late this year`, `by the end of the decade`), and the calendar arithmetic both kinds share.

Pure: stdlib and dateutil only; never reads the clock (the announced date is given).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from dateutil.relativedelta import relativedelta

from pledgetrack.domain.dates import MONTH_NAMES
from pledgetrack.domain.model import Precision

Resolved = tuple[date, Precision]

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
UNIT_NAMES = {"y": "year", "m": "month", "w": "week", "d": "day"}

_NUMBER_WORDS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_SMALL_NUMBERS = {word: n for n, word in enumerate(_NUMBER_WORDS.split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}

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

MONTH_NAME = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))

# Meteorological seasons of the northern hemisphere: (the month they end in, years later).
SEASONS = {"spring": (5, 0), "summer": (8, 0), "autumn": (11, 0), "fall": (11, 0), "winter": (2, 1)}
_SEASON = "|".join(SEASONS)

_RELATIVE_PREFIX = r"(?:(?:by|in|during|through|before|for)\s+)?(?:(?:the\s+)?end\s+of\s+)?"
_MONTH_ALONE = re.compile(rf"{_RELATIVE_PREFIX}(?:early\s+|mid\s+|late\s+)?(?P<month>{MONTH_NAME})")
_SEASON_ALONE = re.compile(
    rf"{_RELATIVE_PREFIX}(?:(?:the|this)\s+)?(?P<next>next\s+)?(?P<season>{_SEASON})"
)
_PART_OF_RELATIVE_YEAR = re.compile(
    rf"{_RELATIVE_PREFIX}(?P<part>early|mid|late)\s+(?P<which>this|next)\s+year"
)
_DAY_ALONE = [
    re.compile(rf"(?:(?:by|on|before|through)\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_NAME})"),
    re.compile(rf"(?:(?:by|on|before|through)\s+)?(?P<month>{MONTH_NAME})\s+(?P<day>\d{{1,2}})"),
]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    rf"(?:(?:by|on|before)\s+)?(?P<which>this|next|coming)\s+(?P<day>{'|'.join(WEEKDAYS)})"
)
_MONTH_OF_RELATIVE_YEAR = re.compile(
    rf"{_RELATIVE_PREFIX}(?P<month>{MONTH_NAME})\s+(?:of\s+)?(?P<which>this|next)\s+year"
)
_DECADE_END = re.compile(
    r"(?:(?:by|before|through|in)\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+decade"
)


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


def span(norm: str) -> tuple[int, str] | None:
    """A span counted from the announced date, as (count, unit letter y/m/w/d), if it is one."""
    for pattern in (_SPAN_SHORT, _SPAN_WORDS):
        match = pattern.fullmatch(norm)
        if match:
            return _number(match["n"]), _UNITS[match["unit"]]
    match = _SPAN_THE_NEXT.fullmatch(norm)
    if match:
        return 1, _UNITS[match["unit"]]
    return None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def relative_reading(norm: str) -> Callable[[date], Resolved] | None:
    counted = span(norm)
    if counted is not None:
        n, unit = counted
        delta = {
            "y": relativedelta(years=n),
            "m": relativedelta(months=n),
            "w": relativedelta(weeks=n),
            "d": relativedelta(days=n),
        }[unit]
        return lambda announced: (announced + delta, Precision.PERIOD)
    calendar_form = _calendar_reading(norm)
    if calendar_form is not None:
        return calendar_form
    match = _CALENDAR_RELATIVE.fullmatch(norm)
    if match is None:
        return None
    step = 1 if match["which"] == "next" else 0
    unit = match["unit"]

    def resolve(announced: date) -> Resolved:
        if unit == "year":
            return date(announced.year + step, 12, 31), Precision.YEAR
        if unit == "month":
            first = date(announced.year, announced.month, 1) + relativedelta(months=step)
            return month_end(first.year, first.month), Precision.MONTH
        quarter_end_month = (announced.month - 1) // 3 * 3 + 3
        first = date(announced.year, quarter_end_month, 1) + relativedelta(months=3 * step)
        return month_end(first.year, first.month), Precision.QUARTER

    return resolve


def _calendar_reading(norm: str) -> Callable[[date], Resolved] | None:
    """Months, seasons, parts of a year and the decade named without their year: the next one
    ending on or after the announced date (`in May`, `by spring`, `late this year`)."""
    if match := _MONTH_ALONE.fullmatch(norm):
        month = MONTH_NAMES[match["month"]]

        def next_month(announced: date) -> Resolved:
            year = announced.year + (1 if month < announced.month else 0)
            return month_end(year, month), Precision.MONTH

        return next_month
    if match := _SEASON_ALONE.fullmatch(norm):
        season, upcoming = match["season"], bool(match["next"])

        def next_season(announced: date) -> Resolved:
            # `this spring`: the one not over yet; `next spring`: the first not begun yet.
            year = announced.year - SEASONS[season][1] - 1
            while True:
                end = season_end(season, year)
                begins = date(end.year, end.month, 1) - relativedelta(months=2)
                if (begins > announced) if upcoming else (end >= announced):
                    return end, Precision.PERIOD
                year += 1

        return next_season
    if match := _PART_OF_RELATIVE_YEAR.fullmatch(norm):
        step = 1 if match["which"] == "next" else 0
        month = 12 if match["part"] == "late" else 6
        return lambda announced: (month_end(announced.year + step, month), Precision.HALF)
    for pattern in _DAY_ALONE:
        if match := pattern.fullmatch(norm):
            month, day = MONTH_NAMES[match["month"]], int(match["day"])
            return lambda announced: (_next_day(announced, month, day), Precision.DAY)
    if match := _WEEKDAY.fullmatch(norm):
        weekday, strictly = WEEKDAYS.index(match["day"]), match["which"] != "this"

        def next_weekday(announced: date) -> Resolved:
            ahead = (weekday - announced.weekday()) % 7
            return announced + relativedelta(days=ahead or (7 if strictly else 0)), Precision.DAY

        return next_weekday
    if match := _MONTH_OF_RELATIVE_YEAR.fullmatch(norm):
        month, step = MONTH_NAMES[match["month"]], 1 if match["which"] == "next" else 0
        return lambda announced: (month_end(announced.year + step, month), Precision.MONTH)
    if _DECADE_END.fullmatch(norm):
        return lambda announced: (date(announced.year // 10 * 10 + 9, 12, 31), Precision.PERIOD)
    return None


def _next_day(announced: date, month: int, day: int) -> date:
    """The next `day` of `month` on or after the announced date (`by 1 November`)."""
    for year in range(announced.year, announced.year + 8):  # 29 February comes back within 8
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= announced:
            return candidate
    raise ValueError(f"no day {day} in month {month}")


def season_end(season: str, year: int) -> date:
    """The last day of a season named with `year` (winter 2024 ends in February 2025)."""
    month, later = SEASONS[season]
    return month_end(year + later, month)
