"""Opening a ledger: the one way every command reaches the SQLite file.

`open_ledger` refuses what is not a pledgetrack ledger or is newer than this pledgetrack
(`storage.header`) without writing a byte, upgrades an older ledger in one transaction after
writing a backup beside it, and opens read-only when the command only reads. Writes go through
`Ledger.write()`, which takes the write lock up front (BEGIN IMMEDIATE). A ledger is put in WAL
mode only once a write has committed, so a command that fails, or a dry run, leaves a
rollback-journal ledger (a copy of the example, a backup) byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from pledgetrack.errors import LedgerError, LedgerLockedError, LedgerMissingError
from pledgetrack.storage.connections import (
    DEFAULT_TIMEOUT,
    connect,
    translate_sqlite_errors,
)
from pledgetrack.storage.copies import copy_database_file
from pledgetrack.storage.header import APPLICATION_ID, check_header
from pledgetrack.storage.migrations import MIGRATIONS, schema_version

# Also reached through this module, the one way in to a ledger.
__all__ = [
    "APPLICATION_ID",
    "DEFAULT_TIMEOUT",
    "Ledger",
    "open_ledger",
    "translate_sqlite_errors",
]


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
                # Rolled back first; translate_sqlite_errors then reports damage met on the way.
                if self.db.conn.in_transaction:
                    self.db.conn.execute("ROLLBACK")
                raise
            else:
                self.db.conn.execute("COMMIT")
                _use_wal(self.db.conn)

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


def open_ledger(
    path: Path, *, create: bool = False, readonly: bool = True, timeout: float = DEFAULT_TIMEOUT
) -> Ledger:
    """Open the ledger at `path`; only `create=True` (init, add) makes a missing one."""
    if not _exists(path):
        if not create:
            raise LedgerMissingError(
                f"no ledger at {path}; create one with `pledgetrack init` (or give --db)"
            )
        if not path.parent.is_dir():
            raise LedgerError(f"cannot create the ledger {path}: the folder does not exist")
        _create(path, timeout)
    version = check_header(path, timeout)
    if version < schema_version():
        _upgrade(path, version, timeout)
    conn = connect(path, readonly=readonly, timeout=timeout)
    return Ledger(db=Database(conn, execute_plugins=False), path=path, readonly=readonly)


def _exists(path: Path) -> bool:
    """Whether something is at `path`; a folder that cannot be searched is the user's to hear of,
    not a missing ledger to create."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as error:
        raise LedgerError(f"cannot use the ledger {path}: {error.strerror}") from error
    return True


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the ledger in WAL mode after a write has committed, so writers and readers do not
    block each other from then on (a copy of the example and a backup are rollback-journal
    files). Another connection reading it at this moment refuses the switch: the ledger is just
    as correct in rollback mode, and the next write tries again, without waiting."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:
        pass  # the write itself is committed; only the switch is put off
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def _create(path: Path, timeout: float) -> None:
    """Build a new ledger in a temporary file and link it into place, so nobody sees half of one.

    A new ledger is in WAL mode from the start; a full disk or a folder this user cannot write
    leaves nothing behind.
    """
    try:
        fd, temp_name = tempfile.mkstemp(prefix=".pledgetrack-", suffix=".db", dir=path.parent)
    except OSError as error:
        raise LedgerError(f"cannot create the ledger {path}: {error.strerror}") from error
    os.close(fd)
    temp = Path(temp_name)
    try:
        temp.unlink()
        conn = sqlite3.connect(temp, timeout=timeout)
        db = Database(conn, execute_plugins=False)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = OFF")  # as for an upgrade (`_migrate`)
            _migrate(db)
        finally:
            db.close()
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(temp, path)
    except (OSError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise LedgerError(f"cannot create the ledger {path}: {reason}") from error
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _upgrade(path: Path, version: int, timeout: float) -> None:
    """Back up an older ledger beside itself, then apply pending migrations in one transaction.

    The write lock is taken first, so the backup is exactly the ledger the migrations start from.
    """
    conn = connect(path, readonly=False, timeout=timeout)
    db = Database(conn, execute_plugins=False)
    try:
        with translate_sqlite_errors(path):
            # Off for the migrations (`_migrate` checks every reference before the commit); SQLite
            # ignores the switch inside a transaction, so it comes first.
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] < schema_version():
                # the caller holds the write lock with nothing written: the copy is committed data
                _write_upgrade_backup(path, version, timeout)
                pending = {migration.name for migration in MIGRATIONS.pending(db)}
                _migrate(db, begun=True)
                _refold_in_shared_order(db, pending)
                _refresh_converted(db)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        _use_wal(conn)
    except sqlite3.Error as error:
        if "locked" in str(error) or "busy" in str(error):
            raise LedgerLockedError(
                f"the ledger {path} is locked by another process; try again in a moment"
            ) from error
        raise LedgerError(f"cannot upgrade the ledger {path} (left as it was): {error}") from error
    finally:
        db.close()


