"""`backup FILE`: a consistent copy of an open ledger, even while others write to it, never over
an existing file. No Typer, no Rich; errors are the project's own.
"""

from __future__ import annotations

from pathlib import Path

from pledgetrack.storage.copies import copy_database
from pledgetrack.storage.ledger import Ledger, translate_sqlite_errors


def write_backup(ledger: Ledger, target: Path) -> None:
    """Copy the open ledger to `target`, a file that must not exist yet."""
    with translate_sqlite_errors(ledger.path):
        copy_database(ledger.db.conn, ledger.path, target)
