"""The whole ledger as plain records, for the lossless `export --what all` and its `import`.

Reads every stored field (uids, timestamps, deadline basis, source quotes, edit history) in a
fixed order, streaming — tags and sources are merged in from one ordered query each, not fetched
per pledge — and writes the records back. Callers own the transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.amounts import from_milli

FORMAT_NAME = "pledgetrack-ledger"
FORMAT_VERSION = 3  # 2: a pledge keeps its target's wording (target_qualifier, ...); 3: rates
SECTIONS = ("actors", "events", "rates", "pledges", "updates")


class _Grouped:
    """Rows of an ordered query handed out group by group, as the owner ids come in order."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)
        self._next: tuple[Any, ...] | None = next(self._rows, None)

    def take(self, owner_id: int) -> list[tuple[Any, ...]]:
        """The rows of `owner_id` (whose first column is the owner's id); owners ascend."""
        taken: list[tuple[Any, ...]] = []
        while self._next is not None and self._next[0] <= owner_id:
            if self._next[0] == owner_id:
                taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def _sources(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{"url": r[1], "citation": r[2], "quote": r[3]} for r in rows]


def actor_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every actor with its stored key and aliases, in the order they were created."""
    aliases = _Grouped(
        db.execute("SELECT actor_id, name, key FROM actor_aliases ORDER BY actor_id, key")
    )
    for actor_id, name, key in db.execute("SELECT id, name, key FROM actors ORDER BY id"):
        yield {
            "name": name,
            "key": key,
            "aliases": [{"name": r[1], "key": r[2]} for r in aliases.take(actor_id)],
        }


def event_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every event, in the order they were created."""
    for name, key, held_on, place in db.execute(
        "SELECT name, key, held_on, place FROM events ORDER BY id"
    ):
        yield {"name": name, "key": key, "held_on": held_on, "place": place}


def rate_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every exchange rate the user recorded, in the order they were recorded."""
    for uid, base, counter, rate, valid_on, source, note, recorded_at in db.execute(
        "SELECT uid, base, counter, rate, valid_on, source, note, recorded_at FROM rates "
        "ORDER BY id"
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


def pledge_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every pledge's stored fields with its tags, sources and edit history, by id."""
    tags = _Grouped(db.execute("SELECT pledge_id, tag FROM pledge_tags ORDER BY pledge_id, tag"))
    sources = _Grouped(
        db.execute(
            "SELECT pledge_id, url, citation, quote FROM sources "
            "WHERE pledge_id IS NOT NULL ORDER BY pledge_id, id"
        )
    )
    edits = _Grouped(
        db.execute(
            "SELECT pledge_id, edited_at, field, old, new FROM pledge_edits ORDER BY pledge_id, id"
        )
    )
    rows = db.query(
        """SELECT p.*, a.name AS actor_name, r.name AS recipient_name, e.name AS event_name
           FROM pledges p JOIN actors a ON a.id = p.actor_id
           LEFT JOIN actors r ON r.id = p.recipient_id
           LEFT JOIN events e ON e.id = p.event_id ORDER BY p.id"""
    )
    for row in rows:
        pledge_id = int(row["id"])
        target = row["target_milli"]
        yield {
            "uid": row["uid"],
            "id": pledge_id,
            "title": row["title"],
            "actor": row["actor_name"],
            "recipient": row["recipient_name"],
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
            "tags": [r[1] for r in tags.take(pledge_id)],
            "sources": _sources(sources.take(pledge_id)),
            "edits": [
                {"edited_at": r[1], "field": r[2], "old": r[3], "new": r[4]}
                for r in edits.take(pledge_id)
            ],
        }


def update_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every update's stored fields with its sources, in the order they were recorded."""
    sources = _Grouped(
        db.execute(
            "SELECT update_id, url, citation, quote FROM sources "
            "WHERE update_id IS NOT NULL ORDER BY update_id, id"
        )
    )
    rows = db.query(
        "SELECT u.*, p.uid AS pledge_uid, v.uid AS void_uid, v.voided_at, v.note AS void_note "
        "FROM updates u JOIN pledges p ON p.id = u.pledge_id "
        "LEFT JOIN voids v ON v.update_id = u.id ORDER BY u.id"
    )
    for row in rows:
        amount = row["amount_milli"]
        yield {
            "uid": row["uid"],
            "pledge_uid": row["pledge_uid"],
            "happened_on": row["happened_on"],
            "recorded_at": row["recorded_at"],
            "stage": row["stage"],
            "amount": from_milli(amount) if amount is not None else None,
            "unit": row["unit"],
            "mode": row["mode"],
            "verdict": row["verdict"],
            "note": row["note"],
            "quote": row["quote"],
            "sources": _sources(sources.take(int(row["id"]))),
            "void": {
                "uid": row["void_uid"],
                "voided_at": row["voided_at"],
                "note": row["void_note"],
            }
            if row["void_uid"]
            else None,
        }


def _void(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["void_uid"] is None:
        return None
    return {"uid": row["void_uid"], "voided_at": row["voided_at"], "note": row["void_note"]}


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
