"""The derived facts the status rules read (`pledge_states`): after each update of a pledge,
what it has counted, its verdict, whether it is stalled or has progressed, when it first reached
its target. They are folded from the pledge's updates by domain.progress — a parent's from its
parts' updates with its own — and written again whenever what they come from changes: the
pledge's updates, voids or target, or, for a parent, any of that of a part, or which pledges are
its parts. So the status SQL reads one row of facts per pledge, whatever its tree. Beside them,
the amounts each money pledge counted (`counted_amounts`) and the parts each parent leaves out
of its counted amount, and why (`parts_left_out`).

The links of parts to parents are here too, as the facts follow them. Callers own the
transaction; nothing here commits.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlite_utils import Database

from pledgetrack.domain.amounts import format_plain, from_milli, to_milli
from pledgetrack.domain.model import Amount, Kind, Qualifier, Rate, Stage, Update
from pledgetrack.domain.progress import (
    Converter,
    Counting,
    Exclusion,
    LeftOut,
    PartUpdates,
    ProgressStep,
    counted_amounts,
    counting_for,
    counting_of,
    fold_progress,
    parts_left_out,
)
from pledgetrack.errors import AmountParseError, TotalTooLargeError
from pledgetrack.storage import records


def refresh_states(
    db: Database, pledge_id: int, counting: Counting | None = None, *, with_parent: bool = True
) -> None:
    """Recompute the derived rows of one pledge from its updates, and a parent's from its parts'
    updates too: `pledge_states`, for a money pledge the `counted_amounts` of its own updates,
    and for a parent the parts it leaves out (`parts_left_out`); then, unless `with_parent` is
    False, those of the pledge's parent, which counts it.

    `counting` is how the pledge's updates count, when the caller has it at hand; else it is
    read.
    """
    if counting is None:
        counting = counting_of(records.pledge(db, pledge_id))
    updates = records.updates_for(db, pledge_id, with_sources=False)
    parts = part_updates(db, pledge_id)
    tree = fold_tree(db, counting, updates, parts)
    every = [*updates, *(update for part in parts for update in part.updates)]
    db.execute("DELETE FROM pledge_states WHERE pledge_id = ?", [pledge_id])
    db.conn.executemany(STATE_INSERT, _rows(pledge_id, tree.steps, every))
    db.execute("DELETE FROM counted_amounts WHERE pledge_id = ?", [pledge_id])
    db.conn.executemany(COUNTED_INSERT, _counted_rows(pledge_id, counting, tree.steps))
    db.execute(
        "DELETE FROM parts_left_out WHERE parent_id = ? "
        "OR part_id IN (SELECT id FROM pledges WHERE parent_id = ?)",
        [pledge_id, pledge_id],
    )
    db.conn.executemany(LEFT_OUT_INSERT, _left_out_rows(pledge_id, tree.left_out))
    parent_id = parent_of(db, pledge_id) if with_parent else None
    if parent_id is not None:
        refresh_states(db, parent_id, with_parent=False)


def refresh_many(db: Database, pledge_ids: Iterable[int]) -> None:
    """Refresh the derived states of many pledges and of the parents that count them, each
    once. Those in no tree (most) are refreshed together: their counting and their updates read
    in one query each, their old rows deleted and the new ones written in one statement each;
    parents and parts one by one, as `refresh_states` folds a tree. The others go REFRESH_CHUNK
    at a time, so an import of half a million updates never holds them all."""
    wanted = json.dumps(sorted(set(pledge_ids)))
    if wanted == "[]":
        return
    chosen = "IN (SELECT value FROM json_each(?))"
    trees: set[int] = set()
    for pledge_id, parent_id in db.execute(
        f"SELECT id, parent_id FROM pledges WHERE id {chosen} AND parent_id IS NOT NULL "
        f"UNION SELECT parent_id, NULL FROM pledges WHERE parent_id {chosen}",
        [wanted, wanted],
    ):
        trees.update(p for p in (pledge_id, parent_id) if p is not None)
    plain = sorted(set(json.loads(wanted)) - trees)
    for start in range(0, len(plain), REFRESH_CHUNK):
        _refresh_plain(db, json.dumps(plain[start : start + REFRESH_CHUNK]))
    for pledge_id in sorted(trees):
        refresh_states(db, pledge_id, with_parent=False)


REFRESH_CHUNK = 1000
"""Pledges refreshed together: their updates and facts are all that is held at a time."""


def _refresh_plain(db: Database, plain: str) -> None:
    """Refresh the states of pledges in no tree (`plain`: their ids as a JSON list)."""
    chosen = "IN (SELECT value FROM json_each(?))"
    counting = {
        int(row[0]): counting_for(
            Stage(row[1]),
            Amount(from_milli(row[2]), row[3], Kind(row[4])) if row[2] is not None else None,
            Qualifier(row[5]) if row[5] else None,
            Rate(row[6]) if row[6] else None,
        )
        for row in db.execute(
            "SELECT id, counts, target_milli, unit, kind, target_qualifier, target_rate "
            f"FROM pledges WHERE id {chosen}",
            [plain],
        )
    }
    rows = db.query(
        f"{records.UPDATE_SELECT} WHERE u.pledge_id {chosen} "
        f"ORDER BY u.pledge_id, {records.FOLD_ORDER}",
        [plain],
    )
    updates = (records.update_from_row(db, row, with_sources=False) for row in rows)
    facts: list[tuple[Any, ...]] = []
    counted: list[tuple[Any, ...]] = []
    for pledge_id, group in itertools.groupby(updates, key=lambda u: u.pledge_id):
        own = list(group)
        steps = fold(db, counting[pledge_id], own)
        facts.extend(_rows(pledge_id, steps, own))
        counted.extend(_counted_rows(pledge_id, counting[pledge_id], steps))
    db.execute(f"DELETE FROM pledge_states WHERE pledge_id {chosen}", [plain])
    db.conn.executemany(STATE_INSERT, facts)
    db.execute(f"DELETE FROM counted_amounts WHERE pledge_id {chosen}", [plain])
    db.conn.executemany(COUNTED_INSERT, counted)
    # a pledge whose last part an import took away: it leaves none out any more
    db.execute(f"DELETE FROM parts_left_out WHERE parent_id {chosen}", [plain])


def folded_by_id(db: Database) -> list[int]:
    """The pledges whose facts an earlier pledgetrack folded in another order than the shared
    one: two of their rows dated the same day whose places in the fold (`position`, set from
    the shared order by migration m014) and whose updates' ids run opposite ways. Folded by
    ids, their facts may differ from what the shared order gives; the others' are the same."""
    return [
        int(row[0])
        for row in db.execute(
            "SELECT DISTINCT a.pledge_id FROM pledge_states a JOIN pledge_states b "
            "ON b.pledge_id = a.pledge_id AND b.happened_on = a.happened_on "
            "AND b.position > a.position AND b.update_id < a.update_id"
        )
    ]


