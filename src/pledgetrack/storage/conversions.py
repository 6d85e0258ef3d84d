"""The amounts a converted total reads, in SQL: the money targets of the pledges a filter selects
and the amounts counted toward them as of its date (`counted_amounts`), summed by currency and
by the day whose rate converts them, so each currency and day is converted once.

A conversion rule names the day as SQL: a pledge's `x.announced_on`, a counted amount's
`c.happened_on`, or the parameter `:rate_on`. An amount already in the report's currency needs
no rate: its day is ANY_DAY. When progress converts at each update's own date, a pledge in the
report's currency counts what its own fold counted (`pledge_states`: other currencies in it,
its parts' included, converted at their dates, the same conversion), so only the other pledges'
amounts are read one by one. Read-only, over a status snapshot of the filter.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.storage.aggregates import GROUP_JOINS, GROUP_KEYS, group_name
from pledgetrack.storage.selection import StatusSnapshot, filtered_sql

ANNOUNCED, HAPPENED, GIVEN = "x.announced_on", "c.happened_on", ":rate_on"
ANY_DAY = ""  # the day of an amount in the report's own currency: no rate needed
IN_FORCE = "c.happened_on <= :as_of AND (c.until_on IS NULL OR c.until_on > :as_of)"
GAPS = "conversion_gaps"
# The parts whose counted amounts a pledge's own counted holds: those with a target it does not
# leave out (domain.progress part_left_out, as its fold last wrote them), in its currency or in
# another; each of their amounts converts into the report's currency at its own day, as the
# pledge's own do.
COUNTED_PARTS = """SELECT pp.id FROM pledges pp WHERE pp.parent_id = x.pledge_id
          AND pp.target_milli IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM parts_left_out lo WHERE lo.part_id = pp.id)"""


@dataclass(frozen=True)
class Days:
    """Converting into `currency`: which day converts a target and which a counted amount
    (ANNOUNCED, HAPPENED or GIVEN, with `rate_on`)."""

    currency: str
    target: str
    progress: str
    rate_on: str | None = None

    @property
    def own_counted(self) -> bool:
        """Whether a pledge in the report's currency counts what its own fold counted."""
        return self.progress == HAPPENED


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


def _selected(
    pledge_filter: PledgeFilter, snapshot: StatusSnapshot, group_by: str | None, days: Days
) -> tuple[str, str, str, dict[str, Any]]:
    """The selected pledges as SQL (`x`), each tree once (as the aggregates count them: a part
    whose parent is selected too counts in its parent), with the group key and the join it
    needs, and the parameters."""
    sql, params = filtered_sql(
        pledge_filter, snapshot=snapshot, columns="st.*", reads="status", trees="alone"
    )
    params.update(rate_on=days.rate_on, currency=days.currency, any_day=ANY_DAY)
    key = GROUP_KEYS[group_by] if group_by else "NULL"
    # as in the scorecards' aggregates, a pledge without tags is in the group of no tag
    joins = GROUP_JOINS.get(group_by or "", "")
    return sql, key, joins, params


def _amounts(sql: str, key: str, tags: str, days: Days) -> tuple[str, str]:
    """SQL of every money amount of the selected pledges, each as (grp, pledge_id, what, rate,
    unit, on_date, amount_milli): the targets, then the amounts counted as of the filter's date,
    a parent's with those of the parts it counts (for a pledge counting what its own fold
    counted, its counted amount, in the first)."""
    columns = f"{key} AS grp, x.pledge_id, %s AS what, x.target_rate AS rate, %s AS unit"
    target_day = f"CASE WHEN x.unit = :currency THEN :any_day ELSE {days.target} END"
    progress_day = f"CASE WHEN c.unit = :currency THEN :any_day ELSE {days.progress} END"
    targets = f"""SELECT {columns % ("'target'", "x.unit")}, {target_day} AS on_date,
          x.target_milli AS amount_milli, x.counted_milli AS own_milli
        FROM ({sql}) x{tags} WHERE x.kind = 'money'"""
    progress = f"""SELECT {columns % ("'progress'", "c.unit")}, {progress_day} AS on_date,
          c.amount_milli AS amount_milli, NULL AS own_milli
        FROM ({sql}) x JOIN counted_amounts c ON c.pledge_id IN (
          SELECT x.pledge_id UNION ALL {COUNTED_PARTS}){tags}
        WHERE x.kind = 'money' AND {IN_FORCE}"""
    if days.own_counted:
        progress += " AND x.unit <> :currency"
    return targets, progress


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
    sql, key, tags, params = _selected(pledge_filter, snapshot, group_by, days)
    own = "x.unit = :currency" if days.own_counted else "0"
    name, named = group_name(group_by, "g.grp")
    found = []
    for amounts in _amounts(sql, key, tags, days):
        query = f"""
        SELECT {name}, g.what, g.rate, g.unit, g.on_date, g.n, g.units, g.milli, g.own_units,
          g.own_milli
        FROM (
          SELECT grp, what, rate, unit, on_date, count(*) AS n,
            sum(amount_milli / 1000) AS units, sum(amount_milli % 1000) AS milli,
            sum(CASE WHEN {own.replace("x.", "")} THEN own_milli / 1000 END) AS own_units,
            sum(CASE WHEN {own.replace("x.", "")} THEN own_milli % 1000 END) AS own_milli
          FROM ({amounts}) GROUP BY grp, rate, unit, on_date
        ) g{named}
        """
        for grp, what, rate, unit, on, n, units, milli, own_units, own_milli in db.execute(
            query, params
        ):
            found.append(AmountClass(grp, what, rate, unit, on, n, units * 1000 + milli))
            if own_units is not None:  # a pledge in the report's currency: what it counted
                found.append(
                    AmountClass(grp, "progress", rate, unit, on, 0, own_units * 1000 + own_milli)
                )
    return found


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
    sql, key, tags, params = _selected(pledge_filter, snapshot, group_by, days)
    name, named = group_name(group_by, "a.grp")
    with _gaps_table(db, gaps):
        query = f"""
        WITH amounts AS ({" UNION ALL ".join(_amounts(sql, key, tags, days))}),
        failing AS (
          SELECT DISTINCT a.pledge_id FROM amounts a
          JOIN temp.{GAPS} g ON g.unit = a.unit AND g.on_date IS a.on_date
        )
        SELECT {name} AS grp, a.pledge_id, a.what, a.rate, a.unit, a.on_date, a.amount_milli
        FROM amounts a JOIN failing f ON f.pledge_id = a.pledge_id{named}
        ORDER BY a.pledge_id, a.what DESC, a.on_date, grp
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
