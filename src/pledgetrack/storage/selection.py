"""The pledges a filter selects, with their status: the filter as SQL (`selection`), the
statuses computed once for a report's queries (`status_snapshot`), and the rows read back as
PledgeStates, only the ones shown read in full (`pledge_states`). The rules themselves are
storage.status.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.amounts import from_milli
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import PledgeState, Status
from pledgetrack.domain.names import actor_key, name_key
from pledgetrack.storage.records import PLEDGE_COLUMNS, PLEDGE_FROM, pledge_from_row
from pledgetrack.storage.status import (
    CARRIED,
    FINAL,
    FLAGS,
    FLAGS_READ,
    OPEN,
    PLEDGE_ORDERS,
    SORT_SQL,
    flagged_sql,
    flags_sql,
    on_pledges,
    ruled_sql,
    status_sql,
)


@dataclass(frozen=True)
class Selection:
    """A filter as SQL: conditions on the pledge alone (alias `p`), conditions on its status
    (on a row `r` of `ruled_sql`), and the named parameters of both (`as_of` and `within`
    among them).

    Conditions on the pledge go inside `status_sql`, so the status is computed only for the
    pledges they keep: a report of one actor's pledges reads that actor's updates, not all.
    """

    pledges: tuple[str, ...]
    statuses: tuple[str, ...]
    params: dict[str, Any]


def selection(pledge_filter: PledgeFilter, restrict: str | None = None) -> Selection:
    """The SQL of a filter; `restrict`, if given, is SQL selecting the pledge ids to keep (it may
    use named parameters of its own, bound by the caller)."""
    params: dict[str, Any] = {
        "as_of": pledge_filter.as_of.isoformat(),
        "within": pledge_filter.within_days,
    }

    def bind(values: Iterable[Any]) -> str:
        names = []
        for value in values:
            name = f"f{len(params)}"
            params[name] = value
            names.append(f":{name}")
        return ", ".join(names)

    pledges: list[str] = []

    def actors_named(names: tuple[str, ...]) -> str:
        keys = bind(actor_key(n) for n in names)
        return (
            f"SELECT id FROM actors WHERE key IN ({keys}) "
            f"UNION SELECT actor_id FROM actor_aliases WHERE key IN ({keys})"
        )

    if pledge_filter.actors:
        pledges.append(f"p.actor_id IN ({actors_named(pledge_filter.actors)})")
    if pledge_filter.recipients:  # one of its recipients will do
        pledges.append(
            "EXISTS (SELECT 1 FROM pledge_recipients pr WHERE pr.pledge_id = p.id "
            f"AND pr.actor_id IN ({actors_named(pledge_filter.recipients)}))"
        )
    if pledge_filter.events:
        keys = bind(name_key(e) for e in pledge_filter.events)
        pledges.append(f"p.event_id IN (SELECT id FROM events WHERE key IN ({keys}))")
    if pledge_filter.tags:
        tags = bind(t.lower() for t in pledge_filter.tags)
        pledges.append(
            "EXISTS (SELECT 1 FROM pledge_tags t WHERE t.pledge_id = p.id "
            f"AND lower(t.tag) IN ({tags}))"
        )
    if pledge_filter.due_before:
        pledges.append(f"p.deadline_on < {bind([pledge_filter.due_before.isoformat()])}")
    if pledge_filter.due_after:
        pledges.append(f"p.deadline_on > {bind([pledge_filter.due_after.isoformat()])}")
    if pledge_filter.ids:
        pledges.append(f"p.id IN ({bind(pledge_filter.ids)})")
    if restrict:
        pledges.append(f"p.id IN ({restrict})")
    statuses: list[str] = []
    if pledge_filter.statuses:
        ors: list[str] = []
        for status in pledge_filter.statuses:
            if status in FLAGS:
                ors.append(f"{flagged_sql(status, ':within')} = 1")
            elif status == "open":
                ors.append(f"r.status IN {OPEN}")
            elif status == "final":
                ors.append(f"r.status IN {FINAL}")
            else:
                ors.append(f"r.status = {bind([Status(status).value])}")
        statuses.append("(" + " OR ".join(ors) + ")")
        if set(pledge_filter.statuses) <= {"overdue", "due_soon"}:
            # Only a pledge whose deadline has passed can be overdue, and only one whose deadline
            # has not can be due soon: the rest need no status computed.
            deadlines = ["+p.deadline_on < :as_of"] if "overdue" in pledge_filter.statuses else []
            if "due_soon" in pledge_filter.statuses:
                deadlines.append("+p.deadline_on >= :as_of")
            pledges.append("(" + " OR ".join(deadlines) + ")")
    return Selection(tuple(pledges), tuple(statuses), params)


@dataclass(frozen=True)
class StatusSnapshot:
    """The status of the pledges one filter selects, as of its date, in a temporary table: of
    the rows of `ruled_sql`, those the filter selects, with the columns the flags and CARRIED
    read (the flags, a comparison or two each, are computed as they are read)."""

    table: str
    selects: PledgeFilter


SNAPSHOT_TABLE = "status_snapshot"
TEMP_STORE_MEMORY = 2  # PRAGMA temp_store: 0 default, 1 file, 2 memory


def _selects(pledge_filter: PledgeFilter) -> PledgeFilter:
    """The filter without what only orders or cuts the rows it selects."""
    return replace(pledge_filter, sort="id", limit=None)


@contextlib.contextmanager
def status_snapshot(db: Database, pledge_filter: PledgeFilter) -> Iterator[StatusSnapshot]:
    """Compute the status of the pledges the filter selects once, for the queries of this block:
    a report lists the pledges shown and then tallies all of them from the same rows.

    The table is TEMP: it lives beside the connection, never in the ledger file, and is dropped
    when the block ends, so a later write cannot leave it stale.
    """
    chosen = selection(pledge_filter)
    columns = ", ".join(f"r.{c}" for c in dict.fromkeys((*FLAGS_READ, *CARRIED)))
    ruled = ruled_sql(":as_of", " AND ".join(chosen.pledges), carry=True)
    where = f" WHERE {' AND '.join(chosen.statuses)}" if chosen.statuses else ""
    with _temporary_tables_in_memory(db):
        db.execute(f"DROP TABLE IF EXISTS temp.{SNAPSHOT_TABLE}")
        db.execute(
            f"CREATE TEMP TABLE {SNAPSHOT_TABLE} AS SELECT {columns} FROM ({ruled}) r{where}",
            chosen.params,
        )
        try:
            yield StatusSnapshot(f"temp.{SNAPSHOT_TABLE}", _selects(pledge_filter))
        finally:
            # Cleaning up must not hide an error of the block; a table left behind is dropped
            # by the next snapshot, or with the connection.
            with contextlib.suppress(sqlite3.Error):
                db.execute(f"DROP TABLE IF EXISTS temp.{SNAPSHOT_TABLE}")


@contextlib.contextmanager
def _temporary_tables_in_memory(db: Database) -> Iterator[None]:
    """Keep temporary tables in memory for the block: a snapshot (a hundred bytes a pledge) is
    written and dropped there several times faster than in a temporary file. The connection's
    own setting comes back afterwards, so big sorts elsewhere may still spill to disk. SQLite
    cannot change the setting inside a transaction; there it is left as it is.
    """
    before = int(db.execute("PRAGMA temp_store").fetchone()[0])
    switch = before != TEMP_STORE_MEMORY and not db.conn.in_transaction
    if switch:
        db.execute(f"PRAGMA temp_store = {TEMP_STORE_MEMORY}")
    try:
        yield
    finally:
        if switch:
            with contextlib.suppress(sqlite3.Error):  # e.g. a statement still open: keep memory
                db.execute(f"PRAGMA temp_store = {before}")


def filtered_sql(
    pledge_filter: PledgeFilter,
    restrict: str | None = None,
    snapshot: StatusSnapshot | None = None,
    columns: str = f"st.*, {PLEDGE_COLUMNS}",
    reads: str = "pledges",
    trees: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """The status rows of the pledges the filter selects, maybe joined to more of them, and the
    named parameters to bind.

    `restrict`, if given, is SQL selecting pledge ids (named parameters only) to keep. The status
    rows come from `snapshot` when given (it must be of this very filter), else are computed.
    `reads` is what `columns` and the sort order read besides the status rows `st` (which carry
    CARRIED): "status" nothing more, "names" also the actor `a` and event `e`, "pledges" the
    whole pledge `p` with them (PLEDGE_FROM).

    `trees` keeps, of the rows selected, those that stand for a tree ("alone": every pledge but
    a part whose parent is selected too), or the others ("within": the parts counted in a parent
    that is selected). Without a snapshot, the status rows are then computed twice.
    """
    chosen = selection(pledge_filter, restrict)
    if snapshot is not None:
        if restrict is not None or snapshot.selects != _selects(pledge_filter):
            raise ValueError("status snapshot of another filter")  # a bug, not a user error
        source = f"({flags_sql(snapshot.table, ':within', carry=True)})"
    else:
        pledges, statuses = " AND ".join(chosen.pledges), " AND ".join(chosen.statuses)
        source = f"({status_sql(':as_of', ':within', pledges, carry=True, where=statuses)})"
    where = ""
    if trees is not None:
        # The parent ids selected are found once, and only when a part is met.
        within = (
            "CASE WHEN st.parent_id IS NULL THEN 0 ELSE st.parent_id IN "
            f"(SELECT st.pledge_id FROM {source} st) END"
        )
        where = f" WHERE NOT {within}" if trees == "alone" else f" WHERE {within}"
    if reads == "status":
        tables = f" FROM {source} st"
    elif reads == "names":
        tables = (
            f" FROM {source} st JOIN actors a ON a.id = st.actor_id"
            " LEFT JOIN events e ON e.id = st.event_id"
        )
    else:
        tables = f"{PLEDGE_FROM} JOIN {source} st ON st.pledge_id = p.id"
    return f"SELECT {columns}{tables}{where}", chosen.params


def pledge_states(
    db: Database,
    pledge_filter: PledgeFilter,
    *,
    restrict: str | None = None,
    restrict_params: dict[str, Any] | None = None,
    snapshot: StatusSnapshot | None = None,
) -> Iterator[PledgeState]:
    """The pledges the filter selects, with their computed state, in the filter's order.

    With a limit, the ids to show are chosen first from the sort keys alone, and only those
    pledges are read in full: fifty of 100,000 cost fifty rows, not 100,000. When neither the
    filter nor its order reads a status (`list`, `search`), the ids are chosen from the pledges
    alone, and only those fifty statuses are computed.
    """
    order = f" ORDER BY {SORT_SQL[pledge_filter.sort]}"
    if pledge_filter.limit is None:
        sql, params = filtered_sql(pledge_filter, restrict, snapshot)
        params.update(restrict_params or {})
        for row in db.query(sql + order, params):
            yield state_from_row(db, row, pledge_filter.as_of)
        return
    limit = f" LIMIT {int(pledge_filter.limit)}"
    if not pledge_filter.statuses and pledge_filter.sort in PLEDGE_ORDERS and snapshot is None:
        sql, params = _pledges_sql(pledge_filter, restrict)
        sql += f" ORDER BY {on_pledges(SORT_SQL[pledge_filter.sort])}"
    else:
        reads = "names" if pledge_filter.sort == "actor" else "status"
        sql, params = filtered_sql(
            pledge_filter, restrict, snapshot, columns="st.pledge_id", reads=reads
        )
        sql += order
    params.update(restrict_params or {})
    ids = [row[0] for row in db.execute(sql + limit, params)]
    if not ids:
        return
    shown = PledgeFilter(pledge_filter.as_of, pledge_filter.within_days, ids=tuple(ids))
    sql, params = filtered_sql(shown)
    rows = {row["id"]: row for row in db.query(sql, params)}
    for pledge_id in ids:
        yield state_from_row(db, rows[pledge_id], pledge_filter.as_of)


def _pledges_sql(pledge_filter: PledgeFilter, restrict: str | None) -> tuple[str, dict[str, Any]]:
    """The ids of the pledges a filter without status conditions selects, from the pledges
    alone (those announced by its date, as `ruled_sql` keeps), joined to their actors `a`."""
    chosen = selection(pledge_filter, restrict)
    where = " AND ".join(("(p.announced_on IS NULL OR p.announced_on <= :as_of)", *chosen.pledges))
    return f"SELECT p.id FROM pledges p JOIN actors a ON a.id = p.actor_id WHERE {where}", (
        chosen.params
    )


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
    sql, params = filtered_sql(pledge_filter, columns="st.pledge_id", reads="status")
    return int(next(db.query(f"SELECT count(*) AS n FROM ({sql})", params))["n"])