def parent_of(db: Database, pledge_id: int) -> int | None:
    """The id of the pledge this one is a part of, if it is a part."""
    row = db.execute("SELECT parent_id FROM pledges WHERE id = ?", [pledge_id]).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def has_parts(db: Database) -> bool:
    """Whether any pledge of the ledger is a part of another (one index lookup)."""
    return (
        db.execute("SELECT 1 FROM pledges WHERE parent_id IS NOT NULL LIMIT 1").fetchone()
        is not None
    )


def part_ids(db: Database, pledge_id: int) -> list[int]:
    """The ids of a pledge's parts, in the order they were recorded."""
    return [
        int(r[0])
        for r in db.execute("SELECT id FROM pledges WHERE parent_id = ? ORDER BY id", [pledge_id])
    ]


def part_updates(db: Database, pledge_id: int) -> list[PartUpdates]:
    """A parent's parts as its fold reads them: each one's id, how it counts, and its updates."""
    return [
        PartUpdates(
            part_id,
            counting_of(records.pledge(db, part_id)),
            records.updates_for(db, part_id, with_sources=False),
        )
        for part_id in part_ids(db, pledge_id)
    ]


def set_parent(
    db: Database, pledge_id: int, parent_id: int | None, *, refresh: bool = True
) -> list[int]:
    """Make a pledge a part of `parent_id`, or of none (the caller checks the link); returns
    the parents it leaves and joins, whose states it refreshes unless `refresh` is False (an
    import refreshes each parent once, when all its parts are in)."""
    before = parent_of(db, pledge_id)
    db.execute("UPDATE pledges SET parent_id = ? WHERE id = ?", [parent_id, pledge_id])
    changed = sorted(p for p in {before, parent_id} if p is not None)
    for each in changed if refresh else ():
        refresh_states(db, each, with_parent=False)
    return changed


