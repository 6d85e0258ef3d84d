"""The status rules (docs/rules.md) in SQL, built from the numbers and sets of domain/rules.py;
used by every report, and by the `pledge_status` view a migration writes.

`status_sql` reads, for each pledge, the row of `pledge_states` in force on the as-of date (the
facts after its latest update dated on or before it) and applies the rules in order. The same
text, with today's date, is the `pledge_status` view that Datasette and sqlite-utils users see;
a view keeps the text it was created with, so a change here needs a migration that recreates it
(tests/test_migrations.py fails until there is one).
"""

from __future__ import annotations

import contextlib
import enum
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain import rules
from pledgetrack.domain.amounts import from_milli
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import PledgeState, Status
from pledgetrack.domain.names import actor_key, name_key
from pledgetrack.storage.records import PLEDGE_COLUMNS, PLEDGE_FROM, pledge_from_row


def sql_in(values: Iterable[enum.StrEnum]) -> str:
    """A list of enum values as SQL text: `('not_started', 'in_progress', 'stalled')`."""
    return "(" + ", ".join(f"'{value.value}'" for value in values) + ")"


def at_least(left: str, share: Fraction, right: str, *, below: bool = False) -> str:
    """SQL comparing `left / right` with `share` in integers: `left * 10 < right * 9`."""
    scaled = f" * {share.denominator}" if share.denominator != 1 else ""
    times = f" * {share.numerator}" if share.numerator != 1 else ""
    return f"{left}{scaled} {'<' if below else '>='} {right}{times}"


OPEN = sql_in(rules.OPEN_STATUSES)
STALE_DAYS = rules.STALE_DAYS
FINAL = sql_in(rules.FINAL_VERDICTS)
_COUNTED, _TARGET = "r.counted_milli", "r.target_milli"
REACHED_ABOUT = at_least("f.counted_milli", rules.APPROXIMATE_REACHED, "f.target_milli")
CONFLICTS = (
    ("fulfilled", at_least(_COUNTED, rules.CONFLICT_FULFILLED_BELOW, _TARGET, below=True)),
    ("broken", at_least(_COUNTED, rules.CONFLICT_BROKEN_FROM, _TARGET)),
    ("partially_fulfilled", at_least(_COUNTED, rules.CONFLICT_PARTIAL_FROM, _TARGET)),
)


def status_sql(
    as_of: str, within: str, pledges_where: str = "", *, carry: bool = False, where: str = ""
) -> str:
    """One row per pledge announced by `as_of` (an SQL expression) with its status and flags;
    `pledges_where`, SQL on the pledge `p`, keeps only the pledges it holds true for, and
    `where`, SQL on the row `r` of `ruled_sql` (`status_where`), those whose status it holds
    true for. With `carry`, each row also carries the pledge's columns that orders and totals
    read (CARRIED), so those queries need not join the pledges again."""
    return f"""
    WITH ruled AS MATERIALIZED (  -- each rule once per pledge, not once per flag that reads it
      {ruled_sql(as_of, pledges_where, carry=carry)}
    )
    {flags_sql("ruled", within, carry=carry, where=where)}
    """


def ruled_sql(as_of: str, pledges_where: str = "", *, carry: bool = False) -> str:
    """One row per pledge announced by `as_of` that `pledges_where` keeps: the facts in force
    on that date, its status by the rules, in order, and the days since its deadline.

    The facts in force are those after the pledge's latest update dated on or before `as_of`:
    its latest facts (`latest`, in an index of their own) when they are dated by then, as they
    are for a report of today; else the latest row of `pledge_states` dated by then."""
    where = f"p.announced_on IS NULL OR p.announced_on <= {as_of}"
    if pledges_where:
        where = f"({where}) AND {pledges_where}"
    read = ("target_milli", "deadline_on")  # the rules read these anyway
    carried = "".join(f", p.{c}" for c in CARRIED if c not in read) if carry else ""
    return f"""SELECT f.*,
        CASE
          WHEN f.verdict IN {FINAL} THEN f.verdict
          WHEN f.target_milli IS NOT NULL AND (f.counted_milli >= f.target_milli
               OR (f.approximate = 1 AND {REACHED_ABOUT})) THEN 'fulfilled'
          WHEN f.stalled_verdict = 1 OR (f.last_update_on IS NOT NULL
               AND julianday(f.as_of) - julianday(f.last_update_on) > {STALE_DAYS}) THEN 'stalled'
          WHEN f.counted_milli > 0 OR f.progressed = 1 OR f.verdict = 'in_progress'
               THEN 'in_progress'
          ELSE 'not_started'
        END AS status,
        CAST(julianday(f.as_of) - julianday(f.deadline_on) AS INTEGER) AS days_past_deadline
      FROM (
        SELECT p.id AS pledge_id, p.target_milli, p.deadline_on,
          COALESCE(p.target_qualifier = 'approximate', 0) AS approximate,
          COALESCE(c.counted_milli, s.counted_milli, 0) AS counted_milli,
          COALESCE(c.verdict, s.verdict) AS verdict,
          COALESCE(c.verdict_on, s.verdict_on) AS verdict_on,
          COALESCE(c.stalled, s.stalled, 0) AS stalled_verdict,
          COALESCE(c.progressed, s.progressed, 0) AS progressed,
          COALESCE(c.reached_on, s.reached_on) AS reached_on,
          COALESCE(c.happened_on, s.happened_on) AS last_update_on, {as_of} AS as_of{carried}
        FROM pledges p
        LEFT JOIN pledge_states c ON c.pledge_id = p.id AND c.latest = 1
          AND c.happened_on <= {as_of}
        LEFT JOIN pledge_states s ON s.id = (  -- only when the latest facts came later
          SELECT s2.id FROM pledge_states s2
          WHERE c.pledge_id IS NULL AND s2.pledge_id = p.id AND s2.happened_on <= {as_of}
          ORDER BY s2.happened_on DESC, s2.update_id DESC LIMIT 1)
        WHERE {where}
      ) f"""


