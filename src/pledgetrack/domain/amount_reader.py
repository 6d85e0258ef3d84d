"""The one reader of amounts as people write them, English and Spanish: `up to €50 billion a
year`, `entre 10 y 20 millones de dólares`, `mil 224 millones de dólares`, `six or seven
systems`, `30 por ciento` (docs/reading.md#amounts).

`read_amount` gives an AmountReading: the figure (a range's low end) with its unit, the qualifier,
a range's high end and a rate. `domain.amounts.parse_amount` keeps the figure alone. Pure: stdlib
only, no I/O; must not import storage, services or cli.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from pledgetrack.domain import amount_words as words
from pledgetrack.domain.amount_figures import EXAMPLES, Figure, FigureReader, fail
from pledgetrack.domain.amount_numbers import MAX_UNITS, format_plain, normal, shift
from pledgetrack.domain.amount_tokens import Token
from pledgetrack.domain.model import Amount, AmountReading, Kind, Qualifier, Rate
from pledgetrack.domain.text import quoted
from pledgetrack.errors import AmountParseError

__all__ = ["EXAMPLES", "fail", "read_amount"]

_PLAIN_UNIT = re.compile(r"[^\W\d_][\w'\u2019\- ]*")


@functools.lru_cache(maxsize=8192)  # an import reads the same few hundred wordings again and again
def read_amount(
    text: str, *, allow_negative: bool = False, default_unit: str | None = None, plain: bool = False
) -> AmountReading:
    """Read an amount as written, e.g. `about $1.5 billion a year` or `15,000–20,000 workers`.

    `default_unit` is the unit of a bare number (`update --amount 25360`). `plain` reads a number
    and a unit as pledgetrack writes them (a CSV's `target` and `unit` cells): `.` is the decimal
    point whatever the words, and what follows the number is the unit, whole.
    """
    original = text.strip()
    collapsed = " ".join(original.split())
    if not collapsed:
        raise AmountParseError(f"empty amount; give a number with a currency or unit, {EXAMPLES}")
    return _Reader(original, collapsed, plain=plain).read(allow_negative, default_unit)


class _Reader(FigureReader):
    """A figure reader that also reads what stands around the figures."""

    # The whole amount --------------------------------------------------------------------

    def read(self, allow_negative: bool, default_unit: str | None) -> AmountReading:
        if any(t.is_word and t.low in words.NOT_FINITE for t in self.pieces):
            raise self.fail("not a finite number; give a number such as 1.5 billion")
        qualifier, qualifier_text = None, None
        closer = None
        if not self.plain:
            qualifier, qualifier_text = self.qualifier()
            if self.low() in words.RANGE_OPENERS and self.starts_figure(1):
                closer = words.RANGE_OPENERS[self.low()]
                self.at += 1
        low = self.side(first=True)
        high = None
        if not self.plain and self.range_separator(closer):
            high = self.side(first=False)
        rate, tail = (None, self.plain_unit()) if self.plain else self.tail()
        unit, kind, currency_text = self.unit(low, high, tail, default_unit)
        if high is not None:
            low = self.with_scale_of(low, high)
        value = self.checked(low, allow_negative)
        high_value = self.checked(high, allow_negative) if high is not None else None
        if high_value is not None and not value < high_value:
            raise self.fail(
                f"a range goes from the lower figure to the higher, and {format_plain(value)} "
                f"is not below {format_plain(high_value)}"
            )
        return AmountReading(
            amount=Amount(value=value, unit=unit, kind=kind),
            qualifier=qualifier,
            qualifier_text=qualifier_text,
            high=high_value,
            rate=rate,
            text=self.original,
            currency_text=currency_text,
        )

    def qualifier(self) -> tuple[Qualifier | None, str | None]:
        n = self.phrase(words.QUALIFIER_PHRASES)
        if not n:
            return None, None
        said = self.pieces[self.at : self.at + n]
        self.at += n
        return words.QUALIFIERS[tuple(t.low for t in said)], self.span(said)

    def range_separator(self, closer: str | None) -> bool:
        token = self.peek()
        if closer is not None:
            if token is None or token.low != closer:
                raise self.fail(f"a range needs {quoted(closer)} between its figures")
            self.at += 1
            return True
        if token is None or not (token.kind == "dash" or token.low in words.RANGE_WORDS):
            return False
        if self.starts_figure(1):
            self.at += 1
            return True
        return False

    # What follows the figures ---------------------------------------------------------------

    def tail(self) -> tuple[Rate | None, list[Token]]:
        """The rate at the end, and what follows the figures without it and without asides."""
        rest = self.pieces[self.at :]
        rate = None
        last = rest[-1].low if rest else None
        for phrase in words.RATE_PHRASES:
            said = rest[-len(phrase) :]
            if (
                phrase[-1] == last
                and len(rest) >= len(phrase)
                and all(t.is_word and t.low == w for t, w in zip(said, phrase, strict=True))
            ):
                rate, rest = words.RATES[phrase], rest[: -len(phrase)]
                break
        return rate, self.without_asides(rest)

    def without_asides(self, rest: list[Token]) -> list[Token]:
        """The tail without a bracketed amount such as a conversion: `4,500 pesos (about
        $213) a month`."""
        kept: list[Token] = []
        i = 0
        while i < len(rest):
            token = rest[i]
            if token.kind != "open":
                kept.append(token)
                i += 1
                continue
            close = next((j for j in range(i + 1, len(rest)) if rest[j].kind == "close"), None)
            aside = self.text[token.start : rest[close].end] if close else self.text[token.start :]
            try:
                if close is None:
                    raise AmountParseError("unclosed")
                read_amount(self.text[token.end : rest[close].start])
            except AmountParseError:
                raise self.fail(
                    f"{quoted(aside)} is not an amount in brackets; take it out (keep it in a note)"
                ) from None
            i = close + 1
        return kept

    def plain_unit(self) -> list[Token]:
        rest = self.pieces[self.at :]
        if not rest:
            return []
        unit = self.text[rest[0].start :].strip()
        lowered = unit.lower()
        if unit in words.SYMBOLS or lowered in words.CURRENCY_WORDS or unit == "%":
            return rest
        if len(unit) == 3 and unit.upper() in words.ISO_CODES:
            return rest
        if rest[0].glued and lowered not in words.GLUED_UNITS:
            raise self.fail(f"unexpected {quoted(unit)} after the number; {EXAMPLES}")
        if not _PLAIN_UNIT.fullmatch(unit) or _names_currency(lowered.split()):
            raise self.fail(f"{quoted(unit)} is not a currency or a unit; {EXAMPLES}")
        return rest

    def unit(
        self,
        low: Figure,
        high: Figure | None,
        tail: list[Token],
        default_unit: str | None,
    ) -> tuple[str, Kind, str | None]:
        """The unit and kind, from every currency, percent sign and word written."""
        written = [*low.currencies, *(high.currencies if high else ())]
        after: tuple[str, str] | None = None
        rest: list[Token] = []
        if self.plain and tail:
            after = self.plain_currency(tail)
            if after is None and not written:
                return self.text[tail[0].start :].strip().lower(), Kind.QUANTITY, None
            rest = [] if after else tail
        elif tail:
            after, rest = self.currency_after(tail)
        if after:
            written.append(after)
        codes = [code for code, _ in written]
        for code, said in written:
            if code.startswith("?"):
                resolved_by = words.AMBIGUOUS_RESOLVED_BY[code[1:]]
                if not any(c in resolved_by for c in codes):
                    what, example = words.AMBIGUOUS_SYMBOLS[code[1:]]
                    raise self.fail(
                        f"{quoted(said)} could mean {what}; write the ISO code ({example})"
                    )
        codes = list(dict.fromkeys(c for c in codes if not c.startswith("?")))
        if len(codes) > 1:
            raise self.fail(f"two currencies ({codes[0]} and {codes[1]}); give one")
        percent = low.percent or (high is not None and high.percent)
        if codes and percent:
            raise self.fail(f"both a currency ({codes[0]}) and a percentage; give one")
        if codes or percent:
            if rest and not (codes and _complement(rest)):
                if after is not None:
                    raise self.fail(
                        f"{quoted(self.span(tail))} is not a currency or a unit; {EXAMPLES}"
                    )
                if percent:
                    raise self.fail(f"{quoted(self.span(rest))} after a percentage is not read")
                raise self.fail(
                    f"both a currency ({codes[0]}) and a unit ({quoted(self.span(rest).lower())}); "
                    "give one"
                )
            if percent:
                return "%", Kind.QUANTITY, None
            return codes[0], Kind.MONEY, _currency_text(written)
        if rest:
            unit = self.span(rest)
            if rest[0].kind != "word" or not all(t.is_word or _glued_digits(t) for t in rest):
                raise self.fail(f"{quoted(unit)} is not a currency or a unit; {EXAMPLES}")
            if _names_currency([t.low for t in rest]):
                raise self.fail(f"{quoted(unit)} is not a currency or a unit; {EXAMPLES}")
            return unit.lower(), Kind.QUANTITY, None
        if default_unit is not None:
            kind = Kind.MONEY if default_unit in words.ISO_CODES else Kind.QUANTITY
            return default_unit, kind, None
        raise self.fail(
            "no currency or unit; add one, e.g. 'USD 500 million', '$1,200' or '1,200 visas'"
        )

    def currency_after(self, tail: list[Token]) -> tuple[tuple[str, str] | None, list[Token]]:
        """The currency the tail starts with (`billion euros`, `de dólares`, `USD`), and the
        words after it."""
        lows = [t.low for t in tail]
        for phrase in words.CURRENCY_PHRASES:
            if tuple(lows[: len(phrase)]) == phrase:
                said = tail[: len(phrase)]
                return (words.CURRENCY_WORDS[" ".join(phrase)], self.span(said)), tail[
                    len(phrase) :
                ]
        first = tail[0]
        if first.kind == "symbol" and first.text != "%":
            return self.symbol(first), tail[1:]
        if first.is_word and len(first.text) == 3 and first.text.upper() in words.ISO_CODES:
            return (first.text.upper(), first.text), tail[1:]
        return None, tail

    def plain_currency(self, tail: list[Token]) -> tuple[str, str] | None:
        unit = self.text[tail[0].start :].strip()
        if unit in words.SYMBOLS:
            return self.symbol(tail[0])
        if unit.lower() in words.CURRENCY_WORDS:
            return words.CURRENCY_WORDS[unit.lower()], unit
        if len(unit) == 3 and unit.upper() in words.ISO_CODES:
            return unit.upper(), unit
        return None

    # Checks --------------------------------------------------------------------------------

    def with_scale_of(self, low: Figure, high: Figure) -> Figure:
        """A low end written without a scale takes the high end's (`$2-3 billion`, `entre 364 y
        404 millones`) unless that would pass the high end (`500 to 2 million`)."""
        if low.places is not None or high.places is None:
            return low
        scaled = normal(shift(low.value, high.places))
        if scaled > high.value:
            return low
        return replace(low, value=scaled, places=high.places)

    def checked(self, side: Figure, allow_negative: bool) -> Decimal:
        if side.ambiguous and side.places is None and not self.plain:
            numeral, decimal = side.ambiguous, format_plain(Decimal(side.ambiguous))
            thousands = numeral.replace(".", ",")
            written = decimal + "0" if len(decimal.partition(".")[2]) == 3 else decimal
            if "." not in written:
                written += ".0"
            raise self.fail(
                f"{quoted(numeral)} could be {decimal} or {thousands}; write {thousands} or "
                f"{written}"
            )
        value = normal(-side.value) if side.negative else side.value
        if value < 0 and not allow_negative:
            raise self.fail("an amount here cannot be negative; give zero or more")
        if abs(value) > MAX_UNITS:
            raise self.fail("absurdly large (over 100 trillion); check the number and its scale")
        if len(format_plain(value).partition(".")[2]) > 3:
            raise self.fail("more than 3 decimal places; the ledger keeps thousandths")
        return value


def _names_currency(lows: Sequence[str]) -> bool:
    """Whether would-be unit words hide a currency (`quadrillion USD`, `USD visas`)."""
    return any(
        (len(w) == 3 and w.upper() in words.ISO_CODES) or w in words.CURRENCY_WORDS for w in lows
    )


def _complement(rest: Sequence[Token]) -> bool:
    """Whether words after money say what it is for: `in aid`, `de ayuda`."""
    return (
        len(rest) > 1
        and rest[0].low in words.COMPLEMENT_WORDS
        and all(t.kind == "word" for t in rest)
        and not _names_currency([t.low for t in rest[1:]])
    )


def _currency_text(written: Sequence[tuple[str, str]]) -> str:
    """The currency as written, its most telling form first: `US$` over a bare `dollars`."""
    for _code, said in written:
        if said.lower() not in words.BARE_CURRENCY_TEXTS:
            return said
    return written[0][1]


def _glued_digits(token: Token) -> bool:
    """Digits written against the letters before them, inside a unit: `CO2`, `F16`."""
    return token.kind == "number" and token.glued and token.text.isdigit()
