"""The `pledgetrack` application: global options, the command list, and the one place errors become
exit codes (DESIGN §7).

Command modules are imported when registered, but heavy libraries (sqlite-utils, dateutil, Rich
tables) are imported inside the commands, so `--help` and `--version` stay fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pledgetrack import __version__
from pledgetrack.cli import commands
from pledgetrack.cli.session import Session

app = typer.Typer(
    name="pledgetrack",
    help="A ledger of diplomatic commitments: record pledges and evidence, see which were kept.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"pledgetrack {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="The ledger file (default: $PLEDGETRACK_DB, else the user data folder).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Record what governments pledge to each other, and whether they deliver.

    Example: pledgetrack add "Resettle refugees" --by "United States" --target "20,000 refugees"
    --due FY2023-2024 --announced 2022-06-10
    """
    ctx.obj = Session(db_option=db)


commands.register(app)


def run() -> None:
    """Entry point of the console script: run the app, turning every error into one line."""
    from pledgetrack.cli.errors import run_app

    sys.exit(run_app(app))
