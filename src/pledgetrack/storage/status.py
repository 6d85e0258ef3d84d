"""The status rules (docs/rules.md) in SQL, built from the numbers and sets of domain/rules.py;
used by every report (storage.selection), and by the `pledge_status` view a migration writes.

`ruled_sql` finds, for each pledge, the facts in force on the as-of date (those after its
latest update dated on or before it: its latest facts, in an index of their own, unless they
came later) and applies the rules in order; `flags_sql` adds the flags beside the status, and
`status_sql` is the two together. The same text, with today's date, is the `pledge_status` view
that Datasette and sqlite-utils users see; a view keeps the text it was created with, so a change
here needs a migration that recreates it (tests/test_migrations.py fails until there is one).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from fractions import Fraction

from pledgetrack.domain import rules


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
    are for a report of today; else the row of `pledge_states` dated by then that comes last in
    the pledge's fold (its `position`: the order every ledger holding the updates shares)."""
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
          ORDER BY s2.happened_on DESC, s2.position DESC LIMIT 1)
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
