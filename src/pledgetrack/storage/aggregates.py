"""Counts and sums over the pledges a filter selects, by unit and status, optionally by group:
the tally under a report and the scorecards of a summary, computed in SQL.

Each tree of pledges counts once: a part whose parent is selected too is counted in its parent
(whose counted amount holds the part's), never again on its own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlite_utils import Database

from pledgetrack.domain.amounts import from_milli
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import Status
from pledgetrack.domain.progress import LeftOut
from pledgetrack.storage.selection import StatusSnapshot, filtered_sql
from pledgetrack.storage.states import LEFT_OUT_COLUMNS, has_parts, left_out_from_row

AGGREGATE_COLUMNS = "st.*"
# A group is summed up under its key (an actor's or an event's id: cheaper to sort than its
# name), then named.
GROUP_KEYS = {
    "actor": "x.actor_id",
    "recipient": "pr.actor_id",
    "event": "x.event_id",
    "tag": "t.tag",
    "status": "x.status",
}
NAMED_IN = {"actor": "actors", "recipient": "actors", "event": "events"}
# A pledge with several recipients or tags is in a group for each; one with none, in the group
# of no name (NULL).
GROUP_JOINS = {
    "recipient": " LEFT JOIN pledge_recipients pr ON pr.pledge_id = x.pledge_id",
    "tag": " LEFT JOIN pledge_tags t ON t.pledge_id = x.pledge_id",
}


def group_name(group_by: str | None, key: str) -> tuple[str, str]:
    """The name of a group summed up under `key` (SQL on the sums), and the join it needs."""
    table = NAMED_IN.get(group_by or "")
    if table is None:  # a tag, a status: the key is the name
        return key, ""
    return "n.name", f" LEFT JOIN {table} n ON n.id = {key}"


@dataclass(frozen=True)
class Aggregate:
    """Pledges of one group and unit: how many, by status, flagged how, pledged and counted."""

    group: str | None
    unit: str | None
    kind: str
    rate: str | None  # a level's (`a month`): its totals are not added to one-off amounts
    pledges: int
    by_status: dict[Status, int]  # the statuses some of them have, in the order of the rules
    overdue: int
    due_soon: int
    pledged: Decimal
    counted: Decimal


# One row a group and unit, each status counted in a column of its own: a summary of 300 actors
# sorts its 100,000 pledges into 3,000 groups rather than the 16,000 a status each would make.
STATUSES = tuple(Status)
STATUS_COUNTS = ", ".join(f"sum(x.status = '{s.value}') AS n_{s.value}" for s in STATUSES)
COUNTED = ", ".join(f"g.n_{s.value}" for s in STATUSES)


def aggregates(
    db: Database,
    pledge_filter: PledgeFilter,
    group_by: str | None = None,
    snapshot: StatusSnapshot | None = None,
) -> list[Aggregate]:
    """Counts and sums over every pledge the filter selects (its limit ignored), in SQL.

    `group_by` is one of GROUP_KEYS (a pledge with several recipients or tags counts under
    each) or None. Sums are taken in whole units and thousandths apart, so huge ledgers cannot
    overflow them. Without a `snapshot` the statuses are computed twice where there are parts.
    """
    sql, params = filtered_sql(
        pledge_filter, snapshot=snapshot, columns=AGGREGATE_COLUMNS, reads="status", trees="alone"
    )
    key = GROUP_KEYS[group_by] if group_by else "NULL"
    join = GROUP_JOINS.get(group_by or "", "")
    name, named = group_name(group_by, "g.key")
    query = f"""
    SELECT {name} AS grp, g.unit, g.kind, g.rate, g.pledges, g.overdue, g.due_soon,
      g.pledged_units, g.pledged_milli, g.counted_units, g.counted_milli, {COUNTED}
    FROM (
      SELECT {key} AS key, x.unit, x.kind, x.target_rate AS rate, count(*) AS pledges,
        sum(x.overdue) AS overdue, sum(x.due_soon) AS due_soon,
        COALESCE(sum(x.target_milli / 1000), 0) AS pledged_units,
        COALESCE(sum(x.target_milli % 1000), 0) AS pledged_milli,
        COALESCE(sum(x.counted_milli / 1000), 0) AS counted_units,
        COALESCE(sum(x.counted_milli % 1000), 0) AS counted_milli, {STATUS_COUNTS}
      FROM ({sql}) x{join}
      GROUP BY 1, x.unit, x.kind, x.target_rate
    ) g{named}
    """
    found = []
    for row in db.execute(query, params).fetchall():  # tuples: a summary reads thousands
        grp, unit, kind, rate, pledges, overdue, due_soon = row[:7]
        pledged_units, pledged_milli, counted_units, counted_milli = row[7:11]
        found.append(
            Aggregate(
                group=grp,
                unit=unit,
                kind=kind,
                rate=rate,
                pledges=pledges,
                by_status={s: n for s, n in zip(STATUSES, row[11:], strict=True) if n},
                overdue=overdue,
                due_soon=due_soon,
                pledged=Decimal(pledged_units) + from_milli(pledged_milli),
                counted=Decimal(counted_units) + from_milli(counted_milli),
            )
        )
    return found


def parts_within(
    db: Database, pledge_filter: PledgeFilter, snapshot: StatusSnapshot | None = None
) -> list[tuple[int, LeftOut | None]]:
    """The parts the filter selects whose parent it selects too (they count in the parent, not
    on their own), by id, each with why its parent leaves it out, if it does."""
    if not has_parts(db):
        return []
    sql, params = filtered_sql(
        pledge_filter, snapshot=snapshot, reads="status", trees="within",
        columns="st.pledge_id",
    )  # fmt: skip
    query = f"""SELECT x.pledge_id, lo.part_id, {LEFT_OUT_COLUMNS} FROM ({sql}) x
      LEFT JOIN parts_left_out lo ON lo.part_id = x.pledge_id
      LEFT JOIN pledges c ON c.id = lo.part_id LEFT JOIN pledges pp ON pp.id = lo.parent_id
      ORDER BY x.pledge_id"""
    return [
        (int(row[0]), left_out_from_row(row[2:]) if row[1] is not None else None)
        for row in db.execute(query, params)
    ]
