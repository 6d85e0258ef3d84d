"""Reading and writing amounts such as `$1.5 billion`, `EUR 675m` or `22,500 visas`, exactly.

Pure: stdlib only, no I/O; must not import storage, services or cli. The ledger stores amounts
as integer thousandths (`to_milli`/`from_milli`), so a value may have at most three decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pledgetrack.domain.model import Amount, Kind
from pledgetrack.domain.text import quoted
from pledgetrack.errors import AmountParseError

MAX_UNITS = 10**14
SCALE = 1000

# Active ISO 4217 currency codes (fund codes and precious metals left out).
_ISO_CODE_LIST = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER
ZAR ZMW ZWG
"""
ISO_CODES = frozenset(_ISO_CODE_LIST.split())

_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₴": "UAH",
    "₦": "NGN",
}
_AMBIGUOUS_SYMBOLS = {
    "¥": "yen (JPY) or yuan (CNY)",
    "₩": "South Korean (KRW) or North Korean (KPW) won",
}

_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "peso": "MXN",
    "pesos": "MXN",
    "mexican pesos": "MXN",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
}

_SCALES = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "m": 6,
    "mn": 6,
    "mln": 6,
    "billion": 9,
    "bn": 9,
    "b": 9,
    "trillion": 12,
    "tn": 12,
    "t": 12,
}

_EXAMPLES = "e.g. '$1.5 billion', 'EUR 675m' or '22,500 visas'"
_SIGN = re.compile(r"[-+\u2212]")
_CODE_PREFIX = re.compile(r"([A-Za-z]{3})\s*(?=[-+\u2212.\d])")
_NUMBER = re.compile(r"\d[\d.,]*|\.\d[\d.,]*")
_VALID_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_SCALE_WORD = re.compile(
    r"(thousand|trillion|billion|million|mln|mn|bn|tn|k|m|b|t)(?![\w\-'\u2019])", re.IGNORECASE
)
_NOT_FINITE = re.compile(r"(nan|snan|inf|infinity)\b", re.IGNORECASE)
_UNIT = re.compile(r"[^\W\d_][\w'\u2019\- ]*")
_LETTERS_BEFORE_DOLLAR = re.compile(r"[A-Za-z]+\s*\$")


def _fail(text: str, why: str) -> AmountParseError:
    return AmountParseError(f"cannot read amount {quoted(text)}: {why}")


def format_plain(value: Decimal) -> str:
    """A decimal without exponent, separators or trailing zeros: `1500000000`, `0.5`, `-3`."""
    if value == 0:
        return "0"
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _normal(value: Decimal) -> Decimal:
    """The same number written without exponent or trailing zeros (exact)."""
    return Decimal(format_plain(value))


