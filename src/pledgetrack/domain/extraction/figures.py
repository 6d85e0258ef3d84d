"""The figures of a sentence, found and read by pledgetrack's one amount reader: `$1.5 billion`,
`22,500 H-2B non-agricultural visas`, `up to 20,000 refugees`, `4,500 pesos (about $213) a
month`, `between 10,000 and 20,000 people`, `1.8 billion` after `5 billion euros`.

The sentence is cut into the amount reader's own pieces (`domain.amount_tokens`); where a figure
may start, the spans the reader could take are tried longest first, and the first it reads is the
figure. A span ends before a punctuation mark and before the words of the sentence around it: a
unit is at most a few words that are not function words (`visas to Central America` is `visas`).
A bare figure with a scale after a sum of money takes that money's currency (`5 billion euros in
loans, 1.8 billion in investments`). Years (`2024`) are no figures. Pure: stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from pledgetrack.domain import amount_words as words
from pledgetrack.domain.amount_reader import read_amount
from pledgetrack.domain.amount_tokens import Token, tokens
from pledgetrack.domain.model import Amount, AmountReading, Kind
from pledgetrack.errors import AmountParseError

MAX_UNIT_WORDS = 5  # `11,500 H-2B nonagricultural seasonal worker visas`
MAX_TOKENS = 16  # the longest span tried: `between 10,000 and 20,000 more temporary workers a year`
_YEAR = re.compile(r"(?:19|20)\d\d")
_ONE = frozenset({"one", "un", "una", "uno"})  # a figure only before a scale: `one billion`
_RANGE_JOINERS = frozenset({*words.RANGE_WORDS, "and", "y"})
_FIGURE_WORDS = frozenset(
    {
        *words.SCALES, *words.NUMBER_WORDS, *words.HALVES, words.HUNDRED, "thousand", "miles",
        *(w for phrase in words.CURRENCY_PHRASES for w in phrase), *words.PREFIX_WORDS,
        "per", "cent", "percent", "por", "ciento", "u.s.",
    }
)  # fmt: skip
# Words that end a unit: what comes after them is the sentence, not the amount.
_STOP_WORDS_TEXT = """
a an the this that these those its their his her our your my of to for from in into on
    onto at by with without within over under through during before after between among across
    toward towards against about around per via as than and or but nor so yet if while when
    where which who whom whose what why how is are was were be been being will would shall
    should can could may might must do does did has have had not no also already just only
    still even each every all both some any most many much less few such other another
    last next ago now then today yesterday tomorrow later earlier ahead away back
    abroad overseas annually together worldwide nationwide contra
    paid made given spent sent built held set put won lost sold bought brought taken gone
    seen done met left led kept told found known shown grown drawn begun run became become
    same said says say told according including include includes included plus versus since
    until till there here it they he she we you i them him us me up down out off
    de del la el los las un una unos unas y o u a al en con por para sin sobre entre hasta
    desde hacia que se su sus lo le les es son fue será serán ha han había este esta estos
    estas ese esa como más menos cada durante mediante según"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Endings of verbs and participles: a unit does not end with one (`displaced people`), and one
# after a noun ends the unit (`people facing famine`, `individuos transferidos`); a Spanish
# participle may be the noun itself (`refugiados`, `empleados`).
_NOT_LAST = ("ed", "ing", "ly", "rán", "rían", "aron", "ieron", "ando", "iendo")
_AFTER_NOUN = (*_NOT_LAST, "ados", "idos", "adas", "idas")
_MONTHS_TEXT = """
january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec enero febrero marzo abril mayo junio julio
    agosto septiembre octubre noviembre diciembre"""
_MONTHS = frozenset(_MONTHS_TEXT.split())
# Adjectives a unit does not end with: `92 low and lower middle-income countries`.
_ADJECTIVES_TEXT = "low high middle lower upper poor rich small large big least most other several"
_ADJECTIVES = frozenset(_ADJECTIVES_TEXT.split())
_MORE = frozenset({"more", "additional", "new", "extra", "further", "más", "nuevos", "nuevas"})


@dataclass(frozen=True)
class FigureSpan:
    """A figure of a sentence at `start:end` of its text, as the amount reader read it;
    `inherited` is the currency its words do not say, taken from the sentence or the article
    (see `_currency_for`)."""

    start: int
    end: int
    reading: AmountReading
    inherited: str | None = None
    asides: tuple[Amount, ...] = ()  # the same sum in brackets, in other currencies

    @property
    def text(self) -> str:
        return self.reading.text


