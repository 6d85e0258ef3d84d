"""Reading and writing pledges, updates, sources, tags and edits as rows.

Queries are nouns (`pledge`, `updates_for`), mutations verbs (`insert_pledge`). Callers own the
transaction (`Ledger.write()`); nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.amounts import from_milli
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
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError, PledgeNotFoundError
from pledgetrack.storage import inserts

# Recipients, tags and sources come with each pledge row, as JSON arrays, so listing many
# pledges costs one query rather than four per pledge.
PLEDGE_COLUMNS = """p.*, a.name AS actor_name, e.name AS event_name,
  (SELECT json_group_array(name) FROM
    (SELECT ra.name FROM pledge_recipients pr JOIN actors ra ON ra.id = pr.actor_id
     WHERE pr.pledge_id = p.id ORDER BY pr.position)) AS recipients_json,
  (SELECT json_group_array(tag) FROM
    (SELECT tag FROM pledge_tags WHERE pledge_id = p.id ORDER BY tag)) AS tags_json,
  (SELECT json_group_array(json_array(url, citation, quote)) FROM
    (SELECT url, citation, quote FROM sources WHERE pledge_id = p.id ORDER BY id))
  AS sources_json,
  (SELECT pp.uid FROM pledges pp WHERE pp.id = p.parent_id) AS parent_uid"""
PLEDGE_FROM = """
FROM pledges p
JOIN actors a ON a.id = p.actor_id
LEFT JOIN events e ON e.id = p.event_id
"""
PLEDGE_SELECT = f"SELECT {PLEDGE_COLUMNS}{PLEDGE_FROM}"

UPDATE_SELECT = """
SELECT u.*, p.uid AS pledge_uid, p.kind AS pledge_kind,
    v.uid AS void_uid, v.voided_at AS voided_at, v.note AS void_note
FROM updates u JOIN pledges p ON p.id = u.pledge_id
LEFT JOIN voids v ON v.update_id = u.id
"""
FOLD_ORDER = "u.happened_on, u.recorded_at, u.uid"
"""A pledge's updates in the order they fold (domain.progress.update_order), as SQL on the
updates `u`: by the day they happened, then when they were recorded, then uid; the same in
every ledger that holds them, whatever ids it gave them."""


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
        event_id=ensure_event(db, new.event, new.event_on, new.event_place) if new.event else None,
    )
    cursor = db.execute(inserts.PLEDGE_INSERT, values)
    pledge_id = int(cursor.lastrowid or 0) if pledge_id is None else pledge_id
    set_recipients(db, pledge_id, new.recipients)
    set_tags(db, pledge_id, new.tags)
    insert_sources(db, new.sources, pledge_id=pledge_id)
    return pledge_id


def recipient_ids(names: Sequence[str], resolve: Callable[[str], int]) -> list[int]:
    """The actor ids of a pledge's recipients, in order, by `resolve` (matching by key or alias,
    creating what is new); two names of one actor are refused, as one recipient given twice."""
    ids: dict[int, str] = {}
    for name in names:
        actor_id = resolve(name)
        if actor_id in ids:
            raise InputError(
                f"the recipients {quoted(ids[actor_id])} and {quoted(name)} are the same actor: "
                "give each recipient once",
                field="recipient",
            )
        ids[actor_id] = name
    return list(ids)


def set_recipients(db: Database, pledge_id: int, names: Sequence[str]) -> None:
    """Replace a pledge's recipients with these, in this order."""
    ids = recipient_ids(names, lambda name: ensure_actor(db, name))
    db.execute("DELETE FROM pledge_recipients WHERE pledge_id = ?", [pledge_id])
    db.conn.executemany(inserts.RECIPIENT_INSERT, inserts.recipient_values(pledge_id, ids))


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
    db: Database, pledge_id: int, new: NewUpdate, *, uid: str, recorded_at: str
) -> int:
    """Append an update and its sources (the caller refreshes the derived states, with
    storage.states, once it has written what it writes)."""
    values = inserts.update_values(
        new, update_id=None, uid=uid, pledge_id=pledge_id, recorded_at=recorded_at
    )
    update_id = int(db.execute(inserts.UPDATE_INSERT, values).lastrowid or 0)
    insert_sources(db, new.sources, update_id=update_id)
    return update_id


