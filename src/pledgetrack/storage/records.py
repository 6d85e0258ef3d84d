"""Reading and writing pledges, updates, sources, tags and edits as rows.

Queries are nouns (`pledge`, `updates_for`), mutations verbs (`insert_pledge`). Callers own the
transaction (`Ledger.write()`); nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.amounts import format_plain, from_milli, to_milli
from pledgetrack.domain.model import (
    Amount,
    Basis,
    Deadline,
    Kind,
    Mode,
    NewPledge,
    NewUpdate,
    Pledge,
    PledgeEdit,
    Precision,
    Qualifier,
    Rate,
    SourceRef,
    Stage,
    Update,
    Verdict,
    Void,
)
from pledgetrack.domain.names import actor_key, name_key
from pledgetrack.domain.progress import (
    Converter,
    Counting,
    ProgressStep,
    counted_amounts,
    counting_of,
    fold_progress,
)
from pledgetrack.errors import AmountParseError, PledgeNotFoundError, TotalTooLargeError
from pledgetrack.storage import inserts

# Tags and sources come with each pledge row, as JSON arrays, so listing many pledges costs one
# query rather than three per pledge.
PLEDGE_COLUMNS = """p.*, a.name AS actor_name, r.name AS recipient_name, e.name AS event_name,
  (SELECT json_group_array(tag) FROM
    (SELECT tag FROM pledge_tags WHERE pledge_id = p.id ORDER BY tag)) AS tags_json,
  (SELECT json_group_array(json_array(url, citation, quote)) FROM
    (SELECT url, citation, quote FROM sources WHERE pledge_id = p.id ORDER BY id))
  AS sources_json"""
PLEDGE_FROM = """
FROM pledges p
JOIN actors a ON a.id = p.actor_id
LEFT JOIN actors r ON r.id = p.recipient_id
LEFT JOIN events e ON e.id = p.event_id
"""
PLEDGE_SELECT = f"SELECT {PLEDGE_COLUMNS}{PLEDGE_FROM}"

UPDATE_SELECT = """
SELECT u.*, p.uid AS pledge_uid, p.kind AS pledge_kind,
    v.uid AS void_uid, v.voided_at AS voided_at, v.note AS void_note
FROM updates u JOIN pledges p ON p.id = u.pledge_id
LEFT JOIN voids v ON v.update_id = u.id
"""


def ensure_actor(db: Database, name: str) -> int:
    """The id of the actor `name` names (matched by key or alias), created if new."""
    key = actor_key(name)
    row = db.execute(
        "SELECT id FROM actors WHERE key = ? UNION ALL "
        "SELECT actor_id FROM actor_aliases WHERE key = ? LIMIT 1",
        [key, key],
    ).fetchone()
    if row is not None:
        actor_id = int(row[0])
    else:
        actor_id = int(
            db.execute(
                "INSERT INTO actors (name, key) VALUES (?, ?)", [name.strip(), key]
            ).lastrowid
            or 0
        )
    typed = name_key(name)
    if typed != key:
        db.execute(
            "INSERT OR IGNORE INTO actor_aliases (key, name, actor_id) VALUES (?, ?, ?)",
            [typed, name.strip(), actor_id],
        )
    return actor_id


def ensure_event(
    db: Database, name: str, held_on: date | None = None, place: str | None = None
) -> int:
    """The id of the event `name` (matched regardless of case and accents), created if new.

    A date or place given for a known event fills in what it lacked; it never overwrites.
    """
    key = name_key(name)
    row = db.execute("SELECT id FROM events WHERE key = ?", [key]).fetchone()
    if row is not None:
        db.execute(
            "UPDATE events SET held_on = COALESCE(held_on, ?), place = COALESCE(place, ?) "
            "WHERE id = ?",
            [_iso(held_on), place, row[0]],
        )
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO events (name, key, held_on, place) VALUES (?, ?, ?, ?)",
        [name.strip(), key, _iso(held_on), place],
    )
    return int(cursor.lastrowid or 0)


def insert_pledge(
    db: Database, new: NewPledge, *, uid: str, created_at: str, pledge_id: int | None = None
) -> int:
    """Insert a pledge with its tags and sources; returns its short id (`pledge_id` if given)."""
    values = inserts.pledge_values(
        new,
        pledge_id=pledge_id,
        uid=uid,
        created_at=created_at,
        actor_id=ensure_actor(db, new.actor),
        recipient_id=ensure_actor(db, new.recipient) if new.recipient else None,
        event_id=ensure_event(db, new.event, new.event_on, new.event_place) if new.event else None,
    )
    cursor = db.execute(inserts.PLEDGE_INSERT, values)
    pledge_id = int(cursor.lastrowid or 0) if pledge_id is None else pledge_id
    set_tags(db, pledge_id, new.tags)
    insert_sources(db, new.sources, pledge_id=pledge_id)
    return pledge_id


def set_tags(db: Database, pledge_id: int, tags: Iterable[str]) -> None:
    """Replace a pledge's tags."""
    db.execute("DELETE FROM pledge_tags WHERE pledge_id = ?", [pledge_id])
    db.conn.executemany(inserts.TAG_INSERT, inserts.tag_values(pledge_id, tags))