def _shift(value: Decimal, places: int) -> Decimal:
    """value × 10**places, exactly (no context rounding)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    return Decimal((sign, digits, exponent + places))


def to_milli(value: Decimal) -> int:
    """An amount as an exact integer number of thousandths, as the ledger stores it."""
    if not value.is_finite():
        raise AmountParseError(f"amount '{value}' is not a number")
    shifted = _shift(value, 3)
    if shifted != shifted.to_integral_value():
        raise AmountParseError(
            f"amount '{format_plain(value)}' has more than 3 decimal places; "
            "round it to thousandths"
        )
    milli = int(shifted)
    if not -(2**63) <= milli < 2**63:  # SQLite's integers
        raise AmountParseError(f"amount '{format_plain(value)}' is too large to store")
    return milli


def from_milli(n: int) -> Decimal:
    """An integer number of thousandths back as an exact Decimal."""
    return _normal(_shift(Decimal(n), -3))


def _names_currency(unit: str) -> bool:
    """Whether a would-be unit hides a currency (`quadrillion USD`, `USD visas`)."""
    return any(word in ISO_CODES or word.lower() in _CURRENCY_WORDS for word in unit.split())


def _is_money_unit(unit: str) -> bool:
    return unit in ISO_CODES


def parse_amount(
    text: str, *, allow_negative: bool = False, default_unit: str | None = None
) -> Amount:
    """Read an amount as typed, e.g. `$1.5 billion`, `MXN 31.8 billion` or `20,000 refugees`."""
    original = text.strip()
    rest = " ".join(original.split())
    if not rest:
        raise AmountParseError(f"empty amount; give a number with a currency or unit, {_EXAMPLES}")
    if "¥" in rest or "₩" in rest:
        symbol = "¥" if "¥" in rest else "₩"
        raise _fail(
            original,
            f"'{symbol}' could mean {_AMBIGUOUS_SYMBOLS[symbol]}; write the ISO code (JPY 5bn)",
        )
    if _LETTERS_BEFORE_DOLLAR.search(rest):
        raise _fail(
            original,
            "'$' alone means USD; for other dollars write the ISO code (CAD 26.9m, AUD 5m)",
        )

    signs: list[str] = []
    prefix_code: str | None = None

    def take_sign(s: str) -> str:
        match = _SIGN.match(s)
        if match:
            signs.append(match.group())
            return s[match.end() :].lstrip()
        return s

    rest = take_sign(rest)
    if rest[:1] in _SYMBOLS:
        prefix_code = _SYMBOLS[rest[0]]
        rest = rest[1:].lstrip()
    else:
        code_match = _CODE_PREFIX.match(rest)
        if code_match:
            code = code_match.group(1).upper()
            if code not in ISO_CODES:
                raise _fail(
                    original, f"{quoted(code_match.group(1))} is not an ISO 4217 currency code"
                )
            prefix_code = code
            rest = rest[code_match.end() :]
    rest = take_sign(rest)

    if _NOT_FINITE.match(rest):
        raise _fail(original, "not a finite number; give a number such as 1.5 billion")
    number_match = _NUMBER.match(rest)
    if number_match is None:
        raise _fail(original, f"no number found; {_EXAMPLES}")
    number = number_match.group()
    if not _VALID_NUMBER.fullmatch(number):
        raise _fail(
            original,
            f"{quoted(number)} is not a number; use ',' only between groups of three digits "
            "(1,500,000) and '.' for decimals (1.5)",
        )
    rest = rest[number_match.end() :]

    places = 0
    scale_match = _SCALE_WORD.match(rest.lstrip())
    if scale_match:
        places = _SCALES[scale_match.group(1).lower()]
        rest = rest.lstrip()[scale_match.end() :]
    elif rest and not rest[0].isspace() and rest[0] not in _SYMBOLS:
        raise _fail(original, f"unexpected {quoted(rest.strip())} after the number; {_EXAMPLES}")
    rest = rest.strip()

    suffix_code: str | None = None
    unit: str | None = None
    if rest:
        lowered = rest.lower()
        if rest in _SYMBOLS:
            suffix_code = _SYMBOLS[rest]
        elif lowered in _CURRENCY_WORDS:
            suffix_code = _CURRENCY_WORDS[lowered]
        elif rest.upper() in ISO_CODES and len(rest) == 3:
            suffix_code = rest.upper()
        elif lowered.split()[0] in _SCALES:
            raise _fail(original, "two scales; write one, e.g. '1.5 billion' or '1,500 million'")
        elif _UNIT.fullmatch(rest) and not _names_currency(rest):
            unit = lowered
        else:
            raise _fail(original, f"{quoted(rest)} is not a currency or a unit; {_EXAMPLES}")

    if prefix_code and suffix_code and prefix_code != suffix_code:
        raise _fail(original, f"two currencies ({prefix_code} and {suffix_code}); give one")
    if prefix_code and unit:
        raise _fail(
            original, f"both a currency ({prefix_code}) and a unit ({quoted(unit)}); give one"
        )
    if len(signs) > 1:
        raise _fail(original, "more than one sign")

    code = prefix_code or suffix_code
    if code is not None:
        unit, kind = code, Kind.MONEY
    elif unit is not None:
        kind = Kind.QUANTITY
    elif default_unit is not None:
        unit = default_unit
        kind = Kind.MONEY if _is_money_unit(default_unit) else Kind.QUANTITY
    else:
        raise _fail(
            original,
            "no currency or unit; add one, e.g. 'USD 500 million', '$1,200' or '1,200 visas'",
        )

    try:
        value = _normal(_shift(Decimal(number.replace(",", "")), places))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise _fail(original, f"no number found; {_EXAMPLES}") from None
    if signs and signs[0] != "+":
        value = -value
    if value < 0 and not allow_negative:
        raise _fail(original, "an amount here cannot be negative; give zero or more")
    if abs(value) > MAX_UNITS:
        raise _fail(original, "absurdly large (over 100 trillion); check the number and its scale")
    decimals = format_plain(value).partition(".")[2]
    if len(decimals) > 3:
        raise _fail(original, "more than 3 decimal places; the ledger keeps thousandths")
    return Amount(value=value, unit=unit, kind=kind)


def format_amount(amount: Amount) -> str:
    """An amount for people: `USD 1,500,000,000` or `22,500 visas`."""
    number = f"{_normal(amount.value):,f}"
    if amount.kind is Kind.MONEY:
        return f"{amount.unit} {number}"
    return f"{number} {amount.unit}"


def describe_amount(amount: Amount) -> str:
    """How an amount was read, for the echo after `add` (e.g. `USD 1,500,000,000`)."""
    return format_amount(amount)
