"""The pieces of an amount's text: numerals, words, symbols, dashes and brackets, each with where
it stands and whether a space comes before it, and the convention its words say the numerals are
written in (`domain.amount_numbers.Convention`).

Pure: stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pledgetrack.domain import amount_words as words
from pledgetrack.domain.amount_numbers import Convention

_TOKEN = re.compile(
    r"(?P<number>\d{1,3}(?:\ \d{3})+(?!\d)(?:[.,]\d+)?|\d[\d.,]*\d|\d|[.,]\d[\d.,]*\d|[.,]\d)"
    r"|(?P<abbr>u\.s\.|approx\.|aprox\.|rs\.)"
    r"|(?P<word>[^\W\d_]{1,3}(?=\d)|[^\W\d_][\w'’]*(?:-[\w'’]+)*)"
    r"|(?P<symbol>[$€£₹₽₺₪₴₦¥₩%])"
    r"|(?P<sign>[+\u2212])"
    r"|(?P<dash>[-–—‒])"
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.IGNORECASE | re.DOTALL,
)

# A word is letters, digits after them, hyphens and apostrophes (`H-2B`, `COVID-19`), except that
# one to three letters before a digit are a word of their own, as a currency before its number
# (`Q459`, `SDR2,250`, `RM8.1`).

# Parts of a hyphenated word that are read one by one: `7.4-billion-euro`, `billion-a-year`,
# `twenty-four`. Any other hyphenated word is kept whole (`H-2B`, `t-shirts`, `anti-armor`).
_SPLIT_PARTS = frozenset(
    {
        *words.NUMBER_WORDS,
        *(s for s in words.SCALES if len(s) > 1),
        *(c for c in words.CURRENCY_WORDS if " " not in c),
        *words.HALVES,
        "a", "per", "year", "month", "week", "day", words.HUNDRED,
    }
)  # fmt: skip


@dataclass(frozen=True)
class Token:
    """One piece of the text: its kind, the text as typed, where it is, and whether it follows
    the piece before without a space."""

    kind: str  # number, abbr, word, symbol, sign, dash, open, close, other
    text: str
    start: int
    end: int
    glued: bool
    low: str  # the text lower-cased, as the tables of `domain.amount_words` spell it

    @property
    def is_word(self) -> bool:
        return self.kind in ("word", "abbr")


def tokens(text: str) -> list[Token]:
    """The pieces of `text` (spaces left out, hyphenated scale and number words split)."""
    found: list[Token] = []
    end = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "space":
            continue
        glued = bool(found) and match.start() == end
        end = match.end()
        piece = match.group()
        parts = piece.lower().split("-")
        if kind == "word" and len(parts) > 1 and len(parts[0]) > 1 and set(parts) <= _SPLIT_PARTS:
            at = match.start()
            for i, part in enumerate(parts):
                found.append(
                    Token(
                        "word", text[at : at + len(part)], at, at + len(part), glued or i > 0, part
                    )
                )
                at += len(part) + 1
            continue
        found.append(Token(kind, piece, match.start(), match.end(), glued, piece.lower()))
    return found


def _neutral(word: str) -> bool:
    """A word that says nothing of the convention: a code, a symbol's letters, an abbreviation."""
    return (
        (len(word) == 3 and word.upper() in words.ISO_CODES)
        or word in words.DOLLAR_PREFIXES
        or word in words.PREFIX_WORDS
        or word in ("euro", "euros", "k", "m", "mn", "mln", "bn", "bln", "b", "tn", "t")
        or word in words.GLUED_UNITS
        or word in words.NOT_FINITE
    )


def convention(pieces: Sequence[Token]) -> Convention:
    """Spanish when a word is Spanish (or has an accent), English when any other word is there,
    else neither (only numerals, symbols and codes)."""
    english = False
    for token in pieces:
        if not token.is_word:
            continue
        word = token.low
        if word in words.SPANISH_WORDS or words.SPANISH_LETTERS & set(word):
            return Convention.SPANISH
        if not _neutral(word):
            english = True
    return Convention.ENGLISH if english else Convention.NEITHER
