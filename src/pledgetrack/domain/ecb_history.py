"""The European Central Bank's euro reference rates as its history file writes them, and the
business days they are published on (docs/currencies.md#where-rates-come-from).

The file is a table: a row per publication day, newest first; a column per currency; each cell
the units of that currency one euro bought that day, or `N/A`. Its rows are the ECB's business
days, so within the history the rate of a date is the rate of the latest row on or before it.
After the last row, only the TARGET calendar (weekends and the six closing days of the
euro's payment system) can say whether a business day has gone by since.

Pure: the text comes in (storage.ecb reads it); stdlib and dateutil only.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache

from dateutil.easter import easter

MISSING = frozenset({"", "N/A"})
_ONE_DAY = timedelta(days=1)
_FIXED_CLOSING_DAYS = ((1, 1), (5, 1), (12, 25), (12, 26))


@cache
def _easter(year: int) -> date:
    return easter(year)


def is_business_day(day: date) -> bool:
    """Whether the ECB publishes reference rates on `day` by the TARGET calendar: a weekday other
    than New Year's Day, Good Friday, Easter Monday, 1 May, Christmas Day and 26 December."""
    if day.weekday() >= 5 or (day.month, day.day) in _FIXED_CLOSING_DAYS:
        return False
    sunday = _easter(day.year)
    return day not in (sunday - 2 * _ONE_DAY, sunday + _ONE_DAY)


def latest_business_day(on: date) -> date:
    """`on` if it is a business day, else the nearest earlier one."""
    while not is_business_day(on):
        on -= _ONE_DAY
    return on


class EcbHistory:
    """The reference rates of the ECB's history file; a currency's column is read the first time
    it is asked for (a report reads two or three of its forty-odd columns)."""

    def __init__(self, text: str, *, name: str) -> None:
        """`text` is the file's CSV text; `name` says where it came from, for messages."""
        header, _, body = text.lstrip("\ufeff").partition("\n")
        self.name = name
        self._lines = [line for line in reversed(body.splitlines()) if line.strip()]
        self.days = [line.split(",", 1)[0].strip() for line in self._lines]  # ISO, ascending
        if not self.days or self.days != sorted(self.days):
            raise ValueError(f"{name}: not the ECB's history of reference rates")
        columns = [name.strip() for name in header.split(",")]
        self._column = {code: i for i, code in enumerate(columns) if i and code}
        self._rates: dict[str, dict[str, Decimal]] = {}
        self.first_day = date.fromisoformat(self.days[0])
        self.last_day = date.fromisoformat(self.days[-1])

    @property
    def currencies(self) -> frozenset[str]:
        """The currencies the history has a column for (the euro is not one: it is the base)."""
        return frozenset(self._column)

    def rates_of(self, currency: str) -> dict[str, Decimal]:
        """A currency's rates by ISO day (the days it has one); empty when it has no column."""
        if currency not in self._rates:
            index = self._column.get(currency)
            rates: dict[str, Decimal] = {}
            if index is not None:
                for day, line in zip(self.days, self._lines, strict=True):
                    cells = line.split(",", index + 1)
                    cell = cells[index].strip() if len(cells) > index else ""
                    if cell not in MISSING:
                        rates[day] = _rate(cell, self.name, currency, day)
            self._rates[currency] = rates
        return self._rates[currency]

    def publication_day(self, on: date) -> date | None:
        """The row whose rates hold on `on`: that day's, else the nearest earlier business day's;
        None before the first row, or when a business day has passed since the last row (its
        rates are not in this history)."""
        if on < self.first_day:
            return None
        if on > self.last_day:
            return self.last_day if latest_business_day(on) <= self.last_day else None
        index = bisect.bisect_right(self.days, on.isoformat()) - 1
        return date.fromisoformat(self.days[index])

    def bounds(self, currency: str) -> tuple[date, date] | None:
        """The first and last day the history has a rate for `currency`."""
        days = list(self.rates_of(currency))
        if not days:
            return None
        return date.fromisoformat(days[0]), date.fromisoformat(days[-1])


def _rate(cell: str, name: str, currency: str, day: str) -> Decimal:
    try:
        value = Decimal(cell)
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{name}: the {currency} rate of {day} is {cell!r}, not a rate")
    return value
