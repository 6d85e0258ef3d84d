"""Errors to exit codes, in one place: one `Error:` line on stderr, no traceback
(docs/errors.md)."""

from __future__ import annotations

import contextlib
import sys

import typer

# Typer bundles its own Click; its exception types are reached through Typer, never `click`.
from typer._click import exceptions as click_exceptions

from pledgetrack.domain.text import clean_line
from pledgetrack.errors import PledgetrackError

INTERRUPTED = 130
TERMINATED = 128 + 15  # SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so a write rolls back and temporary files go."""


def error_line(message: str) -> None:
    """Write one clean `Error:` line to stderr (when stderr itself cannot be written, the exit
    code still tells)."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"Error: {clean_line(message)}\n")
        sys.stderr.flush()


def run_app(app: typer.Typer, args: list[str]) -> int:
    """Run the Typer app on `args` without its own error printing; return the exit code, once
    everything written to stdout has reached it."""
    from pledgetrack.cli.output import drop_unwritten_output, new_consoles, reader_gone

    new_consoles()
    code = _run_app(app, args)
    try:
        sys.stdout.flush()
    except PledgetrackError as error:
        if code == 0:
            error_line(str(error))
            code = error.exit_code
        drop_unwritten_output()
    except BrokenPipeError:
        reader_gone()
    return code


def _run_app(app: typer.Typer, args: list[str]) -> int:
    try:
        result = app(args=args, prog_name="pledgetrack", standalone_mode=False)
    except PledgetrackError as error:
        error_line(str(error))
        return error.exit_code
    except click_exceptions.NoArgsIsHelpError as error:
        sys.stdout.write(error.format_message() + "\n")  # no command given: the help, as asked
        return 0
    except click_exceptions.UsageError as error:
        error_line(error.format_message())
        return 2
    except typer.Abort:
        error_line("interrupted")
        return INTERRUPTED
    except KeyboardInterrupt:
        error_line("interrupted")
        return INTERRUPTED
    except Terminated:
        error_line("terminated")
        return TERMINATED
    except click_exceptions.ClickException as error:
        error_line(error.format_message())
        return error.exit_code
    except BrokenPipeError:  # before or after a command ran: the reader stopped early
        from pledgetrack.cli.output import reader_gone

        reader_gone()
        return 0
    except typer.Exit as done:
        return done.exit_code
    if result == INTERRUPTED:  # Typer turns Ctrl-C into a returned 130, without a word
        error_line("interrupted")
    if isinstance(result, int):
        return result
    return 0