STATE_INSERT = """INSERT INTO pledge_states (update_id, pledge_id, position, happened_on,
       counted_milli, verdict, stalled, progressed, reached_on, verdict_on, latest)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


COUNTED_INSERT = """INSERT INTO counted_amounts
       (update_id, pledge_id, happened_on, unit, amount_milli, until_on)
   VALUES (?, ?, ?, ?, ?, ?)"""


LEFT_OUT_INSERT = """INSERT INTO parts_left_out
       (part_id, parent_id, reason, unit, amount_milli, on_date, why)
   VALUES (?, ?, ?, ?, ?, ?, ?)"""


class Tree(NamedTuple):
    """A pledge's folded facts, and the parts it leaves out of them (by id), and why."""

    steps: list[ProgressStep]
    left_out: dict[int, LeftOut]


def fold(
    db: Database, counting: Counting, updates: Sequence[Update], parts: Sequence[PartUpdates] = ()
) -> list[ProgressStep]:
    """`fold_progress` of a pledge's updates (and its parts'), with the ledger's rates for any
    amount in another currency than a target it counts toward (read only when there is one)."""
    return fold_tree(db, counting, updates, parts).steps


def fold_tree(
    db: Database, counting: Counting, updates: Sequence[Update], parts: Sequence[PartUpdates]
) -> Tree:
    """`fold` of a pledge's tree, with the parts it leaves out, by the same rates."""
    convert = _converter(db, counting, updates, parts)
    steps = fold_progress(
        updates,
        counts=counting.stage,
        target=counting.target,
        approximate=counting.approximate,
        level=counting.level,
        convert=convert,
        parts=parts,
    )
    return Tree(steps, parts_left_out(parts, counting.target, convert) if parts else {})


def _converter(
    db: Database, counting: Counting, updates: Sequence[Update], parts: Sequence[PartUpdates] = ()
) -> Converter | None:
    """The conversion a fold needs, if an amount is in another currency than a money target it
    counts toward: a pledge's toward its own, a part's toward the part's and, when both are
    money, toward its parent's. The ledger's rates, read once."""
    money_parts = [p for p in parts if p.counting.target and p.counting.target.kind is Kind.MONEY]
    if not (
        _converts(counting.target, updates)
        or any(_converts(part.counting.target, part.updates) for part in money_parts)
        or any(_converts(counting.target, part.updates) for part in money_parts)
    ):
        return None
    from pledgetrack.storage.rates import rate_book

    book = rate_book(db)

    def convert(amount: Amount, to: str, on: date) -> Decimal | str:
        conversion = book.convert(amount, to, on)
        return conversion.converted if conversion.converted is not None else str(conversion.why_not)

    return convert


def _converts(target: Amount | None, updates: Sequence[Update]) -> bool:
    """Whether some of these updates' amounts are in another currency than a money target."""
    if target is None or target.kind is not Kind.MONEY:
        return False
    return any(u.amount is not None and u.amount.unit != target.unit for u in updates)


