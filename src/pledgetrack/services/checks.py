"""Looking after the ledger file: `check` finds everything that can be wrong with it, file-level
first, then pledge by pledge; `backup` copies it.

Reads only; never writes the ledger, never prints. File-level problems come from SQLite itself;
when the file is damaged the pledge-level queries are not trusted and not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pledgetrack.storage import integrity
from pledgetrack.storage.backups import write_backup
from pledgetrack.storage.integrity import Problem
from pledgetrack.storage.ledger import Ledger, translate_sqlite_errors


@dataclass(frozen=True)
class CheckResult:
    """What `check` found, and how much it looked at."""

    problems: list[Problem]
    pledges: int
    updates: int


def check_ledger(ledger: Ledger) -> CheckResult:
    """Run every check on the ledger; an empty `problems` means it is sound."""
    db = ledger.db
    with translate_sqlite_errors(ledger.path):
        problems = integrity.file_problems(db)
        if problems:
            return CheckResult(problems, 0, 0)
        problems = integrity.foreign_key_problems(db)
        problems += integrity.falling_totals(db)
        problems += integrity.early_updates(db)
        problems += integrity.unit_mismatches(db)
        problems += integrity.amounts_on_actions(db)
        problems += integrity.parts_over_target(db)
        problems += integrity.parts_without_rates(db)
        problems += integrity.nested_parts(db)
        pledges, updates = integrity.counts(db)
    problems.sort(key=lambda p: (p.pledge_id is not None, p.pledge_id or 0))
    return CheckResult(problems, pledges, updates)


def backup_ledger(ledger: Ledger, target: Path) -> None:
    """Write a consistent copy of the open ledger to `target`, a file that must not exist yet."""
    write_backup(ledger, target)
