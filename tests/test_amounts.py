"""How typed amounts are read (docs/reading.md#amounts), formatted and stored as thousandths."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pledgetrack.domain.amounts import (
    MAX_UNITS,
    SCALE,
    format_amount,
    format_plain,
    from_milli,
    parse_amount,
    to_milli,
)
from pledgetrack.domain.model import Amount, Kind
from pledgetrack.errors import AmountParseError

M = Kind.MONEY
Q = Kind.QUANTITY

VALID_AMOUNTS: list[tuple[str, Decimal, str, Kind]] = [
    # the forms of docs/reading.md#amounts
    ("1.5 billion USD", Decimal("1500000000"), "USD", M),
    ("$1.5 billion", Decimal("1500000000"), "USD", M),
    ("USD 1.5bn", Decimal("1500000000"), "USD", M),
    ("$3.4bn", Decimal("3400000000"), "USD", M),
    ("€50bn", Decimal("50000000000"), "EUR", M),
    ("EUR 675m", Decimal("675000000"), "EUR", M),
    ("4,500 pesos", Decimal("4500"), "MXN", M),
    ("MXN 31.8 billion", Decimal("31800000000"), "MXN", M),
    ("22,500 visas", Decimal("22500"), "visas", Q),
    ("20,000 refugees", Decimal("20000"), "refugees", Q),
    ("1 billion doses", Decimal("1000000000"), "doses", Q),
    ("26 projects", Decimal("26"), "projects", Q),
    ("CAD 26.9m", Decimal("26900000"), "CAD", M),
    ("500 million USD", Decimal("500000000"), "USD", M),
    ("1,500,000,000 USD", Decimal("1500000000"), "USD", M),
    ("£10m", Decimal("10000000"), "GBP", M),
    # scale words and suffixes, any case
    ("5 thousand USD", Decimal("5000"), "USD", M),
    ("5k USD", Decimal("5000"), "USD", M),
    ("5K visas", Decimal("5000"), "visas", Q),
    ("2 million doses", Decimal("2000000"), "doses", Q),
    ("2m doses", Decimal("2000000"), "doses", Q),
    ("2 mn USD", Decimal("2000000"), "USD", M),
    ("2 mln USD", Decimal("2000000"), "USD", M),
    ("2 Million USD", Decimal("2000000"), "USD", M),
    ("3 billion USD", Decimal("3000000000"), "USD", M),
    ("3b USD", Decimal("3000000000"), "USD", M),
    ("3 BN USD", Decimal("3000000000"), "USD", M),
    ("1 trillion USD", Decimal("1000000000000"), "USD", M),
    ("1tn USD", Decimal("1000000000000"), "USD", M),
    ("1t USD", Decimal("1000000000000"), "USD", M),
    # currency words, codes in either case, symbols before or after
    ("5 dollars", Decimal("5"), "USD", M),
    ("5 euros", Decimal("5"), "EUR", M),
    ("5 euro", Decimal("5"), "EUR", M),
    ("1 peso", Decimal("1"), "MXN", M),
    ("usd 7", Decimal("7"), "USD", M),
    ("7 usd", Decimal("7"), "USD", M),
    ("JPY 5bn", Decimal("5000000000"), "JPY", M),
    ("EUR675m", Decimal("675000000"), "EUR", M),
    ("50€", Decimal("50"), "EUR", M),
    ("$5 USD", Decimal("5"), "USD", M),
    ("$ 5", Decimal("5"), "USD", M),
    # multiword and unusual units, lowercased, kept as typed
    ("3 land ports of entry", Decimal("3"), "land ports of entry", Q),
    ("22,500 H-2B visas", Decimal("22500"), "h-2b visas", Q),
    ("5 Tons", Decimal("5"), "tons", Q),
    ("5 t-shirts", Decimal("5"), "t-shirts", Q),
    ("  26   projects  ", Decimal("26"), "projects", Q),
    # decimals, exact to the thousandth
    ("0.5 USD", Decimal("0.5"), "USD", M),
    (".5 USD", Decimal("0.5"), "USD", M),
    ("1.2340 USD", Decimal("1.234"), "USD", M),
    ("0.0001 billion USD", Decimal("100000"), "USD", M),
    ("0 USD", Decimal("0"), "USD", M),
    ("+5 USD", Decimal("5"), "USD", M),
    ("100 trillion USD", Decimal(MAX_UNITS), "USD", M),
    # read since amounts are read as real texts word them (tests/test_amount_wording.py)
    ("US$ 5 million", Decimal("5000000"), "USD", M),
    ("C$5", Decimal("5"), "CAD", M),
    ("five hundred USD", Decimal("500"), "USD", M),
    ("1,5 USD", Decimal("1.5"), "USD", M),  # only a decimal comma reads it
    ("1.234,5 USD", Decimal("1234.5"), "USD", M),
]

INVALID_AMOUNTS: list[tuple[str, str]] = [
    ("", "empty"),
    ("   ", "empty"),
    ("NaN", "finite"),
    ("nan USD", "finite"),
    ("inf USD", "finite"),
    ("-Infinity", "finite"),
    ("$infinity", "finite"),
    ("-5 USD", "negative"),
    ("$-5", "negative"),
    ("USD -1.5bn", "negative"),
    ("-3 visas", "negative"),
    ("100000000000001 USD", "absurdly large"),
    ("101 trillion USD", "absurdly large"),
    ("1 quadrillion USD", "not a currency or a unit"),
    ("1.2345 USD", "3 decimal places"),
    ("0.0000001 thousand USD", "3 decimal places"),
    ("1.234 USD", "could be 1.234 or 1,234"),
    ("12,34 visas", "three digits"),
    ("1,5000 visas", "three digits"),
    ("1..5 USD", "three digits"),
    ("$5 EUR", "two currencies"),
    ("EUR 5 dollars", "two currencies"),
    ("$5 visas", "both a currency"),
    ("Z$ 5 million", "ISO code"),
    ("¥500", "ISO code"),
    ("500 ¥", "ISO code"),
    ("XYZ 5", "not an ISO 4217"),
    ("USD", "no number"),
    ("$", "no number"),
    ("garbage", "no number"),
    ("1e9 USD", "unexpected"),
    ("5visas", "unexpected"),
    ("5 million billion USD", "two scales"),
    ("5 #!", "not a currency or a unit"),
    ("5 USD!", "not a currency or a unit"),
    ("5 USD visas", "not a currency or a unit"),
    ("500 million", "no currency or unit"),
    ("1200", "no currency or unit"),
    ("--5 USD", "more than one sign"),
]


@pytest.mark.parametrize(("text", "value", "unit", "kind"), VALID_AMOUNTS)
def test_valid_amounts(text: str, value: Decimal, unit: str, kind: Kind) -> None:
    amount = parse_amount(text)
    assert amount == Amount(value, unit, kind)
    # normalised: no exponent, no trailing zeros
    assert str(amount.value) == format_plain(value)


@pytest.mark.parametrize(("text", "why"), INVALID_AMOUNTS)
def test_invalid_amounts(text: str, why: str) -> None:
    with pytest.raises(AmountParseError) as caught:
        parse_amount(text)
    message = str(caught.value)
    assert why in message
    assert "\n" not in message
    assert not message.lower().startswith("error")
    if text.strip():
        assert f"'{text.strip()}'" in message


NEGATIVE_AMOUNTS: list[tuple[str, Decimal, str]] = [
    ("-5 USD", Decimal("-5"), "USD"),
    ("$-5", Decimal("-5"), "USD"),
    ("-$1.5bn", Decimal("-1500000000"), "USD"),
    ("\u22123 visas", Decimal("-3"), "visas"),
    ("-0.5 USD", Decimal("-0.5"), "USD"),
]


@pytest.mark.parametrize(("text", "value", "unit"), NEGATIVE_AMOUNTS)
def test_negative_amounts_when_allowed(text: str, value: Decimal, unit: str) -> None:
    amount = parse_amount(text, allow_negative=True)
    assert (amount.value, amount.unit) == (value, unit)


def test_negative_still_bounded() -> None:
    with pytest.raises(AmountParseError, match="absurdly large"):
        parse_amount("-101 trillion USD", allow_negative=True)


DEFAULT_UNIT_DATA: list[tuple[str, str, Amount]] = [
    ("500 million", "USD", Amount(Decimal("500000000"), "USD", M)),
    ("1200", "visas", Amount(Decimal("1200"), "visas", Q)),
    ("1,200", "land ports of entry", Amount(Decimal("1200"), "land ports of entry", Q)),
    ("2.5k", "MXN", Amount(Decimal("2500"), "MXN", M)),
    # a unit that is typed wins over the default
    ("5 EUR", "USD", Amount(Decimal("5"), "EUR", M)),
    ("5 doses", "visas", Amount(Decimal("5"), "doses", Q)),
]


@pytest.mark.parametrize(("text", "default", "expected"), DEFAULT_UNIT_DATA)
def test_default_unit(text: str, default: str, expected: Amount) -> None:
    assert parse_amount(text, default_unit=default) == expected


def test_negative_bare_number_with_default_unit() -> None:
    amount = parse_amount("-1200", allow_negative=True, default_unit="visas")
    assert amount == Amount(Decimal("-1200"), "visas", Q)


FORMAT_PLAIN_DATA: list[tuple[Decimal, str]] = [
    (Decimal("1500000000"), "1500000000"),
    (Decimal("1.5E+9"), "1500000000"),
    (Decimal("0.5"), "0.5"),
    (Decimal("0.500"), "0.5"),
    (Decimal("-3"), "-3"),
    (Decimal("-3.000"), "-3"),
    (Decimal("0"), "0"),
    (Decimal("-0"), "0"),
    (Decimal("0E-3"), "0"),
    (Decimal("1E+14"), "100000000000000"),
    (Decimal("1.234"), "1.234"),
]


@pytest.mark.parametrize(("value", "text"), FORMAT_PLAIN_DATA)
def test_format_plain(value: Decimal, text: str) -> None:
    assert format_plain(value) == text


FORMAT_AMOUNT_DATA: list[tuple[Amount, str]] = [
    (Amount(Decimal("1500000000"), "USD", M), "USD 1,500,000,000"),
    (Amount(Decimal("22500"), "visas", Q), "22,500 visas"),
    (Amount(Decimal("1234.5"), "EUR", M), "EUR 1,234.5"),
    (Amount(Decimal("-3000"), "MXN", M), "MXN -3,000"),
    (Amount(Decimal("26.000"), "projects", Q), "26 projects"),
    (Amount(Decimal("0"), "USD", M), "USD 0"),
]


@pytest.mark.parametrize(("amount", "text"), FORMAT_AMOUNT_DATA)
def test_format_amount(amount: Amount, text: str) -> None:
    assert format_amount(amount) == text


MILLI_DATA: list[tuple[Decimal, int]] = [
    (Decimal("1500000000"), 1_500_000_000_000),
    (Decimal("0.5"), 500),
    (Decimal("0.001"), 1),
    (Decimal("-3"), -3000),
    (Decimal("0"), 0),
    (Decimal(MAX_UNITS), MAX_UNITS * SCALE),
    (Decimal("1.5E+9"), 1_500_000_000_000),
]


@pytest.mark.parametrize(("value", "milli"), MILLI_DATA)
def test_milli_round_trip(value: Decimal, milli: int) -> None:
    assert to_milli(value) == milli
    assert from_milli(milli) == value
    assert str(from_milli(milli)) == format_plain(value)


def test_to_milli_refuses_more_than_thousandths() -> None:
    with pytest.raises(AmountParseError, match=r"0\.0001"):
        to_milli(Decimal("0.0001"))


def test_parsed_amounts_survive_storage() -> None:
    for text, value, _unit, _kind in VALID_AMOUNTS:
        assert from_milli(to_milli(parse_amount(text).value)) == value
