"""Connecting to a ledger file, and SQLite's errors about it told to the user as errors about the
ledger.

A path is handed to SQLite as a URI of its bytes, so any name the file system allows works. A
read-only connection reads a WAL ledger even where it cannot create the `-shm` beside it (a
read-only folder), as SQLite allows for a database nobody is writing. No Typer, no Rich.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from pledgetrack.errors import LedgerError, LedgerLockedError, NotALedgerError

DEFAULT_TIMEOUT = 5.0

# What SQLite says when it cannot create the -shm a WAL reader needs, or open it read-only.
_NO_SHARED_MEMORY = {sqlite3.SQLITE_READONLY_DIRECTORY, sqlite3.SQLITE_CANTOPEN}


def ledger_uri(path: Path, mode: str) -> str:
    """The `file:` URI SQLite opens `path` by, in `mode` (ro, rw, ro&immutable=1)."""
    return "file:" + urllib.parse.quote(os.fsencode(path.resolve())) + "?mode=" + mode


def connect(path: Path, *, readonly: bool, timeout: float) -> sqlite3.Connection:
    """A connection to the existing file `path`, waiting up to `timeout` seconds for locks."""
    with translate_sqlite_errors(path):
        if not readonly:
            return _configured(sqlite3.connect(ledger_uri(path, "rw"), uri=True), timeout)
        conn = _configured(sqlite3.connect(ledger_uri(path, "ro"), uri=True), timeout)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            conn.close()
            if error.sqlite_errorcode not in _NO_SHARED_MEMORY or has_content(Path(f"{path}-wal")):
                raise
            # A WAL ledger with no -wal beside it, in a folder this user cannot write: nobody is
            # writing it (a writer keeps a -wal there), so it is read as it is on disk.
            conn = sqlite3.connect(ledger_uri(path, "ro&immutable=1"), uri=True)
            conn = _configured(conn, timeout)
        return conn


def _configured(conn: sqlite3.Connection, timeout: float) -> sqlite3.Connection:
    conn.execute("PRAGMA foreign_keys = ON")
    # Each page is checked for damaged cells as it is read (a few per cent of a read's time), so a
    # write meets damage as an error, and rolls back, rather than reading it as data.
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return conn


def has_content(path: Path) -> bool:
    """Whether `path` exists and is not empty (an empty -wal or -journal holds nothing)."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def is_corruption(error: sqlite3.Error) -> bool:
    """Whether SQLite found the file damaged (not merely locked, full or unreadable)."""
    message = str(error)
    return isinstance(error, sqlite3.DatabaseError) and (
        "malformed" in message or "corrupt" in message
    )


def corrupt_ledger(path: Path, what: str) -> LedgerError:
    """The error for a ledger SQLite finds damaged: nothing was changed, and what to do."""
    return LedgerError(
        f"the ledger {path} is damaged ({what}); nothing was changed. Run `pledgetrack check` "
        "to see what is wrong, and restore a backup"
    )


@contextlib.contextmanager
def translate_sqlite_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's errors about the file into the user's errors about the ledger."""
    try:
        yield
    except sqlite3.OperationalError as error:
        message = str(error)
        if "locked" in message or "busy" in message:
            raise LedgerLockedError(
                f"the ledger {path} is locked by another process; try again in a moment"
            ) from error
        if "readonly" in message or "read-only" in message:
            raise LedgerError(f"cannot write to the ledger {path}: {message}") from error
        if "disk" in message or "unable to open" in message:
            raise LedgerError(f"cannot use the ledger {path}: {message}") from error
        raise
    except sqlite3.DatabaseError as error:
        message = str(error)
        if "not a database" in message:
            raise NotALedgerError(f"{path} is not a pledgetrack ledger") from error
        if is_corruption(error):
            raise corrupt_ledger(path, message) from error
        raise
