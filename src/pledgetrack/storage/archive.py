"""The whole ledger as plain records, for the lossless `export --what all` and its `import`.

Reads every stored field (uids, timestamps, deadline basis, source quotes, edit history) in an
order that owes nothing to this ledger's own ids — actors and events by key, pledges by the time
they were created, updates by the time they were recorded, uids breaking ties, edits by time —
so that two ledgers holding the same records write the same bytes. The short ids are this
ledger's own and are left out. Streaming: tags, sources and edits are merged in from one ordered
query each, not fetched per pledge. Callers own the transaction; nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.amounts import from_milli

FORMAT_NAME = "pledgetrack-ledger"
# 2: a pledge keeps its target's wording (target_qualifier, ...); 3: its recipients, a list;
# 4: the pledge it is a part of (parent_uid); 5: the exchange rates the user recorded (rates)
FORMAT_VERSION = 5
SECTIONS = ("actors", "events", "rates", "pledges", "updates")

PLEDGE_ORDER = "p.created_at, p.uid"
UPDATE_ORDER = "u.recorded_at, u.uid"


class _Grouped:
    """Rows of an ordered query handed out owner by owner: each row starts with its owner's sort
    key (`width` columns), and owners are asked for in the same order."""

    def __init__(self, rows: Iterable[tuple[Any, ...]], width: int = 1) -> None:
        self._rows = ((row[:width], row[width:]) for row in rows)
        self._next: tuple[tuple[Any, ...], tuple[Any, ...]] | None = next(self._rows, None)

    def take(self, *owner: Any) -> list[tuple[Any, ...]]:
        """The rows of the owner with this sort key, their own columns only."""
        upcoming = self._next
        if upcoming is None or upcoming[0] > owner:  # most owners have none
            return []
        taken: list[tuple[Any, ...]] = []
        while upcoming is not None and upcoming[0] <= owner:
            if upcoming[0] == owner:
                taken.append(upcoming[1])
            upcoming = next(self._rows, None)
        self._next = upcoming
        return taken


class _Row:
    """A row of a query, its columns by name (lighter than a dict per row)."""

    __slots__ = ("columns", "values")

    def __init__(self, columns: dict[str, int], values: tuple[Any, ...]) -> None:
        self.columns, self.values = columns, values

    def __getitem__(self, name: str) -> Any:
        return self.values[self.columns[name]]


def _rows(db: Database, sql: str) -> Iterator[_Row]:
    cursor = db.execute(sql)
    columns = {d[0]: i for i, d in enumerate(cursor.description)}
    for values in cursor:
        yield _Row(columns, values)


def _sources(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{"url": r[0], "citation": r[1], "quote": r[2]} for r in rows]


def actor_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every actor with its stored key and aliases, by key."""
    aliases = _Grouped(
        db.execute(
            "SELECT a.key, l.name, l.key FROM actor_aliases l JOIN actors a ON a.id = l.actor_id "
            "ORDER BY a.key, l.key"
        )
    )
    for name, key in db.execute("SELECT name, key FROM actors ORDER BY key"):
        yield {
            "name": name,
            "key": key,
            "aliases": [{"name": r[0], "key": r[1]} for r in aliases.take(key)],
        }


def event_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every event, by key."""
    for name, key, held_on, place in db.execute(
        "SELECT name, key, held_on, place FROM events ORDER BY key"
    ):
        yield {"name": name, "key": key, "held_on": held_on, "place": place}


def rate_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every exchange rate the user recorded, in the order they were recorded (by time, then
    uid: not by this ledger's own ids)."""
    for uid, base, counter, rate, valid_on, source, note, recorded_at in db.execute(
        "SELECT uid, base, counter, rate, valid_on, source, note, recorded_at FROM rates "
        "ORDER BY recorded_at, uid"
    ):
        yield {
            "uid": uid,
            "base": base,
            "counter": counter,
            "rate": Decimal(rate),
            "valid_on": valid_on,
            "source": source,
            "note": note,
            "recorded_at": recorded_at,
        }


