"""The rows an import has read so far: each row's uid with the line it is on, so a uid given on
two rows is refused naming both lines, and an error found only at the end (a running total too
large to store) names the row it comes from.

They are kept in a temporary table beside the connection rather than in Python: half a million
rows take some 70 MB as a dict, and a few in SQLite's temporary storage, which spills to a file
and never reaches the ledger. Runs inside the caller's import transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

TABLE = "import_lines"
CACHE_KIB = 4096  # of temporary storage: faster than SQLite's 2 MiB at 500,000 rows, and small


@dataclass(frozen=True)
class Clash:
    """A uid given again: the position of the pair that gives it again, among the pairs added
    together, and the line of the row that gave it first."""

    index: int
    line: int


class ImportLines:
    """The (uid, line) of every row an import has read."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.execute(f"PRAGMA temp.cache_size = -{CACHE_KIB}")
        db.execute(f"DROP TABLE IF EXISTS temp.{TABLE}")
        db.execute(
            f"CREATE TEMP TABLE {TABLE} (uid TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
        )

    def add(self, pairs: Sequence[tuple[str, int]]) -> Clash | None:
        """Remember these rows' (uid, line), in one statement; if a uid among them is one of a
        row remembered already, or comes twice among them, remember none of them and say which
        pair gives it again, first (at most 16,000 pairs: SQLite binds 32,766 values)."""
        if not pairs:
            return None
        values = ", ".join(["(?, ?)"] * len(pairs))
        try:
            self.db.execute(
                f"INSERT INTO temp.{TABLE} (uid, line) VALUES {values}",
                [value for pair in pairs for value in pair],
            )
        except sqlite3.IntegrityError:  # the statement wrote nothing: find the uid given again
            uids = json.dumps([uid for uid, _ in pairs])
            earlier = dict(
                self.db.execute(
                    f"SELECT uid, line FROM temp.{TABLE} "
                    "WHERE uid IN (SELECT value FROM json_each(?))",
                    [uids],
                ).fetchall()
            )
            for index, (uid, line) in enumerate(pairs):
                if uid in earlier:
                    return Clash(index, int(earlier[uid]))
                earlier[uid] = line
            raise  # a uid given once each: a bug, not the user's file
        return None

    def line_of(self, uid: str) -> int | None:
        """The line of the row with this uid, if the import has read it."""
        row = self.db.execute(f"SELECT line FROM temp.{TABLE} WHERE uid = ?", [uid]).fetchone()
        return None if row is None else int(row[0])
