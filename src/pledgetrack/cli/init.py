"""`pledgetrack init`: create a ledger, empty or as a copy of the example the package ships."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli.output import message
from pledgetrack.cli.session import session
from pledgetrack.errors import FileProblemError, LedgerError


def init(
    ctx: typer.Context,
    example: Annotated[
        bool, typer.Option("--example", help="Start from a copy of pledges.db.example.")
    ] = False,
) -> None:
    """Create a ledger (empty, or a copy of the example ledger).

    Example: pledgetrack init          or   pledgetrack --db my.db init --example
    """
    current = session(ctx)
    path = current.ledger_path()
    if path.exists():
        ledger = current.open()  # refuses a file that is not a ledger, untouched
        ledger.close()
        message(f"A ledger already exists at {path}; nothing changed.")
        return
    if example:
        from importlib.resources import as_file, files

        from pledgetrack.storage.copies import copy_database_file
        from pledgetrack.storage.ledger import translate_sqlite_errors

        shipped = files("pledgetrack") / "data" / "pledges.db.example"
        if not shipped.is_file():
            raise FileProblemError(f"the example ledger is not installed ({shipped})")
        if not path.parent.is_dir():
            if current.is_default_path():
                current.make_default_folder()
            else:
                raise LedgerError(f"cannot create the ledger {path}: the folder does not exist")
        with as_file(shipped) as source, translate_sqlite_errors(path):
            copy_database_file(source, path, timeout=current.timeout())
        current.open().close()
        message(f"Created {path} from the example ledger.")
        return
    current.open(create=True, write=True).close()
    message(f"Created an empty ledger at {path}.")
