"""Copying a ledger to a new file: SQLite's backup API into a temporary file beside the target,
then linked into place, so the copy is never seen half-written and never replaces a file.

Used by `backup FILE`, by the backup an upgrade writes first and by `init --example`. No Typer,
no Rich.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import urllib.parse
from pathlib import Path

from pledgetrack.errors import FileProblemError


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database `source` reads to `target`, a file that must not exist yet."""
    if target.exists() or target.is_symlink():
        raise FileProblemError(f"{target} already exists; a backup never replaces a file")
    if not target.parent.is_dir():
        raise FileProblemError(f"cannot write {target}: the folder does not exist")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=".pledgetrack-copy-", dir=target.parent)
    except OSError as error:
        raise FileProblemError(f"cannot write {target}: {error.strerror}") from None
    os.close(fd)
    temp = Path(temp_name)
    try:
        copy = sqlite3.connect(str(temp))
        try:
            source.backup(copy)
            # One self-contained file: no -wal beside it to be lost when it is moved.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        _link_into_place(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def copy_database_file(source: Path, target: Path, *, timeout: float = 5.0) -> None:
    """Copy the database file `source`, through a read-only connection of its own so that copying
    never changes it, to `target`, a file that must not exist yet."""
    uri = "file:" + urllib.parse.quote(str(source.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        copy_database(conn, target)
    finally:
        conn.close()


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
