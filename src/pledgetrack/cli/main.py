"""Entry point of the `pledgetrack` console script and of `python -m pledgetrack`.

Nothing is imported here at start-up: `pledgetrack --version` answers before Typer is loaded,
and every other command line goes to the Typer app, whose errors become exit codes in one place
(`pledgetrack.cli.errors`, DESIGN §7).
"""

from __future__ import annotations

import sys


def run() -> None:
    """Run the command line, turning every error into one line and an exit code."""
    if sys.argv[1:] == ["--version"]:
        from pledgetrack import __version__

        sys.stdout.write(f"pledgetrack {__version__}\n")
        sys.exit(0)
    from pledgetrack.cli.app import app
    from pledgetrack.cli.errors import run_app

    sys.exit(run_app(app))
