"""The exchange rates users record (`rate add`), as rows of the `rates` table, and the rate book
every conversion reads: those rates before the ECB's (storage.ecb), each loaded when first
needed. Callers own the transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.amounts import format_plain
from pledgetrack.domain.ecb_history import EcbHistory
from pledgetrack.domain.exchange import ExchangeRate, RateBook

RATE_SELECT = "SELECT id, uid, base, counter, rate, valid_on, source, note, recorded_at FROM rates"


def _load_ecb() -> EcbHistory:
    from pledgetrack.storage.ecb import ecb_history

    return ecb_history()


def rate_book(db: Database, more: Sequence[ExchangeRate] = ()) -> RateBook:
    """The rates conversions read in this ledger: the user's (with `more`, those about to be
    recorded, as recorded after them), then the ECB's."""
    if not more:
        return RateBook(lambda: user_rates(db), _load_ecb)

    def every() -> list[ExchangeRate]:
        held = user_rates(db)
        after = max((rate.id for rate in held), default=0)
        return [*held, *(replace(r, id=after + n) for n, r in enumerate(more, 1))]

    return RateBook(every, _load_ecb)


def rate_from_row(row: tuple[Any, ...]) -> ExchangeRate:
    """An ExchangeRate from a row of RATE_SELECT."""
    rate_id, uid, base, counter, rate, valid_on, source, note, recorded_at = row
    return ExchangeRate(
        id=int(rate_id),
        uid=uid,
        base=base,
        counter=counter,
        rate=Decimal(rate),
        on=date.fromisoformat(valid_on),
        source=source,
        note=note,
        recorded_at=recorded_at,
    )


def user_rates(db: Database) -> list[ExchangeRate]:
    """Every rate recorded, by day, then pair (either way round), then the order they were
    recorded in (two in the same second by uid, as domain.exchange.latest_rates orders them)."""
    rows = db.execute(
        f"{RATE_SELECT} ORDER BY valid_on, min(base, counter), max(base, counter), recorded_at, uid"
    )
    return [rate_from_row(row) for row in rows]


def insert_rate(db: Database, rate: ExchangeRate) -> int:
    """Record a rate; returns its id."""
    cursor = db.execute(
        "INSERT INTO rates (uid, base, counter, rate, valid_on, source, note, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            rate.uid,
            rate.base,
            rate.counter,
            format_plain(rate.rate),
            rate.on.isoformat(),
            rate.source,
            rate.note,
            rate.recorded_at,
        ],
    )
    return int(cursor.lastrowid or 0)


def rate_uids(db: Database) -> set[str]:
    """The uids of the rates the ledger holds."""
    return {row[0] for row in db.execute("SELECT uid FROM rates")}


# Money pledges with an amount counted toward them in another currency: an update of their own,
# and, for a parent, an update of a money part of it.
CONVERTING = """SELECT p.id, u.unit AS amount_unit, p.unit AS target_unit
   FROM pledges p JOIN updates u ON u.pledge_id = p.id
   WHERE p.kind = 'money' AND u.amount_milli IS NOT NULL AND u.unit <> p.unit
   UNION ALL
   SELECT p.id, u.unit, p.unit
   FROM pledges p JOIN pledges c ON c.parent_id = p.id JOIN updates u ON u.pledge_id = c.id
   WHERE p.kind = 'money' AND c.kind = 'money' AND u.amount_milli IS NOT NULL
     AND u.unit <> p.unit"""


def pledges_converting(db: Database, currencies: Iterable[str]) -> list[int]:
    """The money pledges with an amount counted toward them in another currency, where either
    is one of `currencies` (an update of theirs, or of a part in another currency for a parent):
    those whose counted amounts a new rate between them may change."""
    codes = sorted(set(currencies))
    marks = ", ".join("?" for _ in codes)
    rows = db.execute(
        f"""SELECT DISTINCT id FROM ({CONVERTING})
            WHERE amount_unit IN ({marks}) OR target_unit IN ({marks}) ORDER BY id""",
        [*codes, *codes],
    )
    return [int(row[0]) for row in rows]


def pledges_in_other_currencies(db: Database) -> list[int]:
    """The money pledges with an amount counted toward them in another currency: an update of
    theirs, or, for a parent, of a money part in another currency."""
    rows = db.execute(f"SELECT DISTINCT id FROM ({CONVERTING}) ORDER BY id")
    return [int(row[0]) for row in rows]
