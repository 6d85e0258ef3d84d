"""Writing many pledges or updates at once, inside the caller's one import transaction.

Rows are collected and written many to one INSERT statement: the full-text triggers then run
inside one statement, and FTS5 writes one index segment per statement instead of one per row
(row by row, the 100,000 pledges of a large import spent three quarters of their time there).
Actors and events are looked up once per name rather than once per row; ids are handed out here,
since the caller holds the write lock. The rows are those of `inserts`, so a bulk
row is the same as one written by `add` or `update`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.model import NewPledge, NewUpdate, Pledge
from pledgetrack.storage import inserts, records, states

BATCH = 2000
ROWS_PER_STATEMENT = 500  # 500 x 22 parameters stays far below SQLite's limit of 32,766
CACHE_KIB = 8192  # 8 MiB: imports of 100,000 pledges as fast as with 64 MiB, in 60 MB less


class PledgeBatch:
    """New pledges, with their recipients, tags and sources, written `BATCH` at a time."""

    def __init__(self, db: Database) -> None:
        self.db = db
        _roomy_cache(db)
        self.next_id = _next_id(db, "pledges")
        self._actors: dict[str, int] = {}
        self._events: dict[tuple[str, date | None, str | None], int] = {}
        self._pledges: list[tuple[Any, ...]] = []
        self._recipients: list[tuple[int, int, int]] = []
        self._tags: list[tuple[int, str]] = []
        self._sources: list[tuple[Any, ...]] = []

    def add(
        self, new: NewPledge, *, uid: str, created_at: str, pledge_id: int | None = None
    ) -> int:
        """Queue a pledge, with the short id given or the next one; returns its id."""
        if pledge_id is None:
            pledge_id = self.next_id
        self.next_id = max(self.next_id, pledge_id + 1)
        event_id = None
        if new.event:
            event_key = (new.event, new.event_on, new.event_place)
            if event_key not in self._events:
                self._events[event_key] = records.ensure_event(
                    self.db, new.event, new.event_on, new.event_place
                )
            event_id = self._events[event_key]
        self._pledges.append(
            inserts.pledge_values(
                new,
                pledge_id=pledge_id,
                uid=uid,
                created_at=created_at,
                actor_id=self._actor(new.actor),
                event_id=event_id,
            )
        )
        recipients = records.recipient_ids(new.recipients, self._actor)
        self._recipients.extend(inserts.recipient_values(pledge_id, recipients))
        self._tags.extend(inserts.tag_values(pledge_id, new.tags))
        self._sources.extend(inserts.source_values(new.sources, pledge_id=pledge_id))
        if len(self._pledges) >= BATCH:
            self.flush()
        return pledge_id

    def flush(self) -> None:
        """Write what is queued."""
        conn = self.db.conn
        _insert_rows(conn, inserts.PLEDGE_INSERT, self._pledges)
        _insert_rows(conn, inserts.RECIPIENT_INSERT, self._recipients)
        conn.executemany(inserts.TAG_INSERT, self._tags)
        _insert_rows(conn, inserts.SOURCE_INSERT, self._sources)
        self._pledges, self._recipients, self._tags, self._sources = [], [], [], []

    def _actor(self, name: str) -> int:
        if name not in self._actors:
            self._actors[name] = records.ensure_actor(self.db, name)
        return self._actors[name]


class UpdateBatch:
    """New updates, with their sources, written `BATCH` at a time; the pledges they touch are
    remembered so their derived states are refreshed once each, at the end."""

    def __init__(self, db: Database) -> None:
        self.db = db
        _roomy_cache(db)
        self.next_id = _next_id(db, "updates")
        self.touched: set[int] = set()
        self._updates: list[tuple[Any, ...]] = []
        self._sources: list[tuple[Any, ...]] = []

    def add(self, pledge: Pledge, new: NewUpdate, *, uid: str, recorded_at: str) -> int:
        """Queue an update of `pledge`; returns the id it will have."""
        pledge_id = pledge.id
        update_id = self.next_id
        self.next_id += 1
        self._updates.append(
            inserts.update_values(
                new, update_id=update_id, uid=uid, pledge_id=pledge_id, recorded_at=recorded_at
            )
        )
        self._sources.extend(inserts.source_values(new.sources, update_id=update_id))
        self.touched.add(pledge_id)
        if len(self._updates) >= BATCH:
            self.flush()
        return update_id

    def flush(self) -> None:
        """Write what is queued."""
        _insert_rows(self.db.conn, inserts.UPDATE_INSERT, self._updates)
        _insert_rows(self.db.conn, inserts.SOURCE_INSERT, self._sources)
        self._updates, self._sources = [], []

    def finish(self) -> None:
        """Write what is queued and refresh the derived states of every pledge touched, and of
        the parents that count them, each once."""
        self.flush()
        states.refresh_many(self.db, self.touched)


def _next_id(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


def _roomy_cache(db: Database) -> None:
    """Let this connection cache enough pages that index inserts stop rereading the file."""
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _insert_rows(conn: sqlite3.Connection, insert: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Run `insert` (one `VALUES (?, ...)` group) for many rows, several rows per statement."""
    head, group = insert.rsplit("VALUES", 1)
    group = group.strip()
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        part = rows[start : start + ROWS_PER_STATEMENT]
        values = [value for row in part for value in row]
        conn.execute(f"{head} VALUES {', '.join([group] * len(part))}", values)
