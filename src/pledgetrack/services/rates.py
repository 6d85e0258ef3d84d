"""Exchange rates the user records (`rate add`, and the `rates` of a whole-ledger document):
read and checked here, the one way in for them, then written with the pledges whose counted
amounts they change folded again, in the same transaction (docs/currencies.md).

No Typer, no Rich, no clock: today and now come in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from pledgetrack.domain.amounts import format_plain
from pledgetrack.domain.exchange import Conversion, ExchangeRate, latest_rates, parse_currency
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError
from pledgetrack.services.intake import parse_day, reading
from pledgetrack.services.record_checks import validate_timestamp
from pledgetrack.services.uids import new_uid
from pledgetrack.storage import rates, records, states
from pledgetrack.storage.ledger import Ledger

_RATE = re.compile(r"\d+(?:\.\d+)?")
MAX_DIGITS = 24  # more than any published rate has; a longer number is a typing mistake
MAX_RATE = Decimal(10) ** 12


@dataclass(frozen=True)
class RateText:
    """A rate as typed: `rate add USD 17.05 MXN --on 2024-03-01 --source URL`."""

    base: str
    rate: str
    counter: str
    on: str | None
    source: str | None
    note: str | None = None


@dataclass(frozen=True)
class RecordedRate:
    """What `rate add` wrote: the rate, the one it replaces for that pair and day (if any), and
    the pledges it folded again."""

    rate: ExchangeRate
    replaced: ExchangeRate | None
    refolded: tuple[int, ...]


def parse_rate_value(text: str) -> Decimal:
    """A rate as typed: a plain positive decimal (`17.05`, `0.0586`)."""
    cleaned = text.strip()
    if not _RATE.fullmatch(cleaned) or len(cleaned.replace(".", "")) > MAX_DIGITS:
        hint = " (use a point for decimals)" if "," in cleaned else ""
        raise InputError(
            f"cannot read the rate {quoted(text)}: give a plain number such as 17.05{hint}",
            field="rate",
        )
    value = Decimal(cleaned)
    if not 0 < value < MAX_RATE:
        raise InputError(
            f"a rate must be more than 0 and less than 10^12, not {text}", field="rate"
        )
    return value


def parse_new_rate(
    text: RateText, *, today: date, now: str, uid: str | None = None
) -> ExchangeRate:
    """A checked ExchangeRate from what was typed."""
    with reading("base"):
        base = parse_currency(text.base, "base")
    with reading("counter"):
        counter = parse_currency(text.counter, "counter")
    rate = ExchangeRate(
        uid=uid or new_uid(),
        base=base,
        counter=counter,
        rate=parse_rate_value(text.rate),
        on=_day(text.on, today),
        source=(text.source or "").strip(),
        note=text.note.strip() if text.note and text.note.strip() else None,
        recorded_at=now,
    )
    validate_rate(rate, today=today)
    return rate


def _day(text: str | None, today: date) -> date:
    if text is None:
        raise InputError("a rate needs the day it is for (--on DATE)", field="valid_on")
    day = parse_day(text, "valid_on", today=today)
    assert day is not None
    return day


def validate_rate(rate: ExchangeRate, *, today: date) -> None:
    """Refuse a rate `rate add` would not record: between two currencies, positive, of a day
    that has come, with its source."""
    for field, code in (("base", rate.base), ("counter", rate.counter)):
        with reading(field):
            if parse_currency(code, field) != code:
                raise InputError(f"{quoted(code)} is not written as a currency code", field=field)
    if rate.base == rate.counter:
        raise InputError(
            f"a rate is between two currencies, not {rate.base} and itself", field="counter"
        )
    with reading("rate"):
        if parse_rate_value(format_plain(rate.rate)) != rate.rate:
            raise InputError(f"the rate {rate.rate} is not a plain positive number", field="rate")
    if rate.on > today:
        raise InputError(
            f"the rate is for {rate.on}, after today ({today}): record rates that were published",
            field="valid_on",
        )
    if not rate.source.strip():
        raise InputError("a rate needs its source (--source URL)", field="source")
    validate_timestamp(rate.recorded_at, "recorded_at")


def record_rate(ledger: Ledger, rate: ExchangeRate) -> RecordedRate:
    """Write a checked rate in one transaction, with the pledges whose counted amounts it may
    change (their progress in another currency than their target) folded again."""
    with ledger.write() as db:
        before = {(r.pair, r.on): r for r in rates.user_rates(db)}
        rate_id = rates.insert_rate(db, rate)
        return RecordedRate(
            rate=replace(rate, id=rate_id),
            replaced=before.get((rate.pair, rate.on)),
            refolded=refold(db, {rate.base, rate.counter}),
        )


def refold(db: Any, currencies: set[str]) -> tuple[int, ...]:
    """Fold again every pledge with progress in another currency than its target where one of
    the two is in `currencies`; returns their ids."""
    pledge_ids = tuple(rates.pledges_converting(db, currencies))
    states.refresh_many(db, pledge_ids)
    return pledge_ids


def list_rates(ledger: Ledger) -> list[tuple[ExchangeRate, ExchangeRate | None]]:
    """Every rate recorded, by day and pair, each with the later one that replaces it (the
    latest recorded for a pair and day is the one used)."""
    every = rates.user_rates(ledger.db)
    latest = latest_rates(every)
    return [
        (rate, None if latest[rate.pair, rate.on] is rate else latest[rate.pair, rate.on])
        for rate in every
    ]


def update_conversion(ledger: Ledger, update_id: int) -> Conversion | None:
    """How an update in another currency than its pledge's target counts toward it; None for
    one in the target's own unit."""
    db = ledger.db
    update = records.update_named(db, str(update_id))
    if update is None or update.amount is None:
        return None
    target = records.pledge(db, update.pledge_id).target
    if target is None or target.unit == update.amount.unit:
        return None
    return rates.rate_book(db).convert(update.amount, target.unit, update.happened_on)
