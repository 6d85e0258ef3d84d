"""One figure of an amount: the currency written before it (`$`, `US$`, `C$`, `EUR`, `Rs`,
`Q`), its sign, and its number in numerals and words with its scales (`1.5 billion`, `mil 224
millones`, `half a billion`, `$1.5Bln`), then a sign or percent written after it (`50€`, `30 %`).

`FigureReader` walks the pieces of `domain.amount_tokens`; `domain.amount_reader` reads the rest
of an amount around its figures. Pure: stdlib only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pledgetrack.domain import amount_words as words
from pledgetrack.domain.amount_numbers import Convention, NumberParts, read_numeral
from pledgetrack.domain.amount_tokens import Token, convention, tokens
from pledgetrack.domain.text import quoted
from pledgetrack.errors import AmountParseError

EXAMPLES = "e.g. '$1.5 billion', 'EUR 675m' or '22,500 visas'"
_NOT_A_NUMBER = "use ',' only between groups of three digits (1,500,000) and '.' for decimals (1.5)"
_HALF_OR_A = frozenset({*words.HALVES, "a"})  # `half a billion`, `a billion`
_NOT_PREFIXES = frozenset({*words.NUMBER_WORDS, *_HALF_OR_A})


def fail(text: str, why: str) -> AmountParseError:
    """The error for an amount that cannot be read, quoting it as typed."""
    return AmountParseError(f"cannot read amount {quoted(text)}: {why}")


@dataclass(frozen=True)
class Figure:
    """One figure of an amount (a range has two): its value, the scale it was written with, and
    the currency or percent sign written with it."""

    value: Decimal
    places: int | None = None
    ambiguous: str | None = None  # a numeral such as `4.000`, read as 4
    currencies: tuple[tuple[str, str], ...] = ()  # (code, as written); `?¥` awaits its word
    percent: bool = False
    negative: bool = False


class FigureReader:
    """A walk through the pieces of an amount's text, reading its figures."""

    def __init__(self, original: str, text: str, *, plain: bool) -> None:
        self.original = original
        self.text = text
        self.pieces = tokens(text)
        self.at = 0
        self.plain = plain
        self.convention = Convention.ENGLISH if plain else convention(self.pieces)
        self.signs = 0

    def fail(self, why: str) -> AmountParseError:
        return fail(self.original, why)

    def peek(self, ahead: int = 0) -> Token | None:
        at = self.at + ahead
        return self.pieces[at] if 0 <= at < len(self.pieces) else None

    def low(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.low if token is not None else ""

    def span(self, pieces: Sequence[Token]) -> str:
        return self.text[pieces[0].start : pieces[-1].end]

    def phrase(self, phrases: Sequence[tuple[str, ...]]) -> int:
        """The length of the longest of `phrases` the text goes on with, or 0."""
        first = self.low()
        for phrase in phrases:
            if phrase[0] == first and all(self.low(k) == w for k, w in enumerate(phrase)):
                return len(phrase)
        return 0

    def starts_figure(self, ahead: int) -> bool:
        """Whether a figure (`$3`, `3`, `three`, `US$3`, `el 10`) starts `ahead` pieces on."""
        token = self.peek(ahead)
        if token is None:
            return False
        if token.kind == "number" or (token.kind == "symbol" and token.text != "%"):
            return True
        if not token.is_word:
            return False
        if token.low in words.NUMBER_WORDS or token.low in words.HALVES:
            return True
        return (self.low(ahead + 1) == "$") or self.number_at(ahead + 1)

    def number_at(self, ahead: int) -> bool:
        token = self.peek(ahead)
        if token is None:
            return False
        if token.kind in ("sign", "dash"):
            token = self.peek(ahead + 1)
        return token is not None and (
            token.kind == "number" or token.low in words.NUMBER_WORDS or token.low == "a"
        )

    # One figure ---------------------------------------------------------------------------

    def side(self, *, first: bool) -> Figure:
        token, after = self.peek(), self.peek(1)
        if token and after and token.low in words.ARTICLES and after.kind == "number":
            self.at += 1  # `al menos un 3,5 %`, `entre el 5 y el 10`
        negative = self.sign() if first else False
        currencies: list[tuple[str, str]] = []
        prefix = self.prefix()
        if prefix:
            currencies.append(prefix)
        if first:
            negative = self.sign() or negative
        value, places, ambiguous, scale_currency = self.number()
        if scale_currency:
            currencies.append(scale_currency)
        token = self.peek()
        if token and token.kind == "symbol" and token.text != "%":
            currencies.append(self.symbol(token))
            self.at += 1
        percent = self.phrase(words.PERCENT_PHRASES)
        self.at += percent
        return Figure(value, places, ambiguous, tuple(currencies), bool(percent), negative)

    def sign(self) -> bool:
        token = self.peek()
        if token is None or not (token.kind == "sign" or token.text == "-"):
            return False
        self.signs += 1
        if self.signs > 1:
            raise self.fail("more than one sign")
        self.at += 1
        return token.text != "+"

    def symbol(self, token: Token) -> tuple[str, str]:
        if token.text in words.AMBIGUOUS_SYMBOLS:
            return f"?{token.text}", token.text
        return words.SYMBOLS[token.text], token.text

    def prefix(self) -> tuple[str, str] | None:
        """The currency written before the number: `$`, `US$`, `C$`, `USD`, `Rs`, `Q`, `RM`."""
        token, after = self.peek(), self.peek(1)
        if token is None:
            return None
        if token.kind == "symbol" and token.text != "%":
            self.at += 1
            return self.symbol(token)
        if not token.is_word:
            return None
        if after is not None and after.text == "$" and (after.glued or token.low in ("us", "u.s.")):
            code = words.DOLLAR_PREFIXES.get(token.low)
            if code is None:
                raise self.fail(
                    f"{quoted(token.text + '$')} is not a dollar pledgetrack knows; write the ISO "
                    "code (CAD 26.9m, AUD 5m)"
                )
            self.at += 2
            return code, self.span([token, after])
        if not self.number_at(1) or token.low in _NOT_PREFIXES or token.low in words.SCALES:
            return None
        code = words.PREFIX_WORDS.get(token.low)
        if code is None and len(token.text) == 3 and token.text.upper() in words.ISO_CODES:
            code = token.text.upper()
        if code is not None:
            self.at += 1
            return code, token.text
        if len(token.text) == 3 and token.text.isalpha():
            raise self.fail(f"{quoted(token.text)} is not an ISO 4217 currency code")
        raise self.fail(
            f"{quoted(token.text)} before the number is neither a currency nor a qualifier "
            "pledgetrack reads; for a currency write its ISO code (MWK 7.1 billion)"
        )

    def number(self) -> tuple[Decimal, int | None, str | None, tuple[str, str] | None]:
        """The number, in numerals and words with their scales: (value, the last scale's power
        of ten, an ambiguous numeral, the currency a scale such as `mdd` includes)."""
        parts = NumberParts()
        last: str | None = None  # number, word, half, hundred, scale
        places: int | None = None
        ambiguous: str | None = None
        currency: tuple[str, str] | None = None
        tens: str | None = None
        while (token := self.peek()) is not None:
            low = token.low
            if token.kind == "number":
                if last not in (None, "scale") or (last == "scale" and token.glued):
                    break
                numeral = read_numeral(token.text, self.convention)
                if numeral is None:
                    raise self.fail(f"{quoted(token.text)} is not a number; {_NOT_A_NUMBER}")
                ambiguous = token.text if numeral.ambiguous else ambiguous
                parts.add(numeral.value)
                last = "number"
            elif token.kind == "dash" and last == "number" and self.low(1) in words.SCALES:
                pass  # `7.4-billion-euro`
            elif not token.is_word:
                break
            elif last == "number" and token.glued and low not in words.SCALES:
                if low in words.GLUED_UNITS:
                    break
                raise self.fail(
                    f"unexpected {quoted(self.text[token.start :])} after the number; {EXAMPLES}"
                )
            elif (
                low == "y"
                and tens in words.SPANISH_TENS
                and 0 < words.NUMBER_WORDS.get(self.low(1), Decimal(10)) < 10
            ):
                self.at += 1  # `treinta y cinco`
                continue
            elif low in words.NUMBER_WORDS and (last in (None, "scale", "hundred") or tens):
                number = words.NUMBER_WORDS[low]
                if tens and not number < 10:
                    break
                parts.add(number)
                tens = low if 20 <= number < 100 and number % 10 == 0 else None
                last = "hundred" if number >= 100 else "word"  # `ciento veinte`
                self.at += 1
                continue
            elif last is None and low in _HALF_OR_A and self.scale_follows():
                parts.add(Decimal("0.5") if low in words.HALVES else Decimal(1))
                last = "half"
                if self.low(1) == "a":
                    self.at += 1
            elif low == words.HUNDRED and last in ("number", "word", "half"):
                parts.multiply(2)
                last = "hundred"
            elif self.is_scale(0):
                if last == "scale":
                    raise self.fail("two scales; write one, e.g. '1.5 billion' or '1,500 million'")
                power, code, width = self.scale()
                if last is None and low not in words.SCALES_ALONE:
                    break
                parts.multiply(power)
                places, last = power, "scale"
                if code:
                    currency = (code, self.span(self.pieces[self.at : self.at + width]))
                spanish = low in words.SPANISH_SCALES
                self.at += width
                if spanish and self.low() == "de":
                    self.at += 1  # `millones de dólares`
                    break
                tens = None
                continue
            else:
                break
            tens = None
            self.at += 1
        if parts.empty:
            later = next((t for t in self.pieces[self.at :] if t.kind == "number"), None)
            if later is not None and self.peek() is not later:
                before = self.text[self.pieces[self.at].start : later.start].strip()
                raise self.fail(
                    f"{quoted(before)} before the number is not read; for a currency write its "
                    "ISO code (MWK 7.1 billion)"
                )
            raise self.fail(f"no number found; {EXAMPLES}")
        return parts.value(), places, ambiguous, currency

    def is_scale(self, ahead: int) -> bool:
        """Whether a scale stands `ahead` pieces on (`billion`, `bn`, `millones`, `miles de
        millones`)."""
        low = self.low(ahead)
        if low == "miles":
            return self.low(ahead + 1) == "de" and self.low(ahead + 2) == "millones"
        return low in words.SCALES

    def scale_follows(self) -> bool:
        """Whether `a` or `half` here stands before a scale: `a billion`, `half a million`."""
        after = 2 if self.low(1) == "a" else 1
        return self.is_scale(after) or self.low(after) == words.HUNDRED

    def scale(self) -> tuple[int, str | None, int]:
        """The scale here: its power of ten, its currency (`mdd`), and how many words it took."""
        low, after = self.low(), self.low(1)
        if low == "mil" and after in words.THOUSAND_OF:
            return 9, words.SCALES[after][1], 2  # `mil millones`, `15 mil mdd`
        if low == "miles":
            return 9, None, 3  # `miles de millones`
        power, code = words.SCALES[low]
        return power, code, 1
