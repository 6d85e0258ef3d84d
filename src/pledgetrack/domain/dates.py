"""Reading the dates people type (`2024-09-30`, `12 July 2022`, `today`) and writing them as ISO.

Pure: stdlib only, no I/O; must not import storage, services or cli. It never reads the clock:
`today` is an argument, and a missing day, month or year is refused, never filled in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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
_ACCEPTED = "use ISO YYYY-MM-DD (2024-09-30), a written date (12 July 2022), 'today' or 'yesterday'"


def _build(text: str, year: str, month: int, day: str) -> date:
    try:
        return date(int(year), month, int(day))
    except ValueError:
        raise DateParseError(f"{quoted(text)} is not a real date; {_ACCEPTED}") from None


def read_full_date(text: str) -> date | None:
    """A date written in full (ISO or with a month name), else None; refuses impossible dates."""
    s = " ".join(text.strip().split())
    for pattern in (_ISO, _ISO_BASIC):
        match = pattern.fullmatch(s)
        if match:
            return _build(text.strip(), match["year"], int(match["month"]), match["day"])
    for pattern in _WRITTEN:
        match = pattern.fullmatch(s)
        if match:
            month = MONTH_NAMES[match["month"].lower()]
            return _build(text.strip(), match["year"], month, match["day"])
    return None


def parse_date(text: str, *, today: date) -> date:
    """Read a typed date: ISO, a written date with day, month and year, `today` or `yesterday`."""
    typed = text.strip()
    s = " ".join(typed.split())
    if not s:
        raise DateParseError(f"empty date; {_ACCEPTED}")
    lowered = s.lower()
    if lowered == "today":
        return today
    if lowered == "yesterday":
        return today - timedelta(days=1)
    found = read_full_date(s)
    if found is not None:
        return found
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


def format_date(d: date | None) -> str:
    """A date as ISO `YYYY-MM-DD`, or an empty string for none."""
    return d.isoformat() if d is not None else ""
