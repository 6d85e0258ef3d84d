"""`pledgetrack backup FILE`: a consistent copy of the ledger, never over an existing file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pledgetrack.cli.output import message
from pledgetrack.cli.session import session


def backup(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Where to write the copy (must not exist).")
    ],
) -> None:
    """Write a consistent copy of the ledger to FILE, even while others write to it.

    The copy is a ledger of its own: open it with --db. An existing FILE is never replaced.

    Example: pledgetrack backup ~/pledges-2026-11-22.db
    """
    from pledgetrack.services.checks import backup_ledger

    target = file.expanduser()
    with session(ctx).open() as ledger:
        backup_ledger(ledger, target)
    message(f"Backed up {ledger.path} to {target}.")
