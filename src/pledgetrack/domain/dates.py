"""Reading the dates people type (`2024-09-30`, `12 July 2022`, `today`) and writing them as ISO.

Pure: stdlib only, no I/O; must not import storage, services or cli. It never reads the clock:
`today` is an argument, and a missing day, month or year is refused, never filled in. A weekday
before a date (`Mon 1 July 2024`) is read as a check: it must be the day the date falls on.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timedelta

from pledgetrack.domain.text import quoted
from pledgetrack.errors import DateParseError

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_TITLES = tuple(name.capitalize() for name in MONTHS)
# Full names, three-letter abbreviations and "sept".
MONTH_NAMES = MONTHS | {name[:3]: n for name, n in MONTHS.items()}
MONTH_NAMES["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WRITTEN = [
    re.compile(rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
]
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_ISO_BASIC = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
_PARTIAL_ISO = re.compile(r"\d{4}(?:-\d{1,2})?")
_SEPARATED_NUMBERS = re.compile(r"\d{1,4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,4}")
_HAS_MONTH_NAME = re.compile(
    r"\b(?:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Full names and the abbreviations articles use (Mon, Tue, Tues, Wed, Weds, Thu, Thur, Thurs...).
_WEEKDAY_NAMES = {name.lower(): n for n, name in enumerate(_WEEKDAYS)}
_WEEKDAY_NAMES |= {name.lower()[:3]: n for n, name in enumerate(_WEEKDAYS)}
_WEEKDAY_NAMES |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_WEEKDAY = re.compile(
    r"(?P<weekday>" + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True)) + r")\.?,?\s+",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
_ACCEPTED = "use ISO YYYY-MM-DD (2024-09-30), a written date (12 July 2022), 'today' or 'yesterday'"


def _build(text: str, year: str, month: int, day: str) -> date:
    try:
        return date(int(year), month, int(day))
    except ValueError:
        raise DateParseError(
            f"{quoted(text)} is not a real date; check the day and month (2024-09-30)"
        ) from None


def _without_weekday(text: str) -> tuple[int | None, str]:
    """The weekday a date starts with (`Mon 1 July 2024`), if any, and the rest of it."""
    match = _WEEKDAY.match(text)
    if match is None:
        return None, text
    return _WEEKDAY_NAMES[match["weekday"].lower()], text[match.end() :]


def read_full_date(text: str, *, shown: str | None = None) -> date | None:
    """A date written in full (ISO or with a month name, maybe after its weekday), else None;
    refuses impossible dates, and a weekday the date does not fall on (quoting `shown`, the
    text as typed, if given)."""
    typed = text.strip() if shown is None else shown
    weekday, s = _without_weekday(" ".join(text.split()))
    found = None
    for pattern in (_ISO, _ISO_BASIC):  # all digits: no written form matches as well
        match = pattern.fullmatch(s)
        if match:
            found = _build(typed, match["year"], int(match["month"]), match["day"])
            break
    else:
        for pattern in _WRITTEN:
            match = pattern.fullmatch(s)
            if match:
                month = MONTH_NAMES[match["month"].lower()]
                found = _build(typed, match["year"], month, match["day"])
    if found is not None and weekday is not None and found.weekday() != weekday:
        written = f"{found.day} {_MONTH_TITLES[found.month - 1]} {found.year}"
        raise DateParseError(
            f"{quoted(typed)} names the wrong day: {written} is a {_WEEKDAYS[found.weekday()]}, "
            f"not a {_WEEKDAYS[weekday]}"
        )
    return found


def parse_date(text: str, *, today: date) -> date:
    """Read a typed date: ISO, a written date with day, month and year (maybe after its weekday),
    `today` or `yesterday`."""
    typed = text.strip()
    s = " ".join(typed.split())
    if not s:
        raise DateParseError(f"empty date; {_ACCEPTED}")
    lowered = s.lower()
    if lowered == "today":
        return today
    if lowered == "yesterday":
        return today - timedelta(days=1)
    try:
        found = read_full_date(typed)
    except DateParseError as error:
        raise DateParseError(f"date {error}") from None
    if found is not None:
        return found
    s = _without_weekday(s)[1]
    if _PARTIAL_ISO.fullmatch(s):
        missing = "day" if "-" in s else "month and day"
        raise DateParseError(
            f"date {quoted(typed)} has no {missing}; give a full date such as 2024-09-30"
        )
    if _SEPARATED_NUMBERS.fullmatch(s):
        raise DateParseError(
            f"date {quoted(typed)} is ambiguous (day/month order differs by country); "
            "numbers with '/' or '.' are not read: write ISO YYYY-MM-DD, e.g. 2024-09-30"
        )
    if _HAS_MONTH_NAME.search(s):
        missing = "year" if not re.search(r"\b\d{4}\b", s) else "day"
        raise DateParseError(
            f"date {quoted(typed)} has no {missing}; give day, month and year (12 July 2022) "
            "or 2024-09-30"
        )
    raise DateParseError(f"cannot read date {quoted(typed)}; {_ACCEPTED}")


def parse_timestamp(text: str) -> datetime:
    """A recorded time as pledgetrack writes it: an ISO 8601 date and time to the second (or a
    fraction of it) with its offset from UTC, `2024-10-01T14:03:52+00:00` or `...52Z`; a bare
    date, a time without its offset, or another of ISO 8601's forms is refused."""
    moment = None
    if _TIMESTAMP.fullmatch(text):
        # the form may still hold no real date or time (2024-02-30, 25:00)
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(text)
    if moment is None:
        raise DateParseError(
            f"{quoted(text)} is not a time; write ISO 8601 with its offset from UTC, as "
            "pledgetrack does (2024-10-01T14:03:52+00:00)"
        )
    return moment


def format_date(d: date | None) -> str:
    """A date as ISO `YYYY-MM-DD`, or an empty string for none."""
    return d.isoformat() if d is not None else ""