_MAY_HOLD = re.compile(
    r"[\d$€£¥₹₩]|\b(?:"
    + "|".join(
        sorted(
            {*words.NUMBER_WORDS, *words.SCALES, *words.HALVES}
            - {"a", "b", "k", "m", "t", "un", "una", "uno", "mil"},
            key=len,
            reverse=True,
        )
    )
    + r"|mil(?=\s+(?:millones|mdd|mdp)))\b",
    re.IGNORECASE,
)


def may_hold_figures(text: str) -> bool:
    """Whether a text may hold a figure at all: a digit, a currency sign, a number or a scale
    in words (`two`, `billion`, `millones`). False says for sure it holds none."""
    return _MAY_HOLD.search(text) is not None


def find_figures(
    text: str, symbols: Mapping[str, str] | None = None, earlier: str | None = None
) -> list[FigureSpan]:
    """Every figure of a sentence, in order, none overlapping. `symbols` says what an ambiguous
    currency sign means in this article (`¥` is JPY in a text about Japan's yen); `earlier` is
    the unit of the last figure before the sentence, which a bare figure may take."""
    pieces = tokens(text)
    found: list[FigureSpan] = []
    unit = earlier
    i = 0
    while i < len(pieces):
        if not _starts_figure(pieces, i):
            i += 1
            continue
        read = _read_at(text, pieces, i, unit, symbols or {})
        if read is None:
            i += 1
            continue
        figure, end = read
        found.append(replace(figure, asides=_asides(text, figure.end)))
        unit = figure.reading.amount.unit
        i = end
    return found


_ASIDE = re.compile(r"\s*\(([^()]{1,80})\)")


def _asides(text: str, end: int) -> tuple[Amount, ...]:
    """The amounts in brackets right after a figure, or at its end: the same sum in other
    currencies (`$3.3bn (€3bn; £2.3bn)`, `7.4 billion euros ($8.06 billion)`)."""
    match = _ASIDE.match(text, end)
    inner = match.group(1) if match else ""
    if not inner and text[:end].endswith(")"):
        opened = text.rfind("(", 0, end)
        inner = text[opened + 1 : end - 1] if opened >= 0 else ""
    found = []
    for part in re.split(r"[;,/]| or ", inner):
        try:
            found.append(read_amount(part.strip()).amount)
        except AmountParseError:
            continue
    return tuple(found)


def _starts_figure(pieces: Sequence[Token], i: int) -> bool:
    token = pieces[i]
    after = pieces[i + 1] if i + 1 < len(pieces) else None
    before = pieces[i - 1] if i else None
    if token.kind == "number":
        if before is not None and token.glued and before.kind in ("word", "number", "dash"):
            return False  # `G7`, `FY2023`, `H-2B`, `COVID-19`, `2023-24`
        if before is not None and before.kind == "symbol" and before.text != "%":
            return False  # the symbol starts it
        if before is not None and before.low in _MONTHS:
            return False  # `April 25`, a date
        return not (_YEAR.fullmatch(token.text) and not _scaled(after))
    if token.kind == "symbol":
        return token.text != "%" and after is not None and after.kind == "number"
    if not token.is_word or after is None:
        return False
    low = token.low
    if low in words.SCALES_ALONE:
        return after.kind == "number"  # `mil 224 millones`
    if low in words.NUMBER_WORDS or low in words.HALVES or low == "a":
        if low in _ONE or low in words.HALVES or low == "a":
            return _scaled(after) or (after.low == "a" and low in words.HALVES)
        if after.low in _RANGE_JOINERS or after.kind == "dash":
            return i + 2 < len(pieces) and _starts_range_end(pieces, i + 2)  # `six or seven`
        return after.is_word and after.low not in STOP_WORDS
    if after.kind == "symbol" and after.text == "$":
        return low in words.DOLLAR_PREFIXES and (after.glued or low in ("us", "u.s."))
    figure_after = after.kind == "number" or after.low in words.NUMBER_WORDS
    if len(token.text) == 3 and token.text.isupper() and token.text in words.ISO_CODES:
        return figure_after  # `USD 1.5 billion`, `USD two billion`
    if low not in words.PREFIX_WORDS or after.kind != "number":
        return False
    return len(low) > 1 or (after.glued and len(after.text) > 1)  # `Rs 6,363`, `Q459`, not `Q3`


def _scaled(token: Token | None) -> bool:
    return token is not None and (token.low in words.SCALES or token.low == "thousand")


