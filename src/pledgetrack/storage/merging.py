"""The writes of a merge of another ledger's export, many rows to a statement: actors, aliases
and events by their key, edits with where they came from, pledges' added sources, voids by their
update's uid. Also this ledger's side of the merge: its records by uid, as the export writes them.

Callers own the transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from pledgetrack.storage import archive, inserts

Edit = tuple[int, str, str, str | None, str | None, str | None]
"""An edit row: (pledge id, edited_at, field, old, new, origin)."""
Void = tuple[str, str, str, str]
"""A void by its update's uid: (update uid, void uid, voided_at, note)."""


def records_by_key(records: Iterable[dict[str, Any]], key: str = "uid") -> dict[str, Any]:
    """Records of the whole-ledger document by their uid (or key)."""
    return {record[key]: record for record in records}


def pledge_ids(db: Database) -> dict[str, int]:
    """Every pledge's uid with its short id."""
    return {uid: int(pledge_id) for uid, pledge_id in db.execute("SELECT uid, id FROM pledges")}


def next_pledge_id(db: Database) -> int:
    """The id the next pledge gets."""
    return int(db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM pledges").fetchone()[0])


def add_actors(db: Database, actors: Sequence[tuple[str, str]]) -> None:
    """Add actors as (name, key)."""
    db.conn.executemany("INSERT INTO actors (name, key) VALUES (?, ?)", actors)


def rename_actors(db: Database, names: Sequence[tuple[str, str]]) -> None:
    """Give actors, by key, another name: (key, name)."""
    db.conn.executemany("UPDATE actors SET name = ? WHERE key = ?", [(n, k) for k, n in names])


def add_aliases(db: Database, aliases: Sequence[tuple[str, str, str]]) -> None:
    """Add aliases as (alias key, alias name, the key of their actor)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO actor_aliases (key, name, actor_id) "
        "SELECT ?, ?, id FROM actors WHERE key = ?",
        aliases,
    )


def rename_aliases(db: Database, names: Sequence[tuple[str, str]]) -> None:
    """Give aliases, by key, another name: (alias key, name)."""
    db.conn.executemany(
        "UPDATE actor_aliases SET name = ? WHERE key = ?", [(n, k) for k, n in names]
    )


def add_events(db: Database, events: Sequence[tuple[str, str, str | None, str | None]]) -> None:
    """Add events as (name, key, held_on, place)."""
    db.conn.executemany(
        "INSERT INTO events (name, key, held_on, place) VALUES (?, ?, ?, ?)", events
    )


EVENT_COLUMNS = ("name", "held_on", "place")


def set_event_columns(db: Database, values: Sequence[tuple[str, str, str | None]]) -> None:
    """Set columns of events, by key: (key, column, value); the columns are EVENT_COLUMNS."""
    for key, column, value in values:
        assert column in EVENT_COLUMNS
        db.execute(f"UPDATE events SET {column} = ? WHERE key = ?", [value, key])


def add_edits(db: Database, edits: Sequence[Edit]) -> None:
    """Add edits to pledges' histories."""
    db.conn.executemany(inserts.EDIT_INSERT, edits)


def add_sources(db: Database, sources: Sequence[tuple[Any, ...]]) -> None:
    """Add sources (rows of `inserts.source_values`)."""
    db.conn.executemany(inserts.SOURCE_INSERT, sources)


def add_voids(db: Database, voids: Sequence[Void]) -> None:
    """Void updates, each named by its uid."""
    db.conn.executemany(
        "INSERT INTO voids (uid, update_id, voided_at, note) "
        "SELECT ?, id, ?, ? FROM updates WHERE uid = ?",
        [(uid, voided_at, note, update_uid) for update_uid, uid, voided_at, note in voids],
    )


def replace_voids(db: Database, voids: Sequence[Void]) -> None:
    """Put another void in place of an update's: its uid, time and note."""
    db.conn.executemany(
        "UPDATE voids SET uid = ?, voided_at = ?, note = ? "
        "WHERE update_id = (SELECT id FROM updates WHERE uid = ?)",
        [(uid, voided_at, note, update_uid) for update_uid, uid, voided_at, note in voids],
    )


def ledger_side(db: Database) -> dict[str, dict[str, Any]]:
    """This ledger's records as the whole-ledger document writes them: actors and events by key,
    rates, pledges and updates by uid."""
    return {
        "actors": records_by_key(archive.actor_records(db), "key"),
        "events": records_by_key(archive.event_records(db), "key"),
        "rates": records_by_key(archive.rate_records(db)),
        "pledges": records_by_key(archive.pledge_records(db)),
        "updates": records_by_key(archive.update_records(db)),
    }