def insert_sources(
    db: Database,
    sources: Sequence[SourceRef],
    *,
    pledge_id: int | None = None,
    update_id: int | None = None,
) -> None:
    """Attach sources to a pledge or to an update."""
    db.conn.executemany(
        inserts.SOURCE_INSERT,
        inserts.source_values(sources, pledge_id=pledge_id, update_id=update_id),
    )


def insert_update(
    db: Database,
    pledge_id: int,
    new: NewUpdate,
    *,
    uid: str,
    recorded_at: str,
    refresh: bool = True,
) -> int:
    """Append an update and its sources, then refresh the pledge's derived states.

    A bulk import passes `refresh=False` and calls `refresh_states` once per pledge at the end.
    """
    values = inserts.update_values(
        new, update_id=None, uid=uid, pledge_id=pledge_id, recorded_at=recorded_at
    )
    update_id = int(db.execute(inserts.UPDATE_INSERT, values).lastrowid or 0)
    insert_sources(db, new.sources, update_id=update_id)
    if refresh:
        refresh_states(db, pledge_id)
    return update_id


def insert_void(db: Database, update_id: int, *, uid: str, voided_at: str, note: str) -> None:
    """Void an update (the caller checks it is not voided yet, and refreshes the states)."""
    db.execute(
        "INSERT INTO voids (uid, update_id, voided_at, note) VALUES (?, ?, ?, ?)",
        [uid, update_id, voided_at, note],
    )


