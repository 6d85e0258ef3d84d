"""Whether a file may be opened as a ledger, decided before SQLite is let near it: a regular file
(a FIFO would block, a device is not a ledger), SQLite, marked as pledgetrack's
(`application_id`), and not newer than this pledgetrack (`user_version`).

Refused files are not changed by a byte. The one write is SQLite's own: a hot rollback journal
that a writer left when it stopped mid-write is rolled back, as any SQLite connection that may
write does on first read, so the ledger is read as it was before that write. No Typer, no Rich.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from pledgetrack.errors import LedgerError, LedgerNewerError, NotALedgerError
from pledgetrack.storage.connections import (
    connect,
    has_content,
    ledger_uri,
    translate_sqlite_errors,
)
from pledgetrack.storage.migrations import schema_version

APPLICATION_ID = 0x504C4447  # "PLDG"
SQLITE_HEADER = b"SQLite format 3\x00"

# What SQLite says when it cannot roll a hot journal back: the ledger or the journal (or the
# folder, where the journal must be deleted) cannot be written by this user.
_CANNOT_ROLL_BACK = {sqlite3.SQLITE_READONLY_ROLLBACK, sqlite3.SQLITE_CANTOPEN}


def check_header(path: Path, timeout: float) -> int:
    """The ledger's schema version, after refusing anything that is not a ledger we can read."""
    header = _read_header(path)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotALedgerError(f"{path} is not a pledgetrack ledger (not an SQLite file)")
    # The header's own fields, so a refused file does not even get a -shm beside it.
    version = int.from_bytes(header[60:64], "big", signed=True)
    application_id = int.from_bytes(header[68:72], "big", signed=True)
    journal = Path(f"{path}-journal")
    if application_id == APPLICATION_ID and has_content(journal):
        # A writer of this ledger stopped mid-write: the file holds part of its change, the
        # journal what it replaced. (Another application's file is refused as it is.)
        application_id, version = _roll_back(path, journal, timeout)
    elif has_content(Path(f"{path}-wal")):
        # Committed changes may still be in the WAL, the header among them: ask SQLite itself.
        with translate_sqlite_errors(path):
            conn = connect(path, readonly=True, timeout=timeout)
            try:
                application_id, version = _pragmas(conn)
            finally:
                conn.close()
    if application_id != APPLICATION_ID:
        raise NotALedgerError(
            f"{path} is an SQLite file of another application, not a pledgetrack ledger"
        )
    if version > schema_version():
        raise LedgerNewerError(
            f"the ledger {path} has schema version {version}, newer than this pledgetrack "
            f"understands ({schema_version()}); upgrade pledgetrack"
        )
    return version


def _read_header(path: Path) -> bytes:
    """The first 100 bytes of `path`, refusing at once what is not a regular file."""
    try:
        # Non-blocking: opening a FIFO must not wait for a writer to appear.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise LedgerError(f"cannot read the ledger {path}: {error.strerror}") from error
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise NotALedgerError(f"{path} is a folder, not a pledgetrack ledger")
        if not stat.S_ISREG(mode):
            raise NotALedgerError(
                f"{path} is not a regular file ({_kind(mode)}), not a pledgetrack ledger"
            )
        return os.pread(fd, 100, 0)
    except OSError as error:
        raise LedgerError(f"cannot read the ledger {path}: {error.strerror}") from error
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a plain file"


def _roll_back(path: Path, journal: Path, timeout: float) -> tuple[int, int]:
    """Roll back the unfinished write a hot journal describes (SQLite does it on the first read
    of a connection that may write), then read the header as it was before that write."""
    try:
        conn = sqlite3.connect(ledger_uri(path, "rw"), uri=True, timeout=timeout)
        try:
            return _pragmas(conn)
        finally:
            conn.close()
    except sqlite3.Error as error:
        if error.sqlite_errorcode not in _CANNOT_ROLL_BACK:
            with translate_sqlite_errors(path):
                raise
        raise LedgerError(
            f"the ledger {path} was left mid-write by a program that stopped ({journal.name} "
            f"beside it holds what that write replaced), and this user cannot write them to roll "
            f"it back: run any pledgetrack command on it as a user who can write {path}, "
            f"{journal.name} and their folder, and do not delete {journal.name}"
        ) from error


def _pragmas(conn: sqlite3.Connection) -> tuple[int, int]:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return int(application_id), int(version)
