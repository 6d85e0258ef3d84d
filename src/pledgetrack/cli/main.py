"""Entry point of the `pledgetrack` console script and of `python -m pledgetrack`.

Nothing is imported here at start-up: `pledgetrack --version` answers before Typer is loaded,
and every other command line goes to the Typer app, whose errors become exit codes in one place
(`pledgetrack.cli.errors`; the codes are listed in the README).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str]) -> int:
    """Run one command line (the words after `pledgetrack`); return its exit code."""
    if list(argv) == ["--version"]:
        from pledgetrack import __version__

        sys.stdout.write(f"pledgetrack {__version__}\n")
        return 0
    from pledgetrack.cli.app import app
    from pledgetrack.cli.errors import run_app

    return run_app(app, list(argv))


def run() -> None:
    """The console script: run the command line, turning every error into one line and a code."""
    sys.exit(main(sys.argv[1:]))