def refresh_states(db: Database, pledge_id: int, counting: Counting | None = None) -> None:
    """Recompute the derived rows of one pledge from its updates: `pledge_states`, and for a
    money pledge its `counted_amounts`.

    `counting` is how the pledge's updates count, when the caller has it at hand; else it is
    read.
    """
    if counting is None:
        counting = counting_of(pledge(db, pledge_id))
    updates = updates_for(db, pledge_id, with_sources=False)
    steps = fold(db, counting, updates)
    counted = [_counted_milli(pledge_id, step, updates) for step in steps]
    db.execute("DELETE FROM pledge_states WHERE pledge_id = ?", [pledge_id])
    db.conn.executemany(
        """INSERT INTO pledge_states (update_id, pledge_id, happened_on, counted_milli, verdict,
               stalled, progressed, reached_on, verdict_on)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (
                step.update_id,
                pledge_id,
                step.happened_on.isoformat(),
                milli,
                step.verdict.value if step.verdict else None,
                int(step.stalled),
                int(step.progressed),
                _iso(step.reached_on),
                _iso(step.verdict_on),
            )
            for step, milli in zip(steps, counted, strict=True)
        ],
    )
    db.execute("DELETE FROM counted_amounts WHERE pledge_id = ?", [pledge_id])
    if counting.target is not None and counting.target.kind is Kind.MONEY:
        db.conn.executemany(
            """INSERT INTO counted_amounts
                   (update_id, pledge_id, happened_on, unit, amount_milli, until_on)
               VALUES (?, ?, ?, ?, ?, ?)""",
            [
                (
                    part.update_id,
                    pledge_id,
                    part.happened_on.isoformat(),
                    part.amount.unit,
                    to_milli(part.amount.value),
                    _iso(part.until_on),
                )
                for part in counted_amounts(steps)
            ],
        )


def fold(db: Database, counting: Counting, updates: Sequence[Update]) -> list[ProgressStep]:
    """`fold_progress` of a pledge's updates, with the ledger's rates for any amount in another
    currency than its target (read only when there is one)."""
    return fold_progress(
        updates,
        counts=counting.stage,
        target=counting.target,
        approximate=counting.approximate,
        level=counting.level,
        convert=_converter(db, counting, updates),
    )


def _converter(db: Database, counting: Counting, updates: Sequence[Update]) -> Converter | None:
    target = counting.target
    if target is None or target.kind is not Kind.MONEY:
        return None
    if all(u.amount is None or u.amount.unit == target.unit for u in updates):
        return None
    from pledgetrack.storage.rates import rate_book

    book = rate_book(db)

    def convert(amount: Amount, on: date) -> Decimal | None:
        return book.convert(amount, target.unit, on).converted

    return convert


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


def pledge(db: Database, pledge_id: int) -> Pledge:
    """The pledge with this id; PledgeNotFoundError if there is none."""
    if not 0 < pledge_id < 2**63:  # beyond SQLite's integers: no such pledge, not an overflow
        raise PledgeNotFoundError(f"no pledge with id {pledge_id}")
    row = next(db.query(PLEDGE_SELECT + " WHERE p.id = ?", [pledge_id]), None)
    if row is None:
        raise PledgeNotFoundError(f"no pledge with id {pledge_id}")
    return pledge_from_row(db, row)


def pledge_from_row(db: Database, row: Mapping[str, Any]) -> Pledge:
    """A Pledge from a row of PLEDGE_SELECT (its tags and sources included)."""
    pledge_id = int(row["id"])
    kind = Kind(row["kind"])
    target = (
        Amount(from_milli(row["target_milli"]), row["unit"], kind)
        if row["target_milli"] is not None
        else None
    )
    deadline = None
    if row["deadline_phrase"] is not None:
        deadline = Deadline(
            on=_date(row["deadline_on"]),
            precision=Precision(row["deadline_precision"]) if row["deadline_precision"] else None,
            basis=Basis(row["deadline_basis"]) if row["deadline_basis"] else None,
            phrase=row["deadline_phrase"],
        )
    tags = tuple(json.loads(row["tags_json"]))
    sources = tuple(
        SourceRef(url=url, citation=citation, quote=quote)
        for url, citation, quote in json.loads(row["sources_json"])
    )
    as_stored = {name: row[name] for name in AS_STORED}
    return Pledge(
        id=pledge_id,
        actor=row["actor_name"],
        recipient=row["recipient_name"],
        kind=kind,
        target=target,
        counts=Stage(row["counts"]),
        deadline=deadline,
        announced_on=_date(row["announced_on"]),
        event=row["event_name"],
        tags=tags,
        sources=sources,
        target_qualifier=Qualifier(row["target_qualifier"]) if row["target_qualifier"] else None,
        target_high=from_milli(high) if (high := row["target_high_milli"]) is not None else None,
        target_rate=Rate(row["target_rate"]) if row["target_rate"] else None,
        **as_stored,
    )


# The pledge's columns that are its fields as they are, text read back unchanged.
AS_STORED = ("uid", "title", "quote", "note", "created_at", "target_qualifier_text", "target_text")


def sources_for(
    db: Database, *, pledge_id: int | None = None, update_id: int | None = None
) -> tuple[SourceRef, ...]:
    """The sources attached to a pledge or to an update, in the order they were given."""
    column, value = ("pledge_id", pledge_id) if pledge_id is not None else ("update_id", update_id)
    return tuple(
        SourceRef(url=r[0], citation=r[1], quote=r[2])
        for r in db.execute(
            f"SELECT url, citation, quote FROM sources WHERE {column} = ? ORDER BY id", [value]
        )
    )


def update_named(db: Database, which: str) -> Update | None:
    """The update with this id (as `show` numbers them) or uid, if there is one."""
    if which.isascii() and which.isdigit():
        if int(which) >= 2**63:
            return None
        row = next(db.query(UPDATE_SELECT + " WHERE u.id = ?", [int(which)]), None)
    else:
        row = next(db.query(UPDATE_SELECT + " WHERE u.uid = ?", [which]), None)
    return None if row is None else update_from_row(db, row)


def updates_for(db: Database, pledge_id: int, *, with_sources: bool = True) -> list[Update]:
    """A pledge's updates in the order they happened (same day: the order recorded)."""
    rows = list(
        db.query(UPDATE_SELECT + " WHERE u.pledge_id = ? ORDER BY u.happened_on, u.id", [pledge_id])
    )
    return [update_from_row(db, row, with_sources=with_sources) for row in rows]


def update_from_row(db: Database, row: Mapping[str, Any], *, with_sources: bool = True) -> Update:
    """An Update from a row of `updates` joined with its pledge's uid and kind (its sources
    left out when the caller only folds progress)."""
    amount = None
    if row["amount_milli"] is not None:
        kind = Kind.MONEY if row["pledge_kind"] == Kind.MONEY.value else Kind.QUANTITY
        amount = Amount(from_milli(row["amount_milli"]), row["unit"], kind)
    return Update(
        id=int(row["id"]),
        uid=row["uid"],
        pledge_id=int(row["pledge_id"]),
        pledge_uid=row["pledge_uid"],
        happened_on=date.fromisoformat(row["happened_on"]),
        recorded_at=row["recorded_at"],
        stage=Stage(row["stage"]) if row["stage"] else None,
        amount=amount,
        mode=Mode(row["mode"]) if row["mode"] else None,
        verdict=Verdict(row["verdict"]) if row["verdict"] else None,
        note=row["note"],
        quote=row["quote"],
        sources=sources_for(db, update_id=int(row["id"])) if with_sources else (),
        void=Void(row["void_uid"], row["voided_at"], row["void_note"]) if row["void_uid"] else None,
    )


def edits_for(db: Database, pledge_id: int) -> list[PledgeEdit]:
    """The recorded edits of a pledge's fields, oldest first."""
    return [
        PledgeEdit(edited_at=r[0], field=r[1], old=r[2], new=r[3])
        for r in db.execute(
            "SELECT edited_at, field, old, new FROM pledge_edits WHERE pledge_id = ? ORDER BY id",
            [pledge_id],
        )
    ]


def record_edit(
    db: Database, pledge_id: int, *, field: str, old: str | None, new: str | None, edited_at: str
) -> None:
    """Keep one changed field in the pledge's history."""
    db.execute(
        "INSERT INTO pledge_edits (pledge_id, edited_at, field, old, new) VALUES (?, ?, ?, ?, ?)",
        [pledge_id, edited_at, field, old, new],
    )


def set_pledge_columns(db: Database, pledge_id: int, columns: Mapping[str, Any]) -> None:
    """Set columns of one pledge row (names come from the services' fixed list, never the user)."""
    assignments = ", ".join(f"{name} = ?" for name in columns)
    db.execute(f"UPDATE pledges SET {assignments} WHERE id = ?", [*columns.values(), pledge_id])


def delete_pledge(db: Database, pledge_id: int) -> None:
    """Delete a pledge with its updates, sources, tags and history."""
    pledge(db, pledge_id)
    db.execute("DELETE FROM pledges WHERE id = ?", [pledge_id])


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
