"""Converting an amount of money at a date into another currency, or saying why it cannot be
(docs/currencies.md): the one place that decides which rate holds, used by the reports'
converted totals and by the updates in another currency than their pledge.

The rate of a date is the ECB's reference rate of that day or of the nearest earlier business
day — never a later one, never interpolated — unless the user recorded a rate of their own for
the pair, which wins (for the pair both ways). A rate of the user's may also bridge a currency
the ECB does not publish to one it does, on the same day. Anything else is not converted, with
the reason. Pure: the ECB history and the user's rates come in (storage.rates); no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import NamedTuple

from pledgetrack.domain.amount_words import ISO_CODES
from pledgetrack.domain.ecb_history import EcbHistory, latest_business_day
from pledgetrack.domain.model import Amount
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError

EURO = "EUR"  # the ECB's rates are euros' worth
PRECISION = 40  # digits kept while converting; results are rounded to thousandths once
CONVERTING = Context(prec=PRECISION)
"""The arithmetic of conversions: 40 digits, far beyond any amount and rate (rounded once)."""
THOUSANDTH = Decimal("0.001")
ONE = Decimal(1)


def parse_currency(text: str, field: str = "currency") -> str:
    """An ISO 4217 currency code as typed (`usd` is USD); anything else is refused."""
    code = text.strip().upper()
    if code not in ISO_CODES:
        raise InputError(
            f"{quoted(text)} is not a currency code; give an ISO 4217 code such as USD, EUR, MXN",
            field=field,
        )
    return code


def is_currency(unit: str) -> bool:
    """Whether a unit is a currency (an ISO 4217 code), not a count of things."""
    return unit in ISO_CODES


def rounded(value: Decimal) -> Decimal:
    """A converted amount to the thousandth, as the ledger keeps amounts."""
    return value.quantize(THOUSANDTH, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class ExchangeRate:
    """A sourced rate the user recorded (`rate add`): one `base` is `rate` `counter` on the
    day `on`."""

    uid: str
    base: str
    counter: str
    rate: Decimal
    on: date
    source: str
    recorded_at: str
    note: str | None = None
    id: int = 0

    @property
    def pair(self) -> frozenset[str]:
        """The two currencies, either way round."""
        return frozenset((self.base, self.counter))

    def factor(self, unit: str) -> Decimal:
        """What one `unit` (the base or the counter) is worth in the other."""
        if unit == self.base:
            return self.rate
        return CONVERTING.divide(Decimal(1), self.rate)

    def text(self) -> str:
        """`1 USD = 17.05 MXN`."""
        return f"1 {self.base} = {self.rate} {self.counter}"


class Factor(NamedTuple):
    """What one unit of a currency is worth in another on a day, and the rates it came from
    (a tuple: a report makes thousands)."""

    value: Decimal
    rate_on: date | None  # the day of the rates used (None: the same currency)
    user_rates: tuple[ExchangeRate, ...] = ()
    ecb: bool = False


@dataclass(frozen=True)
class Conversion:
    """An amount at a date in another currency — or, when `value` is None, why not."""

    amount: Amount
    to: str
    on: date | None
    value: Decimal | None = None
    why_not: str | None = None
    factor: Factor | None = None

    @property
    def converted(self) -> Decimal | None:
        """The converted amount to the thousandth, or None."""
        return rounded(self.value) if self.value is not None else None

    def text(self) -> str:
        """`MXN 17,210,800,000 is USD 862,108,233.27 at the ECB's rate of 2022-07-14`, or why
        it cannot be converted."""
        from pledgetrack.domain.amounts import format_amount

        amount = format_amount(self.amount)
        if self.converted is None or self.factor is None:
            return f"{amount} has no rate into {self.to} on {self.on}: {self.why_not}"
        value = format_amount(Amount(self.converted, self.to, self.amount.kind))
        rates = [f"your rate {r.text()}" for r in self.factor.user_rates]
        rates += ["the ECB's rate"] if self.factor.ecb else []
        said = " and ".join(rates) or "no rate"
        return f"{amount} is {value} at {said} of {self.factor.rate_on}"


def latest_rates(
    rates: Iterable[ExchangeRate],
) -> dict[tuple[frozenset[str], date], ExchangeRate]:
    """The rate used for each pair and day: the latest recorded; of two recorded in the same
    second, the one whose uid sorts last. Never by this ledger's own ids, which a ledger that
    merged the rates hands out in another order: every ledger holding them uses the same."""
    latest: dict[tuple[frozenset[str], date], ExchangeRate] = {}
    for rate in sorted(rates, key=lambda r: (r.recorded_at, r.uid)):
        latest[rate.pair, rate.on] = rate
    return latest


class RateBook:
    """The rates a conversion may use: the user's (read when first needed) before the ECB's
    (loaded when first needed), and a record of which of them were used."""

    def __init__(
        self,
        user_rates: Callable[[], Iterable[ExchangeRate]],
        ecb: Callable[[], EcbHistory],
    ) -> None:
        self._load_user, self._load_ecb = user_rates, ecb
        self._user: dict[tuple[frozenset[str], date], ExchangeRate] | None = None
        self._by_day: dict[date, list[ExchangeRate]] = {}
        self._ecb: EcbHistory | None = None
        self._factors: dict[tuple[str, str, date | None], Factor | str] = {}
        self._ecb_days: dict[date, tuple[date, str] | None] = {}
        self._ecb_series: dict[str, dict[str, Decimal]] = {}
        self.used: dict[str, ExchangeRate] = {}
        self.used_ecb = False

    @property
    def ecb(self) -> EcbHistory:
        """The ECB's history (loaded on first use)."""
        if self._ecb is None:
            self._ecb = self._load_ecb()
        return self._ecb

    def _user_rates(self) -> dict[tuple[frozenset[str], date], ExchangeRate]:
        if self._user is None:
            latest = latest_rates(self._load_user())
            self._user = latest
            for rate in latest.values():
                self._by_day.setdefault(rate.on, []).append(rate)
        return self._user

    def convert(self, amount: Amount, to: str, on: date | None) -> Conversion:
        """`amount` in the currency `to` at the rate of the day `on`, or why not."""
        found = self.factor(amount.unit, to, on)
        if isinstance(found, str):
            return Conversion(amount, to, on, why_not=found)
        value = CONVERTING.multiply(amount.value, found.value)
        return Conversion(amount, to, on, value=value, factor=found)

    def factor(self, unit: str, to: str, on: date | None) -> Factor | str:
        """What one `unit` is worth in `to` on the day `on`, or why it cannot be said."""
        key = (unit, to, on)
        if key not in self._factors:
            self._factors[key] = self._find(unit, to, on)
        found = self._factors[key]
        if isinstance(found, Factor):
            if found.user_rates:
                self.used.update((r.uid, r) for r in found.user_rates)
            self.used_ecb = self.used_ecb or found.ecb
        return found

    def _find(self, unit: str, to: str, on: date | None) -> Factor | str:
        if unit == to:
            return Factor(Decimal(1), None)
        for code in (unit, to):
            if not is_currency(code):
                return f"{quoted(code)} is not a currency"
        if on is None:
            return "no date to take a rate from"
        user = self._user_rates()
        days = self._rate_days(on) if user else []
        for day in days:
            rate = user.get((frozenset((unit, to)), day))
            if rate is not None:
                return Factor(rate.factor(unit), day, (rate,))
        ecb = self._from_ecb(unit, to, on)
        if isinstance(ecb, Factor):
            return ecb
        for day in days:  # a rate of the user's to a third currency, and the ECB's from it
            for rate in self._by_day.get(day, ()):
                bridged = self._bridge(rate, unit, to, on)
                if bridged is not None:
                    return Factor(bridged, day, (rate,), ecb=True)
        return ecb

    def _bridge(self, rate: ExchangeRate, unit: str, to: str, on: date) -> Decimal | None:
        """One `unit` in `to` through the user's `rate` between one of them and a third
        currency, and the ECB's rate between that currency and the other; None if no bridge."""
        if unit in rate.pair:
            (middle,) = rate.pair - {unit}
            ecb = self._from_ecb(middle, to, on)
            if isinstance(ecb, Factor):
                return CONVERTING.multiply(rate.factor(unit), ecb.value)
        elif to in rate.pair:
            (middle,) = rate.pair - {to}
            ecb = self._from_ecb(unit, middle, on)
            if isinstance(ecb, Factor):
                return CONVERTING.multiply(ecb.value, rate.factor(middle))
        return None

    def _rate_days(self, on: date) -> list[date]:
        """The days whose rates hold on `on`: itself, then the business day it falls back to."""
        ecb = self.ecb
        back = ecb.publication_day(on) if ecb.first_day <= on <= ecb.last_day else None
        back = back or latest_business_day(on)
        return [on] if back == on else [on, back]

    def _ecb_day(self, on: date) -> tuple[date, str] | None:
        """The ECB publication day whose rates hold on `on`, and its ISO text."""
        if on not in self._ecb_days:
            day = self.ecb.publication_day(on)
            self._ecb_days[on] = (day, day.isoformat()) if day is not None else None
        return self._ecb_days[on]

    def _series(self, code: str) -> dict[str, Decimal]:
        if code not in self._ecb_series:
            self._ecb_series[code] = self.ecb.rates_of(code)
        return self._ecb_series[code]

    def _from_ecb(self, unit: str, to: str, on: date) -> Factor | str:
        found = self._ecb_day(on)
        if found is None:
            ecb = self.ecb
            if on < ecb.first_day:
                return f"no ECB rate before {ecb.first_day}"
            return f"no ECB rate yet for {on}: the ECB history in {ecb.name} ends on {ecb.last_day}"
        day, iso = found
        low = ONE if unit == EURO else self._series(unit).get(iso)
        if low is None:
            return self._why_no_ecb_rate(unit, on, day)
        high = ONE if to == EURO else self._series(to).get(iso)
        if high is None:
            return self._why_no_ecb_rate(to, on, day)
        return Factor(CONVERTING.divide(high, low), day, (), True)

    def _why_no_ecb_rate(self, code: str, on: date, day: date) -> str:
        bounds = self.ecb.bounds(code)
        if bounds is None:
            return f"the ECB publishes no {code} rate"
        if day < bounds[0]:
            return f"the ECB's {code} rates begin on {bounds[0]}"
        if day > bounds[1]:
            return f"the ECB's {code} rates end on {bounds[1]}"
        return f"the ECB published no {code} rate on {day}" + (f" (for {on})" if day != on else "")

    def sources_text(self) -> str:
        """Which rates the conversions so far used, for the line under a report's totals."""
        parts = []
        if self.used_ecb:
            ecb = self.ecb
            days = f"{ecb.first_day} to {ecb.last_day}"
            parts.append(f"the ECB's reference rates in {ecb.name} ({days})")
        if self.used:
            n = len(self.used)
            parts.append(f"{n} of your own (rate list)")
        return " and ".join(parts) or "none needed"


