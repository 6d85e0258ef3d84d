"""The SQL behind `pledgetrack check`: SQLite's own integrity and foreign-key checks, and the
pledge-level consistency queries (falling running totals, updates before the announcement,
amounts in another unit than the target).

Read-only queries over an open connection; no Typer, no Rich, nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from pledgetrack.domain.amounts import from_milli


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the ledger; `pledge_id` is None for file-level problems."""

    pledge_id: int | None
    text: str


def file_problems(db: Database) -> list[Problem]:
    """What `PRAGMA integrity_check` finds wrong with the file (nothing when it says `ok`)."""
    rows = db.execute("PRAGMA integrity_check").fetchall()
    return [Problem(None, f"integrity: {row[0]}") for row in rows if row[0] != "ok"]


def foreign_key_problems(db: Database) -> list[Problem]:
    """Rows pointing at a row that is not there (`PRAGMA foreign_key_check`)."""
    problems = []
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        pledge_id = _pledge_of(db, table, rowid)
        problems.append(
            Problem(pledge_id, f"{table} row {rowid} refers to a missing row of {parent}")
        )
    return problems


def _pledge_of(db: Database, table: str, rowid: int | None) -> int | None:
    """The pledge a dangling row belongs to, when the table says so."""
    if rowid is None or table not in {"updates", "sources", "pledge_tags", "pledge_edits"}:
        return None
    # `table` is one of the fixed names above, never user text.
    row = db.execute(f"SELECT pledge_id FROM [{table}] WHERE rowid = ?", [rowid]).fetchone()
    return None if row is None or row[0] is None else int(row[0])


# For every `total` update: the running total at its stage just before it (the latest earlier
# total, or 0, plus the increments since), in the order updates count (happened_on, id).
FALLING_TOTALS = """
WITH amounts AS (
    SELECT id, pledge_id, stage, mode, amount_milli, happened_on FROM updates
    WHERE amount_milli IS NOT NULL AND stage IS NOT NULL
),
totals AS (
    SELECT t.id, t.pledge_id, t.stage, t.amount_milli, t.happened_on,
        (SELECT p.id FROM amounts p
         WHERE p.pledge_id = t.pledge_id AND p.stage = t.stage AND p.mode = 'total'
           AND (p.happened_on, p.id) < (t.happened_on, t.id)
         ORDER BY p.happened_on DESC, p.id DESC LIMIT 1) AS previous_id
    FROM amounts t WHERE t.mode = 'total'
),
before AS (
    SELECT t.*,
        COALESCE((SELECT amount_milli FROM amounts WHERE id = t.previous_id), 0)
        + COALESCE((
            SELECT SUM(i.amount_milli) FROM amounts i
            WHERE i.pledge_id = t.pledge_id AND i.stage = t.stage AND i.mode = 'increment'
              AND (i.happened_on, i.id) < (t.happened_on, t.id)
              AND (t.previous_id IS NULL OR (i.happened_on, i.id) > (
                  SELECT happened_on, id FROM amounts WHERE id = t.previous_id))
        ), 0) AS before_milli
    FROM totals t
)
SELECT b.pledge_id, b.id, b.stage, b.happened_on, b.before_milli, b.amount_milli, p.unit
FROM before b JOIN pledges p ON p.id = b.pledge_id
WHERE b.amount_milli < b.before_milli
ORDER BY b.pledge_id, b.happened_on, b.id
"""


def falling_totals(db: Database) -> list[Problem]:
    """Running totals recorded lower than the total already reached at that stage."""
    problems = []
    for pledge_id, update_id, stage, on, before, after, unit in db.execute(FALLING_TOTALS):
        unit_text = f" {unit}" if unit else ""
        problems.append(
            Problem(
                int(pledge_id),
                f"update {update_id} ({on}) sets the {stage} total to "
                f"{from_milli(after)}{unit_text}, down from {from_milli(before)}{unit_text}",
            )
        )
    return problems


EARLY_UPDATES = """
SELECT u.pledge_id, u.id, u.happened_on, p.announced_on
FROM updates u JOIN pledges p ON p.id = u.pledge_id
WHERE p.announced_on IS NOT NULL AND u.happened_on < p.announced_on
ORDER BY u.pledge_id, u.happened_on, u.id
"""


def early_updates(db: Database) -> list[Problem]:
    """Updates dated before their pledge was announced."""
    return [
        Problem(
            int(pledge_id),
            f"update {update_id} is dated {on}, before the pledge was announced ({announced})",
        )
        for pledge_id, update_id, on, announced in db.execute(EARLY_UPDATES)
    ]


UNIT_MISMATCHES = """
SELECT u.pledge_id, u.id, u.unit, p.unit, p.kind
FROM updates u JOIN pledges p ON p.id = u.pledge_id
WHERE u.amount_milli IS NOT NULL AND u.unit IS NOT NULL
  AND p.kind <> 'action' AND u.unit IS NOT p.unit
ORDER BY u.pledge_id, u.id
"""


def unit_mismatches(db: Database) -> list[Problem]:
    """Update amounts in another unit than the pledge's target."""
    return [
        Problem(
            int(pledge_id),
            f"update {update_id} is in {unit}, but the pledge's target is in {target_unit}",
        )
        for pledge_id, update_id, unit, target_unit, _ in db.execute(UNIT_MISMATCHES)
    ]


AMOUNTS_ON_ACTIONS = """
SELECT u.pledge_id, u.id, u.amount_milli, u.unit, u.stage
FROM updates u JOIN pledges p ON p.id = u.pledge_id
WHERE u.amount_milli IS NOT NULL AND p.kind = 'action'
ORDER BY u.pledge_id, u.id
"""


def amounts_on_actions(db: Database) -> list[Problem]:
    """Amounts recorded on action pledges, which have no target to count them toward (new ones
    are refused; older ledgers may hold some)."""
    return [
        Problem(
            int(pledge_id),
            f"update {update_id} records {from_milli(milli)} {unit} at {stage} on an "
            "action pledge, which has no target to count it toward; keep it in a note, or give "
            "the pledge a target",
        )
        for pledge_id, update_id, milli, unit, stage in db.execute(AMOUNTS_ON_ACTIONS)
    ]


def counts(db: Database) -> tuple[int, int]:
    """How many pledges and updates the ledger holds."""
    pledges = db.execute("SELECT count(*) FROM pledges").fetchone()[0]
    updates = db.execute("SELECT count(*) FROM updates").fetchone()[0]
    return int(pledges), int(updates)
