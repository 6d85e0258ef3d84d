"""The `pledgetrack` Typer application: global options and the lazily loaded command list."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pledgetrack import __version__
from pledgetrack.cli.commands import LazyCommands
from pledgetrack.cli.session import Session

app = typer.Typer(
    name="pledgetrack",
    cls=LazyCommands,
    help="A ledger of diplomatic commitments: record pledges and evidence, see which were kept.",
    no_args_is_help=True,
    add_completion=True,
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
            readable=False,  # an unreadable ledger is the ledger's error (exit 1), not usage
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
