"""Amounts as the ledger keeps them: exact Decimals stored as integer thousandths
(`to_milli`/`from_milli`), formatted for people (`format_amount`, `describe_reading`), and read
from text as one figure (`parse_amount`, over the one reader `domain.amount_reader`).

Pure: stdlib only, no I/O; must not import storage, services or cli. A value may have at most
three decimals.
"""

from __future__ import annotations

from decimal import Decimal

from pledgetrack.domain.amount_numbers import MAX_UNITS, format_plain, normal, shift
from pledgetrack.domain.model import Amount, AmountReading, Kind, NewPledge, Pledge
from pledgetrack.domain.text import quoted
from pledgetrack.errors import AmountParseError

__all__ = [
    "MAX_UNITS",
    "SCALE",
    "beyond_figure",
    "describe_amount",
    "describe_reading",
    "figure_only",
    "format_amount",
    "format_plain",
    "from_milli",
    "parse_amount",
    "target_reading",
    "to_milli",
]

SCALE = 1000


def to_milli(value: Decimal) -> int:
    """An amount as an exact integer number of thousandths, as the ledger stores it."""
    if not value.is_finite():
        raise AmountParseError(f"amount '{value}' is not a number")
    shifted = shift(value, 3)
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
    """An integer number of thousandths back as an exact Decimal, written as `normal` writes
    it (a whole export reads hundreds of thousands of them)."""
    whole, rest = divmod(abs(n), 1000)
    if rest == 0:
        return Decimal(n // 1000)
    return Decimal(f"{'-' if n < 0 else ''}{whole}.{rest:03d}".rstrip("0"))


def beyond_figure(reading: AmountReading) -> str | None:
    """What a reading says beyond its figure, for a message: `'about' (approximate)`, `a range up
    to 20,000`, `a rate (per year)`; None when it says only the figure."""
    said = []
    if reading.qualifier is not None:
        said.append(f"{quoted(reading.qualifier_text or '')} ({reading.qualifier.value})")
    if reading.high is not None:
        said.append(f"a range up to {_grouped(reading.high)}")
    if reading.rate is not None:
        said.append(f"a rate (per {reading.rate.value})")
    return ", ".join(said) or None


def figure_only(reading: AmountReading, *, why: str) -> Amount:
    """The reading's amount, refusing a qualifier, a range or a rate, which would be lost: `why`
    says where the figure goes."""
    said = beyond_figure(reading)
    if said is not None:
        raise AmountParseError(
            f"{why}: {quoted(reading.text)} says {said}; give the figure alone "
            f"({format_amount(reading.amount)})"
        )
    return reading.amount


def parse_amount(
    text: str, *, allow_negative: bool = False, default_unit: str | None = None, plain: bool = False
) -> Amount:
    """Read an amount as one figure, e.g. `$1.5 billion`, `MXN 31.8 billion` or `20,000
    refugees` (`read_amount`, refusing a qualifier, range or rate)."""
    # The reader is imported when an amount is read: the commands that only show amounts
    # (reports, lists) never load it.
    from pledgetrack.domain.amount_reader import read_amount

    reading = read_amount(
        text, allow_negative=allow_negative, default_unit=default_unit, plain=plain
    )
    return figure_only(reading, why="only one figure is kept here")


def target_reading(pledge: Pledge | NewPledge) -> AmountReading | None:
    """A pledge's target with the wording it keeps, as a reading; None for an action pledge."""
    if pledge.target is None:
        return None
    return AmountReading(
        amount=pledge.target,
        qualifier=pledge.target_qualifier,
        qualifier_text=pledge.target_qualifier_text,
        high=pledge.target_high,
        rate=pledge.target_rate,
        text=pledge.target_text or "",
    )


def _grouped(value: Decimal) -> str:
    return f"{normal(value):,f}"


def format_amount(amount: Amount) -> str:
    """An amount for people: `USD 1,500,000,000`, `22,500 visas` or `30%`."""
    number = _grouped(amount.value)
    if amount.kind is Kind.MONEY:
        return f"{amount.unit} {number}"
    return f"{number}%" if amount.unit == "%" else f"{number} {amount.unit}"


def describe_amount(amount: Amount) -> str:
    """How an amount was read, for the echo after `add` (e.g. `USD 1,500,000,000`)."""
    return format_amount(amount)


QUALIFIER_WORDS = {"ceiling": "up to", "floor": "at least", "approximate": "about"}
RATE_WORDS = {"year": "a year", "month": "a month", "week": "a week", "day": "a day"}


def format_target(reading: AmountReading) -> str:
    """A target for a table cell, with its wording in plain words: `up to EUR 50,000,000,000 a
    year`, `about USD 50,000,000,000`, `15,000 to 20,000 workers`."""
    text = _amount_or_range(reading)
    if reading.qualifier is not None:
        text = f"{QUALIFIER_WORDS[reading.qualifier.value]} {text}"
    if reading.rate is not None:
        text = f"{text} {RATE_WORDS[reading.rate.value]}"
    return text


def _amount_or_range(reading: AmountReading) -> str:
    amount = reading.amount
    if reading.high is None:
        return format_amount(amount)
    span = f"{_grouped(amount.value)} to {_grouped(reading.high)}"
    if amount.kind is Kind.MONEY:
        return f"{amount.unit} {span}"
    return f"{span}%" if amount.unit == "%" else f"{span} {amount.unit}"


def describe_reading(reading: AmountReading) -> str:
    """How an amount's wording was read (`pledgetrack amount`): `EUR 50,000,000,000 (ceiling
    'up to', per year)`, `15,000 to 20,000 workers`."""
    text = _amount_or_range(reading)
    details = []
    if reading.qualifier is not None:
        details.append(f"{reading.qualifier.value} {quoted(reading.qualifier_text or '')}")
    if reading.rate is not None:
        details.append(f"per {reading.rate.value}")
    return f"{text} ({', '.join(details)})" if details else text
