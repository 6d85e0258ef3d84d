"""The queries behind `pledgetrack check`: SQLite's own integrity and foreign-key checks, and the
pledge-level consistency checks (running totals that fall, folded as reports fold them; updates
before the announcement; amounts in another unit than the target; parts whose targets add up to
more than their parent's, and parts their parent leaves out for want of a rate).

Read-only queries over an open connection; no Typer, no Rich, nothing here writes.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from pledgetrack.domain.amounts import format_amount, from_milli
from pledgetrack.domain.exchange import is_currency
from pledgetrack.domain.model import Amount, Kind, Stage, Update
from pledgetrack.domain.progress import Counting, Exclusion, counting_of
from pledgetrack.storage import records, states
from pledgetrack.storage.connections import is_corruption
from pledgetrack.storage.rates import rate_book


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the ledger; `pledge_id` is None for file-level problems."""

    pledge_id: int | None
    text: str


def file_problems(db: Database) -> list[Problem]:
    """What `PRAGMA integrity_check` finds wrong with the file (nothing when it says `ok`)."""
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        if not is_corruption(error):
            raise
        # Damage the check cannot get past (a b-tree page it cannot read) is its finding.
        return [Problem(None, f"integrity: {error}")]
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


PLEDGE_PARTS = {"updates", "sources", "pledge_tags", "pledge_recipients", "pledge_edits"}


def _pledge_of(db: Database, table: str, rowid: int | None) -> int | None:
    """The pledge a dangling row belongs to, when the table says so."""
    if rowid is None or table not in PLEDGE_PARTS:
        return None
    # `table` is one of the fixed names above, never user text.
    row = db.execute(f"SELECT pledge_id FROM [{table}] WHERE rowid = ?", [rowid]).fetchone()
    return None if row is None or row[0] is None else int(row[0])


# A voided update counts nowhere, so nothing it caused is a problem any more.
NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM voids v WHERE v.update_id = u.id)"


def falling_totals(db: Database) -> list[Problem]:
    """Running totals recorded lower than the total already reached at that stage, found by the
    same fold of the updates that writes the facts every report reads."""
    problems = []
    for pledge_id, counts, target, updates in _pledges_with_totals(db):
        unit_text = f" {target.unit}" if target else ""
        by_id = {u.id: u for u in updates}
        for step in states.fold(db, Counting(counts, target), updates):
            update = by_id[step.update_id]
            if step.fell_from is None or update.amount is None or update.stage is None:
                continue
            problems.append(
                Problem(
                    pledge_id,
                    f"update {update.id} ({update.happened_on}) sets the {update.stage.value} "
                    f"total to {update.amount.value} {update.amount.unit}, down from "
                    f"{step.fell_from}{unit_text}",
                )
            )
    return problems


def _pledges_with_totals(db: Database) -> Iterator[tuple[int, Stage, Amount | None, list[Update]]]:
    """Each pledge with a `total` update: its id, counted stage, target and updates in order."""
    pledges = {
        int(row[0]): (Stage(row[1]), row[2], row[3], row[4])
        for row in db.execute(
            "SELECT id, counts, target_milli, unit, kind FROM pledges WHERE id IN "
            "(SELECT pledge_id FROM updates WHERE mode = 'total') "
            "AND target_rate IS NULL"  # a level's readings may go down: nothing falls
        )
    }
    rows = db.query(
        records.UPDATE_SELECT + " WHERE u.pledge_id IN "
        "(SELECT pledge_id FROM updates WHERE mode = 'total') "
        f"ORDER BY u.pledge_id, {records.FOLD_ORDER}"
    )
    updates = (records.update_from_row(db, row, with_sources=False) for row in rows)
    for pledge_id, group in itertools.groupby(updates, key=lambda u: u.pledge_id):
        if pledge_id not in pledges:  # a level
            continue
        counts, milli, unit, kind = pledges[pledge_id]
        target = Amount(from_milli(milli), unit, Kind(kind)) if milli is not None else None
        yield pledge_id, counts, target, list(group)


EARLY_UPDATES = f"""
SELECT u.pledge_id, u.id, u.happened_on, p.announced_on
FROM updates u JOIN pledges p ON p.id = u.pledge_id
WHERE p.announced_on IS NOT NULL AND u.happened_on < p.announced_on AND {NOT_VOIDED}
ORDER BY u.pledge_id, {records.FOLD_ORDER}
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


UNIT_MISMATCHES = f"""
SELECT u.pledge_id, u.id, u.unit, p.unit, p.kind, u.amount_milli, u.happened_on
FROM updates u JOIN pledges p ON p.id = u.pledge_id
WHERE u.amount_milli IS NOT NULL AND u.unit IS NOT NULL
  AND p.kind <> 'action' AND u.unit IS NOT p.unit AND {NOT_VOIDED}
