"""Numbers in amounts, exactly: numerals read by the convention of their language (`1,500.5`,
`1.500,5`, `60 388`), numbers in words and scales added up (`mil 224 millones`, `half a
billion`), and the exact-decimal helpers the rest of the amount code shares.

Pure: stdlib only; never float.
"""

from __future__ import annotations

import enum
import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import NamedTuple

MAX_UNITS = 10**14


class Convention(enum.Enum):
    """How a text writes its numbers, as its words say: Spanish groups thousands with `.` and
    writes decimals with `,`; English the other way; a text without words says neither."""

    ENGLISH = "english"
    SPANISH = "spanish"
    NEITHER = "neither"


def format_plain(value: Decimal) -> str:
    """A decimal without exponent, separators or trailing zeros: `1500000000`, `0.5`, `-3`."""
    if value == 0:
        return "0"
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def normal(value: Decimal) -> Decimal:
    """The same number written without exponent or trailing zeros (exact)."""
    return Decimal(format_plain(value))


_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)  # rounds nothing


def shift(value: Decimal, places: int) -> Decimal:
    """value × 10**places, exactly (no context rounding)."""
    assert value.is_finite()
    return value.scaleb(places, _EXACT)


class Numeral(NamedTuple):
    """A numeral's value; `ambiguous` when it is a dot and three digits (`4.000`) read as a
    decimal point, which a text in another convention would have meant as thousands."""

    value: Decimal
    ambiguous: bool = False


_ENGLISH = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_SPANISH = re.compile(r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?|,\d+")
_SPACED = re.compile(r"(\d{1,3}(?: \d{3})+)(?:[.,](\d+))?")
_GROUPED = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")  # one separator that may group thousands
_DOT_THREE = re.compile(r"[1-9]\d{0,2}\.\d{3}")


def _english(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _spanish(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def read_numeral(text: str, convention: Convention) -> Numeral | None:
    """A numeral as the convention reads it, or None when it is not a number in it.

    Spaces group thousands in any convention (`60 388`). In Spanish a single `.` or `,` before
    exactly three digits groups thousands, since Mexican texts write both `1.500 millones` and
    `1,500 millones`; before other digits it is the decimal point (`2,5`, `88.9`); with both
    signs, the last one is the decimal point (`3,058.5`, `1.234,5`). In English `,` groups and `.`
    is the decimal point. A text without words reads its numeral in English, or in Spanish when
    only Spanish reads it (`1,5 %`, `2.500.000.000`).
    """
    spaced = _SPACED.fullmatch(text)
    if spaced:
        whole, decimals = spaced.group(1).replace(" ", ""), spaced.group(2)
        return Numeral(Decimal(f"{whole}.{decimals}" if decimals else whole))
    if convention is Convention.SPANISH:
        return _read_spanish(text)
    if _ENGLISH.fullmatch(text):
        return Numeral(_english(text), ambiguous=bool(_DOT_THREE.fullmatch(text)))
    if convention is Convention.NEITHER and _SPANISH.fullmatch(text):
        return Numeral(_spanish(text))
    return None


def _read_spanish(text: str) -> Numeral | None:
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        last = "." if text.rfind(".") > text.rfind(",") else ","
        if last == "." and _ENGLISH.fullmatch(text):
            return Numeral(_english(text))
        if last == "," and _SPANISH.fullmatch(text):
            return Numeral(_spanish(text))
        return None
    if dots + commas == 1:
        if _GROUPED.fullmatch(text):
            return Numeral(Decimal(text.replace(".", "").replace(",", "")))
        if re.fullmatch(r"\d*[.,]\d+", text):
            return Numeral(Decimal(text.replace(",", ".")))
        return None
    if _ENGLISH.fullmatch(text) and not dots:
        return Numeral(_english(text))
    if _SPANISH.fullmatch(text) and not commas:
        return Numeral(_spanish(text))
    return None


class NumberParts:
    """A number built up as it is read: numerals and number words add, and `hundred` or a scale
    multiplies what was read since the last larger scale (`mil 224 millones` = (1,000 + 224) ×
    10⁶, `un millón 400 mil` = 10⁶ + 400 × 10³, `two hundred thousand` = 2 × 100 × 10³)."""

    def __init__(self) -> None:
        self._parts: list[tuple[Decimal, int]] = []  # (value, the power of ten that made it)

    @property
    def empty(self) -> bool:
        return not self._parts

    def add(self, value: Decimal) -> None:
        self._parts.append((value, 0))

    def multiply(self, places: int) -> None:
        """Multiply by 10**places what was read since a scale of as many places or more; with
        nothing read, 1 (`mil millones`)."""
        taken: list[Decimal] = []
        while self._parts and self._parts[-1][1] < places:
            taken.append(self._parts.pop()[0])
        self._parts.append((shift(sum(taken, Decimal(0)) if taken else Decimal(1), places), places))

    def value(self) -> Decimal:
        return normal(sum((value for value, _ in self._parts), Decimal(0)))