class RateDate(enum.StrEnum):
    """Which day's rate converts an amount (`--rate-date`)."""

    THEN = "then"  # a target at its announced date, progress at its update's date
    ANNOUNCED = "announced"  # everything at the pledge's announced date
    AS_OF = "as-of"  # everything at the report's as-of date
    FIXED = "date"  # everything at one date given


@dataclass(frozen=True)
class ConversionRule:
    """Convert into `currency` at the rates of `rate_date` (and `on`, for a fixed date)."""

    currency: str
    rate_date: RateDate = RateDate.THEN
    on: date | None = None

    def text(self, as_of: date) -> str:
        """How the amounts were converted, in words."""
        said = {
            RateDate.THEN: "each target at the rate of its announced date, each update's "
            "progress at the rate of its own date",
            RateDate.ANNOUNCED: "every amount at the rate of its pledge's announced date",
            RateDate.AS_OF: f"every amount at the rate of the as-of date, {as_of}",
            RateDate.FIXED: f"every amount at the rate of {self.on}",
        }[self.rate_date]
        return f"{said}, or of the nearest earlier business day"


def parse_rate_date(text: str, *, today: date) -> tuple[RateDate, date | None]:
    """`--rate-date`: then, announced, as-of, or a date."""
    from pledgetrack.domain.dates import parse_date

    word = text.strip().lower().replace("_", "-")
    if word in {"then", "announced", "as-of"}:
        return RateDate(word), None
    try:
        return RateDate.FIXED, parse_date(text, today=today)
    except InputError:
        raise InputError(
            f"cannot read --rate-date {quoted(text)}: give then, announced, as-of or a date "
            "(2024-03-01)",
            field="rate_date",
        ) from None