FLAGS = ("overdue", "due_soon")


def flagged_sql(flag: str, within: str) -> str:
    """SQL on a row `r` of `ruled_sql`: 1 when the pledge has `flag` (one of FLAGS: overdue, or
    due within `within` days), else 0."""
    days = "> 0" if flag == "overdue" else f"BETWEEN -({within}) AND 0"
    return f"COALESCE(r.status IN {OPEN} AND r.days_past_deadline {days}, 0)"


def flags_sql(source: str, within: str, *, carry: bool = False, where: str = "") -> str:
    """The status rows of `ruled_sql`'s rows in `source` (a table, or a query in parentheses):
    the flags beside the status, and the days overdue or left; with `carry`, CARRIED too. Only
    the rows `where` (SQL on the row `r`) holds true for, if given."""
    carried = "".join(f", r.{c}" for c in CARRIED) if carry else ""
    conflicts = "\n        OR ".join(f"(r.verdict = '{v}' AND {test})" for v, test in CONFLICTS)
    return f"""SELECT r.pledge_id, r.status, r.counted_milli, r.as_of,
      CASE WHEN r.target_milli > 0 THEN CAST(r.counted_milli AS REAL) / r.target_milli END
        AS progress,
      {flagged_sql("overdue", within)} AS overdue,
      CASE WHEN r.status IN {OPEN} AND r.days_past_deadline > 0
        THEN r.days_past_deadline END AS days_overdue,
      {flagged_sql("due_soon", within)}
        AS due_soon,
      COALESCE(r.status = 'fulfilled' AND r.deadline_on IS NOT NULL
        AND COALESCE(r.reached_on, r.verdict_on) > r.deadline_on, 0) AS late,
      COALESCE(r.target_milli IS NOT NULL AND (
        {conflicts}), 0)
        AS conflict,
      -r.days_past_deadline AS days_left{carried}
    FROM {source} r{f" WHERE {where}" if where else ""}"""


# What `flags_sql` reads of a row of `ruled_sql`, with CARRIED: a snapshot keeps no more.
FLAGS_READ = (
    "pledge_id", "status", "counted_milli", "as_of", "days_past_deadline", "verdict",
    "reached_on", "verdict_on",
)  # fmt: skip


CARRIED = (
    "target_milli", "deadline_on", "announced_on", "unit", "kind", "target_rate", "parent_id",
    "actor_id", "event_id",
)  # fmt: skip
SORT_SQL = {  # on the status rows `st` (with CARRIED), and for actor the actors `a`
    # Most overdue first; then open pledges by nearest deadline; settled ones last.
    "overdue": (
        f"st.overdue DESC, st.days_overdue DESC, st.status IN {OPEN} DESC, "
        "st.deadline_on IS NULL, st.deadline_on, st.pledge_id"
    ),
    "due": "st.deadline_on IS NULL, st.deadline_on, st.pledge_id",
    "progress": "st.progress IS NULL, st.progress DESC, st.pledge_id",
    "actor": "a.name COLLATE NOCASE, st.pledge_id",
    "announced": "st.announced_on IS NULL, st.announced_on, st.pledge_id",
    "id": "st.pledge_id",
}
# The orders of pledges that read no status: on CARRIED alone, so also on the pledges `p`.
PLEDGE_ORDERS = ("due", "actor", "announced", "id")


def on_pledges(order: str) -> str:
    """An order of PLEDGE_ORDERS on the pledges `p` rather than their status rows."""
    return order.replace("st.pledge_id", "p.id").replace("st.", "p.")


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


STATUS_VIEW = "pledge_status"


def units_sql(expr: str) -> str:
    """SQL turning INTEGER thousandths into a number of units, for sorting and filtering where
    the ledger is read as a table (Datasette, sqlite-utils): 1500000000000 -> 1500000000.0."""
    return f"{expr} / 1000.0"


def status_view_sql() -> str:
    """`CREATE VIEW pledge_status`: each pledge's status as of today, from `status_sql` itself.

    The latest migration that creates the view holds a frozen copy of this text.
    """
    as_of = "date('now', 'localtime')"
    return f"""CREATE VIEW {STATUS_VIEW} AS
SELECT p.id, p.uid, p.title, a.name AS actor,
  (SELECT group_concat(name, '; ') FROM (SELECT ra.name FROM pledge_recipients pr
     JOIN actors ra ON ra.id = pr.actor_id WHERE pr.pledge_id = p.id ORDER BY pr.position))
    AS recipient,
  e.name AS event, p.kind,
  {units_sql("p.target_milli")} AS target, p.unit, p.counts,
  CASE WHEN p.target_milli IS NOT NULL THEN {units_sql("st.counted_milli")} END AS counted,
  round(st.progress, 6) AS progress, p.deadline_on AS deadline, p.announced_on,
  st.status, st.overdue, st.days_overdue, st.due_soon, st.late, st.conflict, st.as_of,
  (SELECT group_concat(tag, '; ') FROM (SELECT tag FROM pledge_tags t WHERE t.pledge_id = p.id
     ORDER BY tag)) AS tags,
  p.parent_id, (SELECT pp.uid FROM pledges pp WHERE pp.id = p.parent_id) AS parent_uid
FROM pledges p
JOIN actors a ON a.id = p.actor_id
LEFT JOIN events e ON e.id = p.event_id
JOIN ({status_sql(as_of, str(rules.DUE_SOON_DAYS))}) st ON st.pledge_id = p.id"""
