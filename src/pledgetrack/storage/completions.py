"""The words shell completion offers from a ledger: its pledge ids, actors and tags, read
through a read-only connection that waits for no lock; a ledger that cannot be read offers none.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from pledgetrack.storage.connections import ledger_uri

QUERIES = {
    "ids": "SELECT id FROM pledges ORDER BY id",
    "actors": "SELECT name FROM actors ORDER BY name",
    "tags": "SELECT DISTINCT tag FROM pledge_tags ORDER BY tag",
}


def ledger_words(path: Path, what: str) -> list[str]:
    """The ledger's ids, actors or tags (one of QUERIES), or nothing when it cannot be read."""
    try:
        with contextlib.closing(
            sqlite3.connect(ledger_uri(path, "ro"), uri=True, timeout=0.2)
        ) as conn:
            return [str(row[0]) for row in conn.execute(QUERIES[what])]
    except (sqlite3.Error, OSError):
        return []