def _of_pledges(db: Database, columns: str, table: str, order: str) -> _Grouped:
    """The rows of a table of pledges' parts, in the pledges' order."""
    return _Grouped(
        db.execute(
            f"SELECT p.created_at, p.uid, {columns} FROM {table} JOIN pledges p "
            f"ON p.id = x.pledge_id ORDER BY {PLEDGE_ORDER}, {order}"
        ),
        width=2,
    )


def pledge_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every pledge's stored fields with its recipients, tags, sources and edit history, in the
    order they were created."""
    recipients = _of_pledges(
        db, "a.name", "pledge_recipients x JOIN actors a ON a.id = x.actor_id", "x.position"
    )
    tags = _of_pledges(db, "x.tag", "pledge_tags x", "x.tag")
    sources = _of_pledges(db, "x.url, x.citation, x.quote", "sources x", "x.id")
    edit = "x.edited_at, x.field, x.old, x.new"
    edits = _of_pledges(db, edit, "pledge_edits x", edit)
    rows = _rows(
        db,
        f"""SELECT p.*, a.name AS actor_name, e.name AS event_name, pp.uid AS parent_uid
           FROM pledges p JOIN actors a ON a.id = p.actor_id
           LEFT JOIN pledges pp ON pp.id = p.parent_id
           LEFT JOIN events e ON e.id = p.event_id ORDER BY {PLEDGE_ORDER}""",
    )
    for row in rows:
        key = (row["created_at"], row["uid"])
        target = row["target_milli"]
        yield {
            "uid": row["uid"],
            "title": row["title"],
            "actor": row["actor_name"],
            "recipient": [r[0] for r in recipients.take(*key)],
            "event": row["event_name"],
            "kind": row["kind"],
            "target": from_milli(target) if target is not None else None,
            "unit": row["unit"],
            "target_qualifier": row["target_qualifier"],
            "target_qualifier_text": row["target_qualifier_text"],
            "target_high": from_milli(high)
            if (high := row["target_high_milli"]) is not None
            else None,
            "target_rate": row["target_rate"],
            "target_text": row["target_text"],
            "counts": row["counts"],
            "deadline": row["deadline_on"],
            "deadline_precision": row["deadline_precision"],
            "deadline_basis": row["deadline_basis"],
            "deadline_phrase": row["deadline_phrase"],
            "announced_on": row["announced_on"],
            "quote": row["quote"],
            "note": row["note"],
            "created_at": row["created_at"],
            "parent_uid": row["parent_uid"],
            "tags": [r[0] for r in tags.take(*key)],
            "sources": _sources(sources.take(*key)),
            "edits": [
                {"edited_at": r[0], "field": r[1], "old": r[2], "new": r[3]}
                for r in edits.take(*key)
            ],
        }


def update_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every update's stored fields with its sources and void, in the order they were recorded."""
    sources = _Grouped(
        db.execute(
            "SELECT u.recorded_at, u.uid, s.url, s.citation, s.quote FROM sources s "
            f"JOIN updates u ON u.id = s.update_id ORDER BY {UPDATE_ORDER}, s.id"
        ),
        width=2,
    )
    cursor = db.execute(
        "SELECT u.uid, p.uid, u.happened_on, u.recorded_at, u.stage, u.amount_milli, u.unit, "
        "u.mode, u.verdict, u.note, u.quote, v.uid, v.voided_at, v.note "
        "FROM updates u JOIN pledges p ON p.id = u.pledge_id "
        f"LEFT JOIN voids v ON v.update_id = u.id ORDER BY {UPDATE_ORDER}"
    )
    for row in cursor:  # a whole ledger's updates: tuples, not a dict a row
        (uid, pledge_uid, happened_on, recorded_at, stage, amount, unit, mode, verdict, note,
         quote, void_uid, voided_at, void_note) = row  # fmt: skip
        yield {
            "uid": uid,
            "pledge_uid": pledge_uid,
            "happened_on": happened_on,
            "recorded_at": recorded_at,
            "stage": stage,
            "amount": from_milli(amount) if amount is not None else None,
            "unit": unit,
            "mode": mode,
            "verdict": verdict,
            "note": note,
            "quote": quote,
            "sources": _sources(sources.take(recorded_at, uid)),
            "void": {"uid": void_uid, "voided_at": voided_at, "note": void_note}
            if void_uid
            else None,
        }