def _left_out_rows(parent_id: int, left_out: dict[int, LeftOut]) -> list[tuple[Any, ...]]:
    """LEFT_OUT_INSERT's parameters: the parts a parent leaves out, and why."""
    return [
        (
            part_id,
            parent_id,
            why.reason.value,
            why.amount.unit if why.amount else None,
            to_milli(why.amount.value) if why.amount else None,
            _iso(why.on),
            why.why,
        )
        for part_id, why in sorted(left_out.items())
    ]


LEFT_OUT_COLUMNS = "lo.reason, c.unit, pp.unit, lo.unit, lo.amount_milli, lo.on_date, lo.why"
"""The columns `left_out_from_row` reads, of `parts_left_out lo` joined to the part `c` and its
parent `pp`."""


def left_out_from_row(row: Sequence[Any]) -> LeftOut:
    """A LeftOut from LEFT_OUT_COLUMNS."""
    reason, unit, parent_unit, amount_unit, milli, on, why = row
    amount = None
    if amount_unit is not None and milli is not None:
        amount = Amount(from_milli(milli), amount_unit, Kind.MONEY)
    on_date = date.fromisoformat(on) if on else None
    return LeftOut(Exclusion(reason), unit, parent_unit, amount, on_date, why)


def left_out_of(db: Database, parent_id: int) -> dict[int, LeftOut]:
    """The parts a parent leaves out of its counted amount, by id, and why, as last folded."""
    rows = db.execute(
        f"SELECT lo.part_id, {LEFT_OUT_COLUMNS} FROM parts_left_out lo "
        "JOIN pledges c ON c.id = lo.part_id JOIN pledges pp ON pp.id = lo.parent_id "
        "WHERE lo.parent_id = ? ORDER BY lo.part_id",
        [parent_id],
    )
    return {int(row[0]): left_out_from_row(row[1:]) for row in rows}


def _counted_rows(
    pledge_id: int, counting: Counting, steps: Sequence[ProgressStep]
) -> list[tuple[Any, ...]]:
    """COUNTED_INSERT's parameters: for a money pledge, the amounts its own updates counted."""
    if counting.target is None or counting.target.kind is not Kind.MONEY:
        return []
    return [
        (
            each.update_id,
            pledge_id,
            each.happened_on.isoformat(),
            each.amount.unit,
            to_milli(each.amount.value),
            _iso(each.until_on),
        )
        for each in counted_amounts(steps)
    ]


def _rows(
    pledge_id: int, steps: Sequence[ProgressStep], updates: Sequence[Update]
) -> list[tuple[Any, ...]]:
    """STATE_INSERT's parameters for a pledge's folded steps (`updates`: those they fold), in
    the order they fold, each with its place in it: the last is its latest facts."""
    last = len(steps) - 1
    return [
        (
            step.update_id,
            pledge_id,
            index,
            step.happened_on.isoformat(),
            _counted_milli(pledge_id, step, updates),
            step.verdict.value if step.verdict else None,
            int(step.stalled),
            int(step.progressed),
            _iso(step.reached_on),
            _iso(step.verdict_on),
            int(index == last),
        )
        for index, step in enumerate(steps)
    ]


def _counted_milli(pledge_id: int, step: ProgressStep, updates: Sequence[Update]) -> int:
    """The running total after a step as stored; one too large names the update it comes with
    (each amount fits, but many of them can add up past SQLite's integers)."""
    try:
        return to_milli(step.counted)
    except AmountParseError:
        uid = next(u.uid for u in updates if u.id == step.update_id)
        raise TotalTooLargeError(
            f"the running total of pledge {pledge_id} would reach {format_plain(step.counted)} "
            f"with the update of {step.happened_on}, too large to store",
            update_uid=uid,
        ) from None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
