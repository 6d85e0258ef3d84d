"""The converted totals of `report --in CUR` and `summary --in CUR` (docs/currencies.md): the
money targets and counted amounts of the selected pledges, each converted at the rate of the
day the rule gives (domain.exchange), added up per group and per rate.

A pledge any amount of which has no rate is left out of the converted totals whole — target
and progress — and listed with the amounts that could not be converted, so the converted
progress compares like with like. Each currency and day is converted once (storage.conversions
sums the amounts first); converting never writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from pledgetrack.domain.amounts import from_milli
from pledgetrack.domain.exchange import (
    CONVERTING,
    ConversionRule,
    Factor,
    RateBook,
    RateDate,
    parse_currency,
    parse_rate_date,
    rounded,
)
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import Amount, Kind
from pledgetrack.domain.tallies import ConversionNote, ConvertedTotals, NotConverted, UnitTotal
from pledgetrack.errors import InputError
from pledgetrack.storage.conversions import (
    ANNOUNCED,
    ANY_DAY,
    GIVEN,
    HAPPENED,
    Days,
    amount_classes,
    amounts_of_pledges_in,
)
from pledgetrack.storage.selection import StatusSnapshot

NO_ANNOUNCED_DATE = "the pledge has no announced date to take a rate from"


def parse_conversion(
    currency: str | None, rate_date: str | None, *, today: date
) -> ConversionRule | None:
    """`--in CUR` and `--rate-date`: the conversion asked for, or None."""
    if currency is None:
        if rate_date is not None:
            raise InputError("--rate-date goes with --in CUR", field="rate_date")
        return None
    code = parse_currency(currency, "in")
    if rate_date is None:
        return ConversionRule(code)
    kind, on = parse_rate_date(rate_date, today=today)
    return ConversionRule(code, kind, on)


def days_of(rule: ConversionRule, as_of: date) -> Days:
    """The day that converts a target and a counted amount under `rule`."""
    if rule.rate_date is RateDate.THEN:
        return Days(rule.currency, ANNOUNCED, HAPPENED)
    if rule.rate_date is RateDate.ANNOUNCED:
        return Days(rule.currency, ANNOUNCED, ANNOUNCED)
    on = as_of if rule.rate_date is RateDate.AS_OF else rule.on
    assert on is not None
    return Days(rule.currency, GIVEN, GIVEN, on.isoformat())


def note_of(rule: ConversionRule, book: RateBook, as_of: date) -> ConversionNote:
    """The line under the totals: the rule and the rates it used."""
    rate_date = rule.on.isoformat() if rule.on else rule.rate_date.value
    return ConversionNote(rule.currency, rate_date, rule.text(as_of), book.sources_text())


def converted_totals(
    db: Any,
    pledge_filter: PledgeFilter,
    snapshot: StatusSnapshot,
    rule: ConversionRule,
    book: RateBook,
    group_by: str | None = None,
) -> dict[str | None, ConvertedTotals]:
    """The converted totals of each group (None: the one group of a report)."""
    rule_days = days_of(rule, pledge_filter.as_of)
    classes = amount_classes(db, pledge_filter, snapshot, rule_days, group_by)
    factors: dict[tuple[str, str | None], Factor | str] = {}
    days: dict[str, date] = {}
    for item in classes:
        key = (item.unit, item.on)
        if key not in factors:
            if item.on == ANY_DAY:  # already in the report's currency
                factors[key] = Factor(Decimal(1), None)
                continue
            if item.on is None:
                factors[key] = NO_ANNOUNCED_DATE
                continue
            if item.on not in days:
                days[item.on] = date.fromisoformat(item.on)
            factors[key] = book.factor(item.unit, rule.currency, days[item.on])
    gaps = [key for key, factor in factors.items() if isinstance(factor, str)]
    # (group, what, rate, unit, on) -> [pledges, thousandths] still in the totals
    sums: dict[tuple[str | None, str, str | None, str, str | None], list[int]] = {}
    for c in classes:
        both = sums.setdefault((c.group, c.what, c.rate, c.unit, c.on), [0, 0])
        both[0] += c.pledges
        both[1] += c.milli
    missing: dict[str | None, list[NotConverted]] = {}
    if gaps:
        amounts = amounts_of_pledges_in(db, pledge_filter, snapshot, rule_days, gaps, group_by)
        for a in amounts:
            left = sums[a.group, a.what, a.rate, a.unit, a.on]
            left[0] -= 1 if a.what == "target" else 0
            left[1] -= a.milli
            factor = factors[a.unit, a.on]
            if isinstance(factor, str):
                amount = Amount(from_milli(a.milli), a.unit, Kind.MONEY)
                on = date.fromisoformat(a.on) if a.on else None
                lacking = NotConverted(a.pledge_id, a.what, amount, on, factor)
                missing.setdefault(a.group, []).append(lacking)
    return _totals(sums, factors, missing, rule.currency)


def _totals(
    sums: dict[tuple[str | None, str, str | None, str, str | None], list[int]],
    factors: dict[tuple[str, str | None], Factor | str],
    missing: dict[str | None, list[NotConverted]],
    currency: str,
) -> dict[str | None, ConvertedTotals]:
    """Add the converted classes up per group and rate."""
    # group -> rate -> [pledges, pledged, counted]
    added: dict[str | None, dict[str | None, list[Any]]] = {}
    multiply, add = CONVERTING.multiply, CONVERTING.add
    for (group, what, rate, unit, on), (pledges, milli) in sums.items():
        per_rate = added.setdefault(group, {}).setdefault(rate, [0, Decimal(0), Decimal(0)])
        factor = factors[unit, on]
        if isinstance(factor, str):
            continue  # every amount of it belonged to a pledge left out
        value = multiply(Decimal(milli), factor.value)  # in thousandths
        if what == "target":
            per_rate[0] += pledges
            per_rate[1] = add(per_rate[1], value)
        else:
            per_rate[2] = add(per_rate[2], value)
    result: dict[str | None, ConvertedTotals] = {}
    for group in set(added) | set(missing):
        rates = added.get(group, {})
        totals = tuple(
            UnitTotal(currency, Kind.MONEY.value, n, _units(pledged), _units(counted), rate)
            for rate, (n, pledged, counted) in sorted(rates.items(), key=_rate_order)
            if n
        )
        result[group] = ConvertedTotals(currency, totals, tuple(missing.get(group, ())))
    return result


def _units(milli: Decimal) -> Decimal:
    """A converted sum of thousandths in units, to the thousandth."""
    return rounded(milli.scaleb(-3))


def _rate_order(item: tuple[str | None, Iterable[Any]]) -> tuple[bool, str]:
    return (item[0] is not None, item[0] or "")
