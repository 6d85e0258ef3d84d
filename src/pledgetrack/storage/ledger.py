"""Opening a ledger: the one way every command reaches the SQLite file.

`open_ledger` refuses what is not a pledgetrack ledger (SQLite's `application_id`) or is newer
than this pledgetrack (`user_version`) without writing a byte, upgrades an older ledger in one
transaction after writing a backup beside it, and opens read-only when the command only reads.
Writes go through `Ledger.write()`, which takes the write lock up front (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from pledgetrack.errors import (
    LedgerError,
    LedgerLockedError,
    LedgerMissingError,
    LedgerNewerError,
    NotALedgerError,
)
from pledgetrack.storage.copies import copy_database_file
from pledgetrack.storage.migrations import MIGRATIONS, schema_version

APPLICATION_ID = 0x504C4447  # "PLDG"
SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_TIMEOUT = 5.0


@dataclass
class Ledger:
    """An open ledger: a sqlite-utils Database and the path it came from."""

    db: Database
    path: Path
    readonly: bool
    _writing: bool = field(default=False, init=False, repr=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction, all or nothing, holding the write lock from the start.

        Inside another `write()` it joins the outer transaction, so a caller can make more than
        a service's own write depend on the commit (the command's output reaching stdout).
        """
        if self.readonly:
            raise RuntimeError("ledger opened read-only")  # a bug, not a user error
        if self._writing:
            yield self.db
            return
        self._writing = True
        try:
            with self._transaction():
                yield self.db
        finally:
            self._writing = False

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with translate_sqlite_errors(self.path):
            self.db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.db.conn.in_transaction:
                    self.db.conn.execute("ROLLBACK")
                raise
            else:
                self.db.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: object
    ) -> None:
        self.close()
        if isinstance(error, sqlite3.Error):  # e.g. a read that waited past the busy timeout
            with translate_sqlite_errors(self.path):
                raise error


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
        if "malformed" in message or "corrupt" in message:
            raise LedgerError(f"the ledger {path} is corrupt: {message}") from error
        raise


def open_ledger(
    path: Path, *, create: bool = False, readonly: bool = True, timeout: float = DEFAULT_TIMEOUT
) -> Ledger:
    """Open the ledger at `path`; only `create=True` (init, add) makes a missing one."""
    if not path.exists():
        if not create:
            raise LedgerMissingError(
                f"no ledger at {path}; create one with `pledgetrack init` (or give --db)"
            )
        if not path.parent.is_dir():
            raise LedgerError(f"cannot create the ledger {path}: the folder does not exist")
        _create(path, timeout)
    elif path.is_dir():
        raise NotALedgerError(f"{path} is a folder, not a pledgetrack ledger")
    version = _check_header(path, timeout)
    if version < schema_version():
        _upgrade(path, version, timeout)
    ledger = Ledger(
        db=_connect(path, readonly=readonly, timeout=timeout), path=path, readonly=readonly
    )
    return ledger


def _connect(path: Path, *, readonly: bool, timeout: float) -> Database:
    uri = (
        "file:" + urllib.parse.quote(str(path.resolve())) + ("?mode=ro" if readonly else "?mode=rw")
    )
    with translate_sqlite_errors(path):
        conn = sqlite3.connect(uri, uri=True, timeout=timeout)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if not readonly:  # a ledger copied from the example is in rollback mode; writers use WAL
            conn.execute("PRAGMA journal_mode = WAL")
    return Database(conn, execute_plugins=False)


def _check_header(path: Path, timeout: float) -> int:
    """The ledger's schema version, after refusing anything that is not a ledger we can read."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise LedgerError(f"cannot read the ledger {path}: {error.strerror}") from error
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise NotALedgerError(f"{path} is not a pledgetrack ledger (not an SQLite file)")
    if _pending_journal(path):
        # A WAL (or hot journal) may hold a newer header than the file: ask SQLite itself.
        with translate_sqlite_errors(path):
            conn = sqlite3.connect(
                "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro",
                uri=True,
                timeout=timeout,
            )
            try:
                application_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            finally:
                conn.close()
    else:
        # Read the header's own fields, so a refused file does not even get a -shm beside it.
        version = int.from_bytes(header[60:64], "big", signed=True)
        application_id = int.from_bytes(header[68:72], "big", signed=True)
    if application_id != APPLICATION_ID:
        raise NotALedgerError(
            f"{path} is an SQLite file of another application, not a pledgetrack ledger"
        )
    if version > schema_version():
        raise LedgerNewerError(
            f"the ledger {path} has schema version {version}, newer than this pledgetrack "
            f"understands ({schema_version()}); upgrade pledgetrack"
        )
    return int(version)


def _pending_journal(path: Path) -> bool:
    """Whether a non-empty -wal or -journal beside the file may hold changes not yet in it."""
    for suffix in ("-wal", "-journal"):
        try:
            if Path(f"{path}{suffix}").stat().st_size > 0:
                return True
        except OSError:
            continue
    return False


def _create(path: Path, timeout: float) -> None:
    """Build a new ledger in a temporary file and link it into place, so nobody sees half of one."""
    fd, temp_name = tempfile.mkstemp(prefix=".pledgetrack-", suffix=".db", dir=path.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        temp.unlink()
        conn = sqlite3.connect(str(temp), timeout=timeout)
        db = Database(conn, execute_plugins=False)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            _migrate(db)
        finally:
            db.close()
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(temp, path)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)


def _upgrade(path: Path, version: int, timeout: float) -> None:
    """Back up an older ledger beside itself, then apply pending migrations in one transaction.

    The write lock is taken first, so the backup is exactly the ledger the migrations start from.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    db = _connect(path, readonly=False, timeout=timeout)
    try:
        with translate_sqlite_errors(path):
            db.conn.execute("BEGIN IMMEDIATE")
        try:
            if db.conn.execute("PRAGMA user_version").fetchone()[0] < schema_version():
                # the caller holds the write lock with nothing written: the copy is committed data
                copy_database_file(path, backup, timeout=timeout)
                _migrate(db, begun=True)
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
    except sqlite3.Error as error:
        if "locked" in str(error) or "busy" in str(error):
            raise LedgerLockedError(
                f"the ledger {path} is locked by another process; try again in a moment"
            ) from error
        raise LedgerError(f"cannot upgrade the ledger {path} (left as it was): {error}") from error
    finally:
        db.close()


def _migrate(db: Database, *, begun: bool = False) -> None:
    """Apply pending migrations and stamp the header, all in one transaction (the caller's, if
    `begun`; sqlite-utils nests each migration in a savepoint inside it)."""
    if not begun:
        db.conn.execute("BEGIN IMMEDIATE")
    try:
        MIGRATIONS.apply(db)
        db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.conn.execute(f"PRAGMA user_version = {schema_version()}")
    except BaseException:
        if not begun and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    if not begun:
        db.conn.execute("COMMIT")