def ledger_sections(db: Database) -> list[tuple[str, Iterator[dict[str, Any]]]]:
    """The sections of the whole-ledger document, each a stream of records."""
    return [
        ("actors", actor_records(db)),
        ("events", event_records(db)),
        ("rates", rate_records(db)),
        ("pledges", pledge_records(db)),
        ("updates", update_records(db)),
    ]


def existing_uids(db: Database, table: str) -> set[str]:
    """The uids already in `pledges`, `updates` or `rates` (table names come from code, never
    the user)."""
    assert table in ("pledges", "updates", "rates")
    return {r[0] for r in db.execute(f"SELECT uid FROM {table}")}


def has_rows(db: Database, table: str) -> bool:
    """Whether `pledges` or `updates` holds any row (table names come from code)."""
    assert table in ("pledges", "updates")
    return db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def uids_present(db: Database, table: str, uids: Iterable[str]) -> set[str]:
    """Which of these uids `pledges` or `updates` holds (table names come from code)."""
    assert table in ("pledges", "updates")
    wanted = json.dumps(list(uids))
    return {
        r[0]
        for r in db.execute(
            f"SELECT uid FROM {table} WHERE uid IN (SELECT value FROM json_each(?))", [wanted]
        )
    }


def taken_pledge_ids(db: Database, ids: Iterable[int]) -> bool:
    """Whether any of these short ids is already used by a pledge in the ledger."""
    wanted = list(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        if db.execute(f"SELECT 1 FROM pledges WHERE id IN ({marks}) LIMIT 1", chunk).fetchone():
            return True
    return False


def pledge_ids_by_uid(db: Database) -> dict[str, tuple[int, str]]:
    """Every pledge's uid -> (short id, counting stage), for resolving imported updates."""
    return {r[0]: (int(r[1]), r[2]) for r in db.execute("SELECT uid, id, counts FROM pledges")}


def add_void(db: Database, update_uid: str, uid: str, voided_at: str, note: str) -> bool:
    """Void the update with `update_uid` unless it is voided already; whether it was added."""
    row = db.execute(
        "SELECT u.id, v.id FROM updates u LEFT JOIN voids v ON v.update_id = u.id WHERE u.uid = ?",
        [update_uid],
    ).fetchone()
    if row is None or row[1] is not None:
        return False
    db.execute(
        "INSERT INTO voids (uid, update_id, voided_at, note) VALUES (?, ?, ?, ?)",
        [uid, row[0], voided_at, note],
    )
    return True


def pledge_matches(db: Database) -> tuple[dict[tuple[str, str, str | None], int], dict[str, str]]:
    """What a probable duplicate is matched against: each pledge's (actor key, title, announced
    date) with its id, and every actor alias's key with its actor's key."""
    pledges = {
        (actor, title, announced): int(pledge_id)
        for pledge_id, actor, title, announced in db.execute(
            "SELECT p.id, a.key, p.title, p.announced_on FROM pledges p "
            "JOIN actors a ON a.id = p.actor_id ORDER BY p.id DESC"
        )
    }
    rows = db.execute("SELECT l.key, a.key FROM actor_aliases l JOIN actors a ON a.id = l.actor_id")
    return pledges, {str(alias): str(actor) for alias, actor in rows}


def merge_actor(db: Database, name: str, key: str, aliases: Iterable[tuple[str, str]]) -> None:
    """Add an actor by its stored key (or keep the one with that key), with its aliases."""
    row = db.execute("SELECT id FROM actors WHERE key = ?", [key]).fetchone()
    if row is None:
        actor_id = int(
            db.execute("INSERT INTO actors (name, key) VALUES (?, ?)", [name, key]).lastrowid or 0
        )
    else:
        actor_id = int(row[0])
    for alias_name, alias_key in aliases:
        db.execute(
            "INSERT OR IGNORE INTO actor_aliases (key, name, actor_id) VALUES (?, ?, ?)",
            [alias_key, alias_name, actor_id],
        )


def merge_event(db: Database, name: str, key: str, held_on: str | None, place: str | None) -> None:
    """Add an event by its stored key, unless the ledger has one with that key."""
    db.execute(
        "INSERT INTO events (name, key, held_on, place) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (key) DO NOTHING",
        [name, key, held_on, place],
    )
