"""Deadline phrases: `Q3 2024`, `FY2023-24`, `between 2022 and 2024`, `+18m`
(docs/reading.md#deadline-phrases).

A phrase resolves to an inclusive date (a period means its last day), a precision and a basis,
and is kept as written. Pure: stdlib and dateutil only, no I/O, never reads the clock; must not
import storage, services or cli.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date, timedelta

from pledgetrack.domain.dates import MONTH_NAMES, read_full_date
from pledgetrack.domain.deadline_words import canonical
from pledgetrack.domain.model import Basis, Deadline, Precision
from pledgetrack.domain.relative_deadlines import (
    MONTH_NAME,
    SEASONS,
    UNIT_NAMES,
    Resolved,
    month_end,
    relative_reading,
    season_end,
    span,
)
from pledgetrack.domain.text import quoted
from pledgetrack.errors import DateParseError, DeadlinePhraseError

US_FEDERAL_FISCAL_START = (10, 1)

# What the reader takes, one example of each form: an unreadable phrase is answered with the two
# or three of these nearest to it (docs/reading.md#deadline-phrases lists them all).
FORMS = (
    "2024-09-30", "30 September 2024", "2024-09", "Sep 2024", "in August 2021", "2024", "by 2024",
    "end of 2024", "by the end of 2024", "by end-2024", "until 2027", "through 2027",
    "before 2025", "Q3 2024", "H1 2025", "first half of 2025", "mid-2025", "early 2025",
    "late 2024", "spring 2024", "FY2024", "FY2023-24", "FY 2023 and 2024", "2024-2027",
    "between 2022 and 2024", "for the period 2024-2027", "+18m", "within 100 days",
    "within a year", "over the next two years", "in the next 12 months", "this year",
    "next year", "by the end of the year", "before year-end", "in May", "by the end of the decade",
    "para 2024", "a finales de 2024", "durante los próximos tres años", "none",
)  # fmt: skip

_NONE_PHRASES = frozenset({"none", "open-ended", "open ended", "no deadline", "no-deadline"})

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4}

_EXPLICIT_PREFIX = re.compile(
    r"(?:(?:by|in|during|through)\s+)?(?:(?:before\s+)?(?:the\s+)?end\s+of\s+)?(?:the\s+)?"
)

_YEAR_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_NAMED_MONTH = re.compile(rf"(?P<month>{MONTH_NAME})\.?,?\s+(?P<year>\d{{4}})")
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
# Quarters and halves: the patterns, the months in one, and the hint for one that does not exist.
_PARTS_OF_A_YEAR = (
    (_QUARTER, 3, Precision.QUARTER, "quarters are Q1 to Q4 (Q3 2024)"),
    (_HALF, 6, Precision.HALF, "halves are H1 and H2 (H1 2025)"),
)
_FISCAL = re.compile(
    r"(?:fy|fiscal(?:\s+years?)?)\s*(?P<first>\d{4}|\d{2})"
    r"(?:\s*[-/]\s*(?:fy\s*)?(?P<last>\d{4}|\d{2}))?"
)
_RANGE = re.compile(
    r"(?:(?:between|from)\s+)?(?P<first>\d{4})"
    r"(?:-|\s+(?:and|to|through|until|-)\s+)(?P<last>\d{4})"
)
_FISCAL_START = re.compile(r"(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_PART_OF_YEAR = re.compile(r"(?P<part>early|mid|late)\s+(?P<year>\d{4})")
_PART_OF_MONTH = re.compile(
    rf"(?:early|mid|late)\s+(?P<month>{MONTH_NAME})\.?,?\s+(?P<year>\d{{4}})"
)
_SEASON_OF_YEAR = re.compile(rf"(?P<season>{'|'.join(SEASONS)})\s+(?:of\s+)?(?P<year>\d{{4}})")
_BEFORE_YEAR = re.compile(r"before\s+(?P<year>\d{4})")
_TWO_DIGIT_RANGE = re.compile(r"(?P<first>\d{4})-(?P<last>\d{2})")


def _normalise(phrase: str) -> str:
    text = phrase.lower()
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    text = " ".join(text.split()).rstrip(".")
    return re.sub(r"\s*([-/])\s*", r"\1", text)


def _fiscal_year_end(year: int, fiscal_start: tuple[int, int]) -> date:
    """The last day of the fiscal year named by `year`, the calendar year it ends in."""
    if fiscal_start == (1, 1):
        return date(year, 12, 31)
    return date(year, *fiscal_start) - timedelta(days=1)


def _next_year_of(first: str, last: str, *, fiscal: bool) -> bool:
    """Whether `2022-23` is a year and the next one (a fiscal year, or two calendar years) rather
    than a month: `2024-12` is December 2024, unless a fiscal year start was given (`2010-11`
    is then the fiscal year that ends in 2011)."""
    return (fiscal or int(last) > 12) and int(last) == (int(first) + 1) % 100


def _two_digit_after(first: int, text: str) -> int:
    """The year meant by the end of `FY2023-24`: 24 after 2023 is 2024; 00 after 1999 is 2000."""
    if len(text) == 4:
        return int(text)
    year = first // 100 * 100 + int(text)
    # Only a turn of the century wraps; anything else earlier than `first` is a reversed range.
    wraps = year < first and first % 100 >= 90 and int(text) < 10
    return year + 100 if wraps else year


def _explicit(
    kept: str, norm: str, fiscal_start: tuple[int, int] | None, *, named_by_start: bool = False
) -> Resolved | None:
    prefix = _EXPLICIT_PREFIX.match(norm)
    body = norm[prefix.end() :] if prefix else norm
    try:
        day = read_full_date(body, shown=kept)
    except DateParseError as error:  # not a real date, or not on the weekday it names
        raise DeadlinePhraseError(f"deadline {error}") from None
    if day is not None:
        return day, Precision.DAY

    two_digit = _TWO_DIGIT_RANGE.fullmatch(body)
    fiscal = fiscal_start is not None
    if two_digit and _next_year_of(two_digit["first"], two_digit["last"], fiscal=fiscal):
        first = two_digit["first"]
        last = _two_digit_after(int(first), two_digit["last"])
        if fiscal_start is None:
            raise DeadlinePhraseError(
                f"deadline {quoted(kept)} may be a fiscal year or the years {first} to {last}: "
                "give --fiscal-start MM-DD for a fiscal year (04-01 in Canada, the UK and "
                f"India), or write {first}-{last} for the calendar years"
            )
        return _fiscal_year_end(last, fiscal_start), Precision.FISCAL_YEAR
    if match := _YEAR_MONTH.fullmatch(body):
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DeadlinePhraseError(
                f"deadline {quoted(kept)} has no month {match['month']}; months run 01-12 "
                "(for a range of years write both in full, 2024-2027)"
            )
        return month_end(int(match["year"]), month), Precision.MONTH
    if match := _NAMED_MONTH.fullmatch(body):
        return month_end(int(match["year"]), MONTH_NAMES[match["month"]]), Precision.MONTH
    if _YEAR.fullmatch(body):
        return date(int(body), 12, 31), Precision.YEAR
    if match := _BEFORE_YEAR.fullmatch(norm):
        return date(int(match["year"]) - 1, 12, 31), Precision.YEAR
    if match := _PART_OF_YEAR.fullmatch(body):
        month = 12 if match["part"] == "late" else 6
        return month_end(int(match["year"]), month), Precision.HALF
    if match := _PART_OF_MONTH.fullmatch(body):
        return month_end(int(match["year"]), MONTH_NAMES[match["month"]]), Precision.MONTH
    if match := _SEASON_OF_YEAR.fullmatch(body):
        return season_end(match["season"], int(match["year"])), Precision.PERIOD

    for patterns, months, precision, names in _PARTS_OF_A_YEAR:
        for pattern in patterns:
            if match := pattern.fullmatch(body):
                part = _ORDINALS.get(match["n"]) or int(match["n"])
                if not 1 <= part <= 12 // months:
                    raise DeadlinePhraseError(
                        f"deadline {quoted(kept)} names no {precision.value}; {names}"
                    )
                return month_end(int(match["year"]), part * months), precision

    if match := _FISCAL.fullmatch(body):
        first_text = match["first"]
        first = int(first_text) if len(first_text) == 4 else 2000 + int(first_text)
        last = first if match["last"] is None else _two_digit_after(first, match["last"])
        if last < first:
            raise DeadlinePhraseError(
                f"deadline {quoted(kept)} ends before it starts; "
                "write the earlier fiscal year first"
            )
        start = fiscal_start or US_FEDERAL_FISCAL_START
        if named_by_start and match["last"] is None and start != (1, 1):
            last += 1  # Japan's fiscal 2027 runs from April 2027 to March 2028
        return _fiscal_year_end(last, start), Precision.FISCAL_YEAR

    if match := _RANGE.fullmatch(body):
        first, last = int(match["first"]), int(match["last"])
        if fiscal_start is not None and last == first + 1 and "-" in body:
            return _fiscal_year_end(last, fiscal_start), Precision.FISCAL_YEAR
        if last < first:
            raise DeadlinePhraseError(
                f"deadline {quoted(kept)} ends before it starts; write the earlier year first "
                f"({last}-{first})"
            )
        return date(last, 12, 31), Precision.YEAR
    return None


_RELATIVE_FISCAL = re.compile(
    r"(?:(?:in|during|by|within|over)\s+)?(?:(?:the\s+)?end\s+of\s+)?(?:the\s+)?"
    r"(?P<which>this|current|next|coming)\s+fiscal\s+year"
)


def _relative_fiscal_year(
    norm: str, fiscal_start: tuple[int, int] | None
) -> Callable[[date], Resolved] | None:
    """`this fiscal year`, `the next financial year`: the one the announced date falls in, or the
    one after."""
    match = _RELATIVE_FISCAL.fullmatch(norm)
    if match is None:
        return None
    start = fiscal_start or US_FEDERAL_FISCAL_START
    step = 1 if match["which"] in ("next", "coming") else 0

    def resolve(announced: date) -> Resolved:
        end = _fiscal_year_end(announced.year, start)
        if end < announced:
            end = _fiscal_year_end(announced.year + 1, start)
        return _fiscal_year_end(end.year + step, start), Precision.FISCAL_YEAR

    return resolve


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
    fiscal_start: tuple[int, int] | None = None,
    fiscal_named_by_start: bool = False,
    counted_from: str = "--announced",
    hint: bool = True,
) -> Deadline:
    """Resolve a deadline phrase to an inclusive date, a precision and a basis.

    `fiscal_start` is the first day of the fiscal year when the user gave one (fiscal years are
    the US federal year, from October 1, when not). A fiscal year is named by the calendar year
    it ends in, or with `fiscal_named_by_start` by the one it starts in, as Japan names them.
    `counted_from` names the option that gives the date relative phrases count from, for the
    message when it is missing. `hint` adds the accepted forms nearest to a phrase that cannot
    be read to its message (`extract`, which tries many spans of a sentence, does without).
    """
    kept = phrase.strip()
    norm = canonical(_normalise(kept))
    if not norm:
        raise DeadlinePhraseError(f"empty deadline; {nearest_forms('')}")
    if fiscal_start is not None:
        _check_fiscal_start(fiscal_start)
    if norm in _NONE_PHRASES:
        return Deadline(on=None, precision=None, basis=None, phrase=kept)
    try:
        relative = relative_reading(norm) or _relative_fiscal_year(norm, fiscal_start)
        if relative is not None:
            if announced_on is None:
                raise DeadlinePhraseError(
                    f"deadline {quoted(kept)} is counted from the date the pledge was made: give "
                    f"{counted_from} DATE"
                )
            on, precision = relative(announced_on)
            return Deadline(on=on, precision=precision, basis=Basis.RELATIVE, phrase=kept)
        explicit = _explicit(kept, norm, fiscal_start, named_by_start=fiscal_named_by_start)
    except (ValueError, OverflowError):
        raise DeadlinePhraseError(
            f"deadline {quoted(kept)} falls outside the calendar (years 1-9999)"
        ) from None
    if explicit is None:
        why = f"; {nearest_forms(kept)}" if hint else ""
        raise DeadlinePhraseError(f"cannot read deadline {quoted(kept)}{why}")
    on, precision = explicit
    return Deadline(on=on, precision=precision, basis=Basis.EXPLICIT, phrase=kept)


def nearest_forms(phrase: str) -> str:
    """The two or three accepted forms nearest to an unreadable phrase, as a hint."""
    shape = re.sub(r"\d", "9", _normalise(phrase))
    shapes = {re.sub(r"\d", "9", _normalise(form)): form for form in FORMS}
    near = difflib.get_close_matches(shape, list(shapes), n=3, cutoff=0.4)
    chosen = [shapes[s] for s in near] or ["2024-09-30", "by the end of 2024", "within 18 months"]
    return "write it like " + ", ".join(f"'{form}'" for form in chosen) + " (docs/reading.md)"


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
    fiscal_start: tuple[int, int] | None = None,
    announced_on: date | None = None,
) -> str:
    """How a deadline was read, e.g. `2024-12-31 (year, from 'between 2022 and 2024')`."""
    if deadline.on is None or deadline.precision is None:
        return "no deadline (open-ended)"
    parts = [deadline.precision.value]
    if deadline.precision is Precision.FISCAL_YEAR:
        if fiscal_start is None or fiscal_start == US_FEDERAL_FISCAL_START:
            parts.append("US federal")
        else:
            parts.append(f"fiscal year starting {fiscal_start[0]:02d}-{fiscal_start[1]:02d}")
    if deadline.basis is Basis.RELATIVE:
        since = announced_on.isoformat() if announced_on else "the announced date"
        counted = span(canonical(_normalise(deadline.phrase)))
        if counted is not None and deadline.precision is Precision.PERIOD:
            n, unit = counted
            parts.append(f"{n} {UNIT_NAMES[unit]}{'' if n == 1 else 's'} from {since}")
        else:
            parts.append(f"counted from {since}")
    return f"{deadline.on.isoformat()} ({', '.join(parts)}, from {quoted(deadline.phrase)})"


def read_again(deadline: Deadline, *, announced_on: date | None) -> Deadline:
    """What a recorded deadline's phrase reads as today. The fiscal year start it was read with
    is not recorded, so a phrase naming a fiscal year is read with the start its recorded date
    implies (the day after it): `FY2024` due on 2024-03-31 was read with a year starting 04-01."""
    on = deadline.on
    try:
        read: Deadline | None = parse_deadline(deadline.phrase, announced_on=announced_on)
    except DeadlinePhraseError:
        if on is None:
            raise
        read = None  # `2022-23` is read only with the fiscal start its date implies
    if (
        (read is None or read.precision is Precision.FISCAL_YEAR)
        and on is not None
        and on < date.max
    ):
        after = on + timedelta(days=1)
        if (after.month, after.day) != (2, 29):  # not a start of every year: never read so
            start = (after.month, after.day)
            for by_start in (False, True):
                read = parse_deadline(
                    deadline.phrase,
                    announced_on=announced_on,
                    fiscal_start=start,
                    fiscal_named_by_start=by_start,
                )
                if read.on == on:
                    break
    if read is None:
        return parse_deadline(deadline.phrase, announced_on=announced_on)  # the refusal itself
    return read