def insert_void(db: Database, update_id: int, *, uid: str, voided_at: str, note: str) -> None:
    """Void an update (the caller checks it is not voided yet, and refreshes the states)."""
    db.execute(
        "INSERT INTO voids (uid, update_id, voided_at, note) VALUES (?, ?, ?, ?)",
        [uid, update_id, voided_at, note],
    )


def pledge(db: Database, pledge_id: int) -> Pledge:
    """The pledge with this id; PledgeNotFoundError if there is none."""
    if not 0 < pledge_id < 2**63:  # beyond SQLite's integers: no such pledge, not an overflow
        raise PledgeNotFoundError(f"no pledge with id {pledge_id}")
    row = next(db.query(PLEDGE_SELECT + " WHERE p.id = ?", [pledge_id]), None)
    if row is None:
        raise PledgeNotFoundError(f"no pledge with id {pledge_id}")
    return pledge_from_row(db, row)


def pledges_named(
    db: Database, *, uids: Iterable[str] = (), ids: Iterable[int] = ()
) -> list[Pledge]:
    """The pledges with these uids or short ids, read in one query; those with no pledge are
    left out."""
    sql = (
        PLEDGE_SELECT + " WHERE p.uid IN (SELECT value FROM json_each(:uids))"
        " OR p.id IN (SELECT value FROM json_each(:ids))"
    )
    wanted = {
        "uids": json.dumps(sorted(set(uids))),
        "ids": json.dumps(sorted({i for i in ids if 0 < i < 2**63})),
    }
    return [pledge_from_row(db, row) for row in db.query(sql, wanted)]


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
    recipients = tuple(json.loads(row["recipients_json"]))
    tags = tuple(json.loads(row["tags_json"]))
    sources = tuple(
        SourceRef(url=url, citation=citation, quote=quote)
        for url, citation, quote in json.loads(row["sources_json"])
    )
    as_stored = {name: row[name] for name in AS_STORED}
    return Pledge(
        id=pledge_id,
        actor=row["actor_name"],
        recipients=recipients,
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
        parent_id=row["parent_id"],
        parent_uid=row["parent_uid"],
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
    """A pledge's updates in the order they happened (same day: the order recorded, then uid),
    the order they fold in."""
    rows = list(
        db.query(f"{UPDATE_SELECT} WHERE u.pledge_id = ? ORDER BY {FOLD_ORDER}", [pledge_id])
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
    """The recorded edits of a pledge's fields, oldest first (those of one `edit` in the order
    it made them), each with where it came from."""
    return [
        PledgeEdit(edited_at=r[0], field=r[1], old=r[2], new=r[3], origin=r[4])
        for r in db.execute(
            "SELECT edited_at, field, old, new, origin FROM pledge_edits WHERE pledge_id = ? "
            "ORDER BY edited_at, id",
            [pledge_id],
        )
    ]


def record_edit(
    db: Database,
    pledge_id: int,
    *,
    field: str,
    old: str | None,
    new: str | None,
    edited_at: str,
    origin: str | None = None,
) -> None:
    """Keep one changed field in the pledge's history (`origin`: the export it came from)."""
    db.execute(inserts.EDIT_INSERT, [pledge_id, edited_at, field, old, new, origin])


def set_pledge_columns(db: Database, pledge_id: int, columns: Mapping[str, Any]) -> None:
    """Set columns of one pledge row (names come from the services' fixed list, never the user)."""
    assignments = ", ".join(f"{name} = ?" for name in columns)
    db.execute(f"UPDATE pledges SET {assignments} WHERE id = ?", [*columns.values(), pledge_id])


def delete_pledge(db: Database, pledge_id: int) -> None:
    """Delete a pledge with its updates, sources, tags and history (the caller detaches its
    parts first, and refreshes the states of the parent it was a part of)."""
    pledge(db, pledge_id)
    db.execute("DELETE FROM pledges WHERE id = ?", [pledge_id])


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