def _refold_in_shared_order(db: Database, pending: set[str]) -> None:
    """Fold again, after migration m014 (if it was among the `pending` ones), the pledges whose
    same-day updates an earlier version folded in the order of this ledger's ids rather than
    the order every ledger shares (when recorded, then uid): a migration is SQL written once and
    cannot fold. The others' facts are the same either way, and are left as they are."""
    if "m014_fold_positions" not in pending:
        return
    from pledgetrack.storage import states

    states.refresh_many(db, states.folded_by_id(db))


def _refresh_converted(db: Database) -> None:
    """Fold again the pledges with progress in another currency than their target, a parent's
    parts' included: a migration is SQL written once and cannot convert, and a ledger of an
    earlier version left such amounts out of the count (an update's before m012, a part's in
    another currency than its parent's before m015), which now counts them converted where a
    rate allows."""
    from pledgetrack.storage import rates, states

    for pledge_id in rates.pledges_in_other_currencies(db):
        states.refresh_states(db, pledge_id)


def _write_upgrade_backup(path: Path, version: int, timeout: float) -> None:
    """Copy the ledger to `LEDGER.vN-TIMESTAMP.bak` beside it, unless an earlier attempt at
    this upgrade (one that failed, leaving the ledger as it was) already wrote the same copy."""
    earlier = sorted(path.parent.glob(f"{glob.escape(path.name)}.v{version}-*.bak"))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    backup = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    for attempt in range(2, 100):
        if not backup.exists():
            break
        backup = path.with_name(f"{path.name}.v{version}-{stamp}-{attempt}.bak")
    copy_database_file(path, backup, timeout=timeout)
    for old in earlier:
        if _same_bytes(old, backup):
            backup.unlink()
            return


def _same_bytes(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes (a copy of the same ledger is the same, byte for
    byte: the backup API copies pages as they are)."""
    try:
        if one.stat().st_size != other.stat().st_size:
            return False
        with one.open("rb") as first, other.open("rb") as second:
            while block := first.read(1 << 20):
                if block != second.read(len(block)):
                    return False
    except OSError:
        return False
    return True


def _migrate(db: Database, *, begun: bool = False) -> None:
    """Apply pending migrations and stamp the header, all in one transaction (the caller's, if
    `begun`; sqlite-utils nests each migration in a savepoint inside it).

    The connection has foreign keys off, as SQLite's procedure for changing a table's schema
    asks: a migration that rebuilds a table drops the old one, and with them on, that drop would
    delete every row referring to it (ON DELETE CASCADE). Before the commit, every reference is
    checked instead; one left broken fails the upgrade, and nothing of it stays.
    """
    if db.conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("migrations run with foreign keys off")  # a bug, not a user error
    if not begun:
        db.conn.execute("BEGIN IMMEDIATE")
    try:
        MIGRATIONS.apply(db)
        broken = db.conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise sqlite3.IntegrityError(
                f"a migration left {broken[0]} row {broken[1]} referring to a missing {broken[2]}"
            )
        db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.conn.execute(f"PRAGMA user_version = {schema_version()}")
    except BaseException:
        if not begun and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    if not begun:
        db.conn.execute("COMMIT")