def _read_at(
    text: str, pieces: Sequence[Token], i: int, money: str | None, symbols: Mapping[str, str]
) -> tuple[FigureSpan, int] | None:
    """The longest span from piece `i` (or from a qualifier or range opener just before it) that
    the amount reader reads, with the index of the piece after it."""
    starts = [s for s in (_opener(pieces, i), _qualifier(pieces, i)) if s is not None] + [i]
    ends = _ends(pieces, i)
    for start in dict.fromkeys(starts):
        for end in ends:
            at, until = pieces[start].start, pieces[end - 1].end
            span = text[at:until]
            if pieces[end - 1].low in _MORE and end - 1 > i:
                if money is None:
                    continue
                # `10,000 more`: the figure's own words stop before `more`
                try:
                    reading = read_amount(text[at : pieces[end - 2].end], default_unit=money)
                except AmountParseError:
                    continue
                return FigureSpan(at, until, replace(reading, text=span), money), end
            try:
                return FigureSpan(at, until, read_amount(span)), end
            except AmountParseError as error:
                code = _currency_for(str(error), pieces[i:end], money, symbols)
            if code is None:
                continue
            try:
                reading = read_amount(span, default_unit=code)
            except AmountParseError:
                try:
                    reading = read_amount(f"{span} {code}")
                except AmountParseError:
                    continue
            return FigureSpan(at, until, replace(reading, text=span), code), end
    return None


def _currency_for(
    why: str, pieces: Sequence[Token], unit: str | None, symbols: Mapping[str, str]
) -> str | None:
    """The unit a figure the reader refused takes from the text before it: a bare figure with
    a scale takes the unit of the figure before it (`1.8 billion` after `5 billion euros`, `the
    remaining 300 million` after `500 million doses`); an ambiguous sign is the article's own
    (`¥` in a text about yen). (`10,000 more` after `40,000 Afghans` is read in `_read_at`.)"""
    if "no currency or unit" in why and unit is not None and any(_scaled(p) for p in pieces):
        return unit
    sign = next((p.text for p in pieces if p.text in words.AMBIGUOUS_SYMBOLS), None)
    if sign is not None and "could mean" in why:
        return symbols.get(sign)
    return None


def _qualifier(pieces: Sequence[Token], i: int) -> int | None:
    """Where a qualifier just before piece `i` starts (`up to`, `more than`, `alrededor de`)."""
    for phrase in words.QUALIFIER_PHRASES:
        n = len(phrase)
        if i >= n and all(pieces[i - n + k].low == w for k, w in enumerate(phrase)):
            return i - n
    return None


def _opener(pieces: Sequence[Token], i: int) -> int | None:
    """Where `between`, `from`, `entre` or `de` just before piece `i` opens a range (`entre el
    5 y el 10 por ciento`)."""
    if i and pieces[i - 1].low in words.RANGE_OPENERS:
        return i - 1
    if i > 1 and pieces[i - 1].low in words.ARTICLES and pieces[i - 2].low in words.RANGE_OPENERS:
        return i - 2
    return None


def _ends(pieces: Sequence[Token], i: int) -> list[int]:
    """Where a figure starting at piece `i` may end (the index after its last piece), the
    longest first: after its numbers, scales and currency, after each unit word that follows
    them (up to MAX_UNIT_WORDS), and after a rate."""
    ends: list[int] = []
    j = i
    limit = min(len(pieces), i + MAX_TOKENS)
    figure = True  # still in the figure's own pieces (numbers, scales, currency, range)
    units = 0
    noun = False  # the last word of the unit so far may end it
    while j < limit:
        token = pieces[j]
        if token.kind == "open":
            close = next((k for k in range(j + 1, limit) if pieces[k].kind == "close"), None)
            if close is None:
                break
            j = close + 1  # an aside, such as a conversion: `4,500 pesos (about $213)`
            ends.append(j)
            rate = _rate_at(pieces, j) if j < limit else 0
            if rate:
                ends.append(j + rate)  # `4,500 pesos (about $213) a month`
            break
        rate = _rate_at(pieces, j)
        if rate:
            ends.append(j + rate)
            break
        if figure and (j == i or _in_figure(pieces, j)):
            j += 1
            ends.append(j)
            continue
        if token.kind == "dash" and j + 1 < limit and _scaled(pieces[j + 1]):
            j += 1  # `7.4-billion-euro`
            continue
        if token.kind == "dash" or (token.low in _RANGE_JOINERS and figure):
            if j + 1 < limit and _starts_range_end(pieces, j + 1):
                j += 1
                continue
            break
        figure = False
        if not _unit_word(token, previous=pieces[j - 1] if units else None):
            break
        if units == MAX_UNIT_WORDS or (noun and token.low.endswith(_AFTER_NOUN)):
            break
        units += 1
        j += 1
        noun = not token.low.endswith(_NOT_LAST) and token.low not in _MORE | _ADJECTIVES
        if noun and token.text[0].isupper() and not token.text.isupper() and units == 1:
            noun = token.low.endswith(("s", "ese"))  # `20,000 Guatemalans`, not `80 million Pfizer`
        if noun or (token.low in _MORE and units == 1):
            ends.append(j)  # a unit ends with a noun: `displaced people`, `more workers`
    return sorted(set(ends), reverse=True)