ORDER BY u.pledge_id, u.id
"""


def unit_mismatches(db: Database) -> list[Problem]:
    """Update amounts in another unit than the pledge's target that do not count toward it: not
    a currency, or a currency with no rate to the target's on the update's date."""
    problems = []
    book = rate_book(db)  # the rates are read only if a currency needs converting
    for pledge_id, update_id, unit, target_unit, kind, milli, on in db.execute(UNIT_MISMATCHES):
        why = ""
        if kind == Kind.MONEY.value and is_currency(unit):
            amount = Amount(from_milli(milli), unit, Kind.MONEY)
            conversion = book.convert(amount, target_unit, date.fromisoformat(on))
            if conversion.value is not None:
                continue  # it counts, converted at its date
            why = f", and cannot be converted on {on}: {conversion.why_not}"
        problems.append(
            Problem(
                int(pledge_id),
                f"update {update_id} is in {unit}, but the pledge's target is in "
                f"{target_unit}{why}",
            )
        )
    return problems


AMOUNTS_ON_ACTIONS = f"""
SELECT u.pledge_id, u.id, u.amount_milli, u.unit, u.stage
FROM updates u JOIN pledges p ON p.id = u.pledge_id
WHERE u.amount_milli IS NOT NULL AND p.kind = 'action' AND {NOT_VOIDED}
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


PARTS_WITH_TARGETS = """
SELECT c.parent_id, c.id, c.target_milli, c.unit, c.kind, p.target_milli, p.unit, p.kind,
  p.announced_on
FROM pledges c JOIN pledges p ON p.id = c.parent_id
WHERE c.target_milli IS NOT NULL AND p.target_milli IS NOT NULL
ORDER BY c.parent_id, c.id
"""


def parts_over_target(db: Database) -> list[Problem]:
    """Parents whose parts' targets add up to more than the parent's own target: the targets in
    its unit as they are, those in another currency of a money parent converted at the rate of
    its announced date; a target with no rate then (or a parent with no announced date), and a
    part in another unit that is not money, are left out of the sum."""
    problems = []
    book = rate_book(db)  # the rates are read only if a target needs converting
    rows = db.execute(PARTS_WITH_TARGETS).fetchall()
    for parent_id, group in itertools.groupby(rows, key=lambda row: int(row[0])):
        parts = list(group)
        _, _, _, _, _, milli, unit, kind, announced = parts[0]
        target = Amount(from_milli(milli), unit, Kind(kind))
        on = date.fromisoformat(announced) if announced else None
        added: list[tuple[int, Decimal]] = []
        converted = False
        for _, part_id, m, u, k, *_ in parts:
            amount = Amount(from_milli(m), u, Kind(k))
            if u == unit:
                added.append((part_id, amount.value))
            elif amount.kind is Kind.MONEY and target.kind is Kind.MONEY and on is not None:
                value = book.convert(amount, unit, on).converted
                if value is not None:
                    added.append((part_id, value))
                    converted = True
        total = sum((value for _, value in added), Decimal(0))
        if total > target.value:
            ids = ", ".join(str(part_id) for part_id, _ in added)
            at = f", those in other currencies at the rates of {on}" if converted else ""
            problems.append(
                Problem(
                    parent_id,
                    f"the targets of its parts ({ids}{at}) add up to "
                    f"{format_amount(Amount(total, unit, target.kind))}, more than its own "
                    f"{format_amount(target)}",
                )
            )
    return problems


PARENTS_OF_CONVERTED_PARTS = """
SELECT DISTINCT p.id FROM pledges p JOIN pledges c ON c.parent_id = p.id
WHERE p.kind = 'money' AND c.kind = 'money' AND c.unit <> p.unit
  AND EXISTS (SELECT 1 FROM updates u WHERE u.pledge_id = c.id AND u.amount_milli IS NOT NULL)
ORDER BY p.id
"""


def parts_without_rates(db: Database) -> list[Problem]:
    """Parts in another currency than their parent's that it leaves out, folded again as the
    reports fold them: an amount the part counts has no rate into the parent's currency on its
    date."""
    problems = []
    for (parent_id,) in db.execute(PARENTS_OF_CONVERTED_PARTS).fetchall():
        parent = records.pledge(db, int(parent_id))
        updates = records.updates_for(db, parent.id, with_sources=False)
        tree = states.fold_tree(
            db, counting_of(parent), updates, states.part_updates(db, parent.id)
        )
        for part_id, why in sorted(tree.left_out.items()):
            if why.reason is not Exclusion.NO_RATE or why.amount is None:
                continue
            problems.append(
                Problem(
                    part_id,
                    f"it is left out of pledge {parent.id}'s counted amount, {why.text()}; "
                    f"pledgetrack rate add {why.amount.unit} RATE {why.parent_unit} --on "
                    f"{why.on} --source URL would count it",
                )
            )
    return problems


NESTED_PARTS = """
SELECT c.id, c.parent_id, p.parent_id FROM pledges c JOIN pledges p ON p.id = c.parent_id
WHERE p.parent_id IS NOT NULL ORDER BY c.id
"""


def nested_parts(db: Database) -> list[Problem]:
    """Parts of a pledge that is itself a part (pledgetrack keeps one level of parts and writes
    no other; a ledger changed by other means may hold some)."""
    return [
        Problem(
            int(part_id),
            f"it is a part of pledge {parent_id}, which is itself a part of pledge {grand_id}; "
            f"a part has no parts: make it a part of {grand_id} (edit {part_id} --part-of "
            f"{grand_id})",
        )
        for part_id, parent_id, grand_id in db.execute(NESTED_PARTS)
    ]


def counts(db: Database) -> tuple[int, int]:
    """How many pledges and updates the ledger holds."""
    pledges = db.execute("SELECT count(*) FROM pledges").fetchone()[0]
    updates = db.execute("SELECT count(*) FROM updates").fetchone()[0]
    return int(pledges), int(updates)
