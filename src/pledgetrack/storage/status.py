"""The status rules of DESIGN §3 in SQL — their one definition, used by every report and view.

`status_sql` reads, for each pledge, the row of `pledge_states` in force on the as-of date (the
facts after its latest update dated on or before it) and applies the rules in order. The same
text, with today's date, is the `pledge_status` view that Datasette and sqlite-utils users see.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.amounts import from_milli
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import PledgeState, Status
from pledgetrack.domain.names import actor_key, name_key
from pledgetrack.storage.records import PLEDGE_SELECT, pledge_from_row

OPEN = "('not_started', 'in_progress', 'stalled')"
FINAL = "('fulfilled', 'partially_fulfilled', 'broken', 'withdrawn', 'superseded')"
STALE_DAYS = 180


def status_sql(as_of: str, within: str) -> str:
    """One row per pledge announced by `as_of` (an SQL expression) with its status and flags."""
    return f"""
    WITH facts AS (
      SELECT p.id AS pledge_id, p.target_milli, p.deadline_on,
        COALESCE(s.counted_milli, 0) AS counted_milli, s.verdict, s.verdict_on,
        COALESCE(s.stalled, 0) AS stalled_verdict, COALESCE(s.progressed, 0) AS progressed,
        s.reached_on, s.happened_on AS last_update_on, {as_of} AS as_of
      FROM pledges p
      LEFT JOIN pledge_states s ON s.update_id = (
        SELECT s2.update_id FROM pledge_states s2
        WHERE s2.pledge_id = p.id AND s2.happened_on <= {as_of}
        ORDER BY s2.happened_on DESC, s2.update_id DESC LIMIT 1)
      WHERE p.announced_on IS NULL OR p.announced_on <= {as_of}
    ),
    ruled AS (
      SELECT f.*,
        CASE
          WHEN f.verdict IN {FINAL} THEN f.verdict
          WHEN f.target_milli IS NOT NULL AND f.counted_milli >= f.target_milli THEN 'fulfilled'
          WHEN f.stalled_verdict = 1 OR (f.last_update_on IS NOT NULL
               AND julianday(f.as_of) - julianday(f.last_update_on) > {STALE_DAYS}) THEN 'stalled'
          WHEN f.counted_milli > 0 OR f.progressed = 1 OR f.verdict = 'in_progress'
               THEN 'in_progress'
          ELSE 'not_started'
        END AS status,
        CAST(julianday(f.as_of) - julianday(f.deadline_on) AS INTEGER) AS days_past_deadline
      FROM facts f
    )
    SELECT r.pledge_id, r.status, r.counted_milli, r.as_of,
      CASE WHEN r.target_milli > 0 THEN CAST(r.counted_milli AS REAL) / r.target_milli END
        AS progress,
      (r.status IN {OPEN} AND r.days_past_deadline > 0) AS overdue,
      CASE WHEN r.status IN {OPEN} AND r.days_past_deadline > 0
        THEN r.days_past_deadline END AS days_overdue,
      (r.status IN {OPEN} AND r.days_past_deadline BETWEEN -({within}) AND 0) AS due_soon,
      (r.status = 'fulfilled' AND r.deadline_on IS NOT NULL
        AND COALESCE(r.reached_on, r.verdict_on) > r.deadline_on) AS late,
      (r.target_milli IS NOT NULL AND (
        (r.verdict = 'fulfilled' AND r.counted_milli * 10 < r.target_milli * 9)
        OR (r.verdict = 'broken' AND r.counted_milli * 2 >= r.target_milli)
        OR (r.verdict = 'partially_fulfilled' AND r.counted_milli >= r.target_milli))) AS conflict,
      -r.days_past_deadline AS days_left
    FROM ruled r
    """


SORT_SQL = {
    "overdue": "st.overdue DESC, st.days_overdue DESC, p.deadline_on IS NULL, p.deadline_on, p.id",
    "due": "p.deadline_on IS NULL, p.deadline_on, p.id",
    "progress": "st.progress IS NULL, st.progress DESC, p.id",
    "actor": "a.name COLLATE NOCASE, p.id",
    "announced": "p.announced_on IS NULL, p.announced_on, p.id",
    "id": "p.id",
}


def _where(pledge_filter: PledgeFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []

    def actor_clause(column: str, names: tuple[str, ...]) -> None:
        keys = [actor_key(n) for n in names]
        marks = ", ".join("?" for _ in keys)
        clauses.append(
            f"{column} IN (SELECT id FROM actors WHERE key IN ({marks}) "
            f"UNION SELECT actor_id FROM actor_aliases WHERE key IN ({marks}))"
        )
        params.extend(keys + keys)

    if pledge_filter.actors:
        actor_clause("p.actor_id", pledge_filter.actors)
    if pledge_filter.recipients:
        actor_clause("p.recipient_id", pledge_filter.recipients)
    if pledge_filter.events:
        marks = ", ".join("?" for _ in pledge_filter.events)
        clauses.append(f"p.event_id IN (SELECT id FROM events WHERE key IN ({marks}))")
        params.extend(name_key(e) for e in pledge_filter.events)
    if pledge_filter.tags:
        marks = ", ".join("?" for _ in pledge_filter.tags)
        clauses.append(
            "EXISTS (SELECT 1 FROM pledge_tags t WHERE t.pledge_id = p.id "
            f"AND lower(t.tag) IN ({marks}))"
        )
        params.extend(t.lower() for t in pledge_filter.tags)
    if pledge_filter.statuses:
        ors: list[str] = []
        for status in pledge_filter.statuses:
            if status in ("overdue", "due_soon"):
                ors.append(f"st.{status} = 1")
            elif status == "open":
                ors.append(f"st.status IN {OPEN}")
            elif status == "final":
                ors.append(f"st.status IN {FINAL}")
            else:
                ors.append("st.status = ?")
                params.append(Status(status).value)
        clauses.append("(" + " OR ".join(ors) + ")")
    if pledge_filter.due_before:
        clauses.append("p.deadline_on < ?")
        params.append(pledge_filter.due_before.isoformat())
    if pledge_filter.due_after:
        clauses.append("p.deadline_on > ?")
        params.append(pledge_filter.due_after.isoformat())
    if pledge_filter.ids:
        clauses.append(f"p.id IN ({', '.join('?' for _ in pledge_filter.ids)})")
        params.extend(pledge_filter.ids)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def filtered_sql(pledge_filter: PledgeFilter) -> tuple[str, list[Any]]:
    """The status rows joined to their pledges, filtered; params start with as_of and within."""
    where, params = _where(pledge_filter)
    sql = (
        PLEDGE_SELECT.replace("SELECT p.*,", "SELECT p.*, st.*,")
        + f" JOIN ({status_sql(':as_of', ':within')}) st ON st.pledge_id = p.id"
        + where
    )
    named = {"as_of": pledge_filter.as_of.isoformat(), "within": pledge_filter.within_days}
    return sql, [named, *params]


def pledge_states(db: Database, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """The pledges the filter selects, with their computed state, in the filter's order."""
    sql, params = _bind(pledge_filter)
    sql += f" ORDER BY {SORT_SQL[pledge_filter.sort]}"
    if pledge_filter.limit is not None:
        sql += f" LIMIT {int(pledge_filter.limit)}"
    for row in db.query(sql, params):
        yield state_from_row(db, row, pledge_filter.as_of)


