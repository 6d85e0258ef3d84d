"""`backup FILE`: a consistent copy of the ledger made with SQLite's backup API, written to a
temporary file beside the target and linked into place, never over an existing file.

No Typer, no Rich; errors are the project's own.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from pledgetrack.errors import FileProblemError
from pledgetrack.storage.ledger import Ledger, translate_sqlite_errors


def write_backup(ledger: Ledger, target: Path) -> None:
    """Copy the open ledger to `target`, a file that must not exist yet."""
    if target.exists() or target.is_symlink():
        raise FileProblemError(f"{target} already exists; a backup never replaces a file")
    folder = target.parent
    if not folder.is_dir():
        raise FileProblemError(f"cannot write {target}: the folder does not exist")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=".pledgetrack-backup-", suffix=".db", dir=folder)
    except OSError as error:
        raise FileProblemError(f"cannot write {target}: {error.strerror}") from None
    os.close(fd)
    temp = Path(temp_name)
    try:
        with translate_sqlite_errors(ledger.path):
            copy = sqlite3.connect(str(temp))
            try:
                ledger.db.conn.backup(copy)
                # A backup is one self-contained file: no -wal beside it to lose in a copy.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        _link_into_place(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _link_into_place(temp: Path, target: Path) -> None:
    """Give the finished copy its name, failing rather than replacing a file made meanwhile."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise FileProblemError(f"{target} already exists; a backup never replaces a file") from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise FileProblemError(
                f"{target} already exists; a backup never replaces a file"
            ) from None
        try:
            temp.rename(target)
        except OSError as error:
            raise FileProblemError(f"cannot write {target}: {error.strerror}") from None
