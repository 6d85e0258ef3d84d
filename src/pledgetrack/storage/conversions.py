"""The amounts a converted total reads, in SQL: the money targets of the pledges a filter selects
and the amounts counted toward them as of its date (`counted_amounts`), summed by currency and
by the day whose rate converts them, so each currency and day is converted once.

A conversion rule names the day as SQL: a pledge's `x.announced_on`, a counted amount's
`c.happened_on`, or the parameter `:rate_on`. Read-only, over a status snapshot of the filter.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.storage.aggregates import GROUP_KEYS, NAME_COLUMNS
from pledgetrack.storage.status import StatusSnapshot, filtered_sql

ANNOUNCED, HAPPENED, GIVEN = "x.announced_on", "c.happened_on", ":rate_on"
IN_FORCE = "c.happened_on <= :as_of AND (c.until_on IS NULL OR c.until_on > :as_of)"
GAPS = "conversion_gaps"


@dataclass(frozen=True)
class Days:
    """Which day converts a target and which a counted amount: ANNOUNCED, HAPPENED or GIVEN
    (with `rate_on`)."""

    target: str
    progress: str
    rate_on: str | None = None


@dataclass(frozen=True)
class AmountClass:
    """Amounts of one group, kind (`target` or `progress`), level rate, currency and day:
    how many pledges (targets) and their sum in thousandths."""

    group: str | None
    what: str
    rate: str | None
    unit: str
    on: str | None
    pledges: int
    milli: int


@dataclass(frozen=True)
class PledgeAmount:
    """One amount of one pledge, for a pledge some amount of which has no rate."""

    group: str | None
    pledge_id: int
    what: str
    rate: str | None
    unit: str
    on: str | None
    milli: int


def _amounts(
    pledge_filter: PledgeFilter, snapshot: StatusSnapshot, group_by: str | None, days: Days
) -> tuple[str, dict[str, Any]]:
    """SQL of every money amount of the selected pledges: (grp, pledge_id, what, rate, unit,
    on_date, amount_milli), a row per target and per amount counted as of the filter's date."""
    names = group_by in ("actor", "recipient", "event")
    columns = f"st.*, {NAME_COLUMNS}" if names else "st.*"
    sql, params = filtered_sql(
        pledge_filter, snapshot=snapshot, columns=columns, reads="names" if names else "status"
    )
    params["rate_on"] = days.rate_on
    key = GROUP_KEYS[group_by] if group_by else "NULL"
    # as in the scorecards' aggregates, a pledge without tags is in the group of no tag
    tags = " LEFT JOIN pledge_tags t ON t.pledge_id = x.pledge_id" if group_by == "tag" else ""
    return (
        f"""
        SELECT {key} AS grp, x.pledge_id, 'target' AS what, x.target_rate AS rate, x.unit,
          {days.target} AS on_date, x.target_milli AS amount_milli
        FROM ({sql}) x{tags} WHERE x.kind = 'money'
        UNION ALL
        SELECT {key}, x.pledge_id, 'progress', x.target_rate, c.unit, {days.progress},
          c.amount_milli
        FROM ({sql}) x JOIN counted_amounts c ON c.pledge_id = x.pledge_id{tags}
        WHERE x.kind = 'money' AND {IN_FORCE}
        """,
        params,
    )


def amount_classes(
    db: Database,
    pledge_filter: PledgeFilter,
    snapshot: StatusSnapshot,
    days: Days,
    group_by: str | None = None,
) -> list[AmountClass]:
    """The selected pledges' money amounts summed by group, kind, rate, currency and day.

    Sums are taken in whole units and thousandths apart, so huge ledgers cannot overflow them.
    """
    sql, params = _amounts(pledge_filter, snapshot, group_by, days)
    query = f"""
    SELECT grp, what, rate, unit, on_date, count(*) AS n,
      sum(amount_milli / 1000) AS units, sum(amount_milli % 1000) AS milli
    FROM ({sql}) GROUP BY grp, what, rate, unit, on_date
    """
    return [
        AmountClass(grp, what, rate, unit, on, int(n), int(units) * 1000 + int(milli))
        for grp, what, rate, unit, on, n, units, milli in db.execute(query, params)
    ]


def amounts_of_pledges_in(
    db: Database,
    pledge_filter: PledgeFilter,
    snapshot: StatusSnapshot,
    days: Days,
    gaps: Sequence[tuple[str, str | None]],
    group_by: str | None = None,
) -> list[PledgeAmount]:
    """Every money amount of the selected pledges that have an amount in one of `gaps` (currency,
    day): those a converted total leaves out whole."""
    sql, params = _amounts(pledge_filter, snapshot, group_by, days)
    with _gaps_table(db, gaps):
        query = f"""
        WITH amounts AS ({sql}),
        failing AS (
          SELECT DISTINCT a.pledge_id FROM amounts a
          JOIN temp.{GAPS} g ON g.unit = a.unit AND g.on_date IS a.on_date
        )
        SELECT a.grp, a.pledge_id, a.what, a.rate, a.unit, a.on_date, a.amount_milli
        FROM amounts a JOIN failing f ON f.pledge_id = a.pledge_id
        ORDER BY a.pledge_id, a.what DESC, a.on_date, a.grp
        """
        return [PledgeAmount(*row) for row in db.execute(query, params)]


@contextlib.contextmanager
def _gaps_table(db: Database, gaps: Sequence[tuple[str, str | None]]) -> Iterator[None]:
    """The (currency, day) pairs without a rate, in a temporary table for the block."""
    db.execute(f"DROP TABLE IF EXISTS temp.{GAPS}")
    db.execute(f"CREATE TEMP TABLE {GAPS} (unit TEXT NOT NULL, on_date TEXT)")
    try:
        db.conn.executemany(f"INSERT INTO temp.{GAPS} VALUES (?, ?)", gaps)
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute(f"DROP TABLE IF EXISTS temp.{GAPS}")