def _in_figure(pieces: Sequence[Token], j: int) -> bool:
    token = pieces[j]
    if token.kind in ("number", "symbol"):
        return True
    if token.low == "de" and j and pieces[j - 1].low in words.SPANISH_SCALES:
        return True  # `millones de dólares`
    if token.low == "a" and j + 1 < len(pieces) and _scaled(pieces[j + 1]):
        return True  # `half a million`
    if token.is_word and len(token.text) == 3 and token.text in words.ISO_CODES:
        return True  # `1.5 billion USD`
    return token.is_word and token.low in _FIGURE_WORDS


def _starts_range_end(pieces: Sequence[Token], j: int) -> bool:
    token = pieces[j]
    if token.kind in ("number", "symbol"):
        return True
    low = token.low
    return token.is_word and (
        low in words.NUMBER_WORDS
        or low in words.PREFIX_WORDS
        or low in words.DOLLAR_PREFIXES
        or token.text in words.ISO_CODES
        or low in words.ARTICLES  # `entre el 5 y el 10`
    )


def _rate_at(pieces: Sequence[Token], j: int) -> int:
    """The length of a rate phrase (`a year`, `per month`, `al mes`) starting at piece `j`."""
    for phrase in _RATES_BY_FIRST.get(pieces[j].low, ()):
        n = len(phrase)
        if j + n <= len(pieces) and all(pieces[j + k].low == w for k, w in enumerate(phrase)):
            after = pieces[j + n] if j + n < len(pieces) else None
            if after is not None and after.is_word and after.low not in STOP_WORDS:
                continue  # `a year` of `a year ago` is no rate, nor `a month` of `a month-long`
            return n
    return 0


_RATES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in words.RATE_PHRASES:  # longest first, as the reader tries them
    _RATES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def _unit_word(token: Token, *, previous: Token | None) -> bool:
    """Whether a word may be part of a unit: not a function word, a month or a letter, and
    not a name after a word in lower case (`visas Biden promised`; but `British Challenger
    tanks`, `surplus Covid-19 vaccine doses`)."""
    if token.kind != "word" or token.low in STOP_WORDS or token.low in words.NOT_FINITE:
        return False
    if token.low in _MONTHS or len(token.low) < 2:
        return False
    if previous is None and token.glued and token.low not in words.GLUED_UNITS:
        return False  # `2nd`, `10th`
    if previous is None or not token.text[0].isupper() or token.text.isupper():
        return True
    return previous.text[0].isupper() or any(c.isdigit() for c in token.text)


def article_symbols(text: str) -> dict[str, str]:
    """What the ambiguous currency signs of an article mean, from the currency or country it
    names: `¥` is yen in a text that says yen or Japan, yuan in one that says yuan or China."""
    low = text.lower()
    symbols = {}
    yen = len(re.findall(r"\byen\b|\bjapan", low))
    yuan = len(re.findall(r"\byuan\b|\brenminbi\b|\bchina\b|\bchinese\b", low))
    if yen != yuan:
        symbols["¥"] = "JPY" if yen > yuan else "CNY"
    if re.search(r"\bsouth korea|\bseoul\b|\brepublic of korea\b", low):
        symbols["₩"] = "KRW"
    return symbols


def unit_of(reading: AmountReading) -> str:
    """The unit a candidate proposes: the reader's, without the `more` or `additional` that
    stood before it (`20,000 more temporary workers` counts temporary workers)."""
    unit = reading.amount.unit
    if reading.amount.kind is Kind.MONEY:
        return unit
    parts = unit.split()
    while len(parts) > 1 and parts[0] in _MORE:
        parts = parts[1:]
    return " ".join(parts)