def _bind(pledge_filter: PledgeFilter) -> tuple[str, dict[str, Any]]:
    """Positional filter parameters folded into named ones, so one dict binds the whole query."""
    sql, params = filtered_sql(pledge_filter)
    named: dict[str, Any] = dict(params[0])
    parts = sql.split("?")
    out = parts[0]
    for index, part in enumerate(parts[1:]):
        named[f"f{index}"] = params[index + 1]
        out += f":f{index}" + part
    return out, named


def state_from_row(db: Database, row: dict[str, Any], as_of: date) -> PledgeState:
    """A PledgeState from one row of the filtered status query."""
    pledge = pledge_from_row(db, row)
    counted = from_milli(row["counted_milli"]) if pledge.target is not None else None
    progress = None
    if pledge.target is not None and counted is not None and pledge.target.value > 0:
        progress = counted / pledge.target.value
    return PledgeState(
        pledge=pledge,
        as_of=as_of,
        status=Status(row["status"]),
        counted=counted,
        progress=progress,
        overdue=bool(row["overdue"]),
        days_overdue=row["days_overdue"],
        days_left=row["days_left"]
        if row["days_left"] is not None and row["days_left"] >= 0
        else None,
        due_soon=bool(row["due_soon"]),
        late=bool(row["late"]),
        conflict=bool(row["conflict"]),
    )


def count_matching(db: Database, pledge_filter: PledgeFilter) -> int:
    """How many pledges the filter selects (ignoring its limit)."""
    sql, params = _bind(pledge_filter)
    return int(next(db.query(f"SELECT count(*) AS n FROM ({sql})", params))["n"])
