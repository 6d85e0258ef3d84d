"""The deadline phrases of a sentence, found and read by pledgetrack's one deadline reader:
`over the next two years`, `in FY 2023 and 2024`, `before the end of 2024`, `para 2030`.

Where a phrase may start (`by`, `in`, `within`, `until`, `para`, `antes`, a year, a month's name,
`FY`...), the spans of the next few words are tried longest first, and the first the reader
(`domain.deadlines.parse_deadline`) reads is the phrase. A phrase counted from the published
date needs that date; without it the phrase is kept and its date left unknown. A period that
ended before the published date, or a phrase after `from`, `since` or `than`, is a point of
reference, not a deadline. Pure: stdlib and dateutil only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from pledgetrack.domain.dates import MONTH_NAMES
from pledgetrack.domain.deadline_words import SPANISH_MONTHS
from pledgetrack.domain.deadlines import parse_deadline
from pledgetrack.domain.model import Deadline
from pledgetrack.errors import InputError

MAX_WORDS = 9  # `by the end of the first half of 2025`, `durante los próximos tres años`
_PIECE = re.compile(r"\w+(?:[-–/.’']\w+)*|[^\w\s]")
_MONTHS = frozenset(MONTH_NAMES) | frozenset(SPANISH_MONTHS)
_STARTS_TEXT = """by in within over through until till thru before during for between no not end
    next this early mid late spring summer autumn fall winter fy fiscal q1 q2 q3 q4 h1 h2
    first second third fourth coming following
    para antes al durante en hasta dentro entre finales fines mediados principios
    este esta próximo próximos próxima próximas año"""
_STARTS = frozenset(_STARTS_TEXT.split())
# Words that start a phrase only before certain others: `the end of 2024`, `a finales de`,
# `de aquí a 2030`, `el próximo año`.
_STARTS_BEFORE = {
    "the": frozenset({"end", "next", "coming", "following", "first", "second", "middle", "year"}),
    "a": frozenset(
        {
            "finales",
            "fines",
            "mediados",
            "principios",
            "más",
            "partir",
            "un",
            "una",
            "dos",
            "tres",
            "cuatro",
            "cinco",
            "seis",
            "siete",
            "ocho",
            "nueve",
            "diez",
        }
    ),
    "un": frozenset({"plazo"}),
    "de": frozenset({"aquí"}),
    "el": frozenset({"próximo", "año", "presente", "primer", "segundo", "ejercicio"}),
    "los": frozenset({"próximos"}),
    "las": frozenset({"próximas"}),
}
_TIME_WORDS_TEXT = """
year years month months week weeks day days decade quarter fy fiscal end mid early late
    spring summer autumn fall winter h1 h2 q1 q2 q3 q4 año años mes meses semana semanas día
    días década finales fines mediados principios year-end now today verano invierno
    primavera otoño monday tuesday wednesday thursday friday saturday sunday lunes martes
    miércoles jueves viernes sábado domingo"""
_TIME_WORDS = frozenset(_TIME_WORDS_TEXT.split())
# The words a phrase may end with: `years`, `2024`, `May`, `year-end`, `now`.
_LAST_WORDS = _TIME_WORDS - {"fy", "fiscal", "mid", "early", "late", "finales", "fines",
                             "mediados", "principios"}  # fmt: skip
# Words before a phrase that make it a point of reference: `a three-fold increase from this
# year`, `since 2020`, `more than last year`.
_REFERENCE = frozenset({"from", "since", "than", "desde", "que", "of", "ago"})
_CLOSERS = frozenset('.,;:!?()[]"“”«»')


@dataclass(frozen=True)
class DeadlinePhrase:
    """A deadline phrase at `start:end` of a sentence's text, and how it reads (`deadline.on`
    is None when it counts from a published date that was not given)."""

    start: int
    end: int
    deadline: Deadline

    @property
    def phrase(self) -> str:
        return self.deadline.phrase


def find_deadlines(text: str, published: date | None) -> list[DeadlinePhrase]:
    """Every deadline phrase of a sentence, in order, none overlapping."""
    pieces = list(_PIECE.finditer(text))
    lows = [p.group().lower() for p in pieces]
    found: list[DeadlinePhrase] = []
    i = 0
    while i < len(pieces):
        after = lows[i + 1] if i + 1 < len(lows) else ""
        if not _may_start(pieces[i].group(), lows[i], after) or (i and lows[i - 1] in _REFERENCE):
            i += 1
            continue
        read = _longest(text, pieces, lows, i, published)
        if read is None:
            i += 1
            continue
        phrase, end = read
        if published is None or phrase.deadline.on is None or phrase.deadline.on >= published:
            found.append(phrase)
        i = end
    return found


def _may_start(word: str, low: str, after: str) -> bool:
    if low in _STARTS or (low.isdigit() and len(low) == 4):
        return True
    if low in _STARTS_BEFORE:
        return after in _STARTS_BEFORE[low] or (low == "el" and after.isdigit())
    if low.startswith("fy"):
        return True
    return low in _MONTHS and word[0].isupper()  # `May`, not `may`


def _longest(
    text: str, pieces: list[re.Match[str]], lows: list[str], i: int, published: date | None
) -> tuple[DeadlinePhrase, int] | None:
    limit = i
    while limit < len(pieces) and limit - i < MAX_WORDS and lows[limit] not in _CLOSERS:
        limit += 1
    for end in range(limit, i, -1):
        said = lows[i:end]
        if not _last(said[-1]):
            continue
        phrase = text[pieces[i].start() : pieces[end - 1].end()]
        month = next((w for w in said if w in _MONTHS), None)
        if month is not None and not _capitalised(pieces, lows, i, end, month):
            continue
        deadline = _read(phrase, published)
        if deadline is not None:
            return DeadlinePhrase(pieces[i].start(), pieces[end - 1].end(), deadline), end
    return None


def _last(word: str) -> bool:
    """Whether a phrase may end with this word: a number, a time word, a month."""
    return word in _LAST_WORDS or word in _MONTHS or any(c.isdigit() for c in word)


def _capitalised(
    pieces: list[re.Match[str]], lows: list[str], i: int, end: int, month: str
) -> bool:
    """English month names are written with a capital (`May`, not the verb `may`)."""
    at = lows.index(month, i, end)
    return month in SPANISH_MONTHS or pieces[at].group()[0].isupper()


@functools.lru_cache(maxsize=4096)
def _read(phrase: str, published: date | None) -> Deadline | None:
    """The phrase as the deadline reader reads it, or None when it does not; a phrase counted
    from a published date that was not given keeps its wording and no date."""
    try:
        return parse_deadline(phrase, announced_on=published, hint=False)
    except InputError:
        if published is not None:
            return None
    try:
        read = parse_deadline(phrase, announced_on=_ANY_DAY, hint=False)
    except InputError:
        return None
    return Deadline(on=None, precision=None, basis=read.basis, phrase=read.phrase)


_ANY_DAY = date(2000, 1, 1)  # to tell a relative phrase from one the reader does not read


_OPENING_DEADLINE = re.compile(
    r"^(?:by|before|until|through|no later than|within|over|during|for|in the next|para|antes|"
    r"hasta|a más tardar|de aquí|durante|en los próximos|en las próximas)\b",
    re.IGNORECASE,
)


def deadline_for(
    phrases: list[DeadlinePhrase], figure_end: int, following: int, first_figure: int
) -> DeadlinePhrase | None:
    """The deadline of a figure that ends at `figure_end`: the phrase after it (before the next
    figure, at `following`), or one that opens the sentence before its first figure (`By 2030,
    the EU will provide`, `Over the next five years, Japan will`)."""
    after = [p for p in phrases if figure_end <= p.start < following]
    if after:
        return after[0]
    opening = [p for p in phrases if p.end <= first_figure and _OPENING_DEADLINE.match(p.phrase)]
    return opening[-1] if opening else None
