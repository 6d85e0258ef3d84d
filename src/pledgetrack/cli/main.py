"""Entry point of the `pledgetrack` console script and of `python -m pledgetrack`.

Nothing is imported here at start-up: `pledgetrack --version` answers before Typer is loaded,
and every other command line goes to the Typer app, whose errors become exit codes in one place
(`pledgetrack.cli.errors`; the codes are listed in the README).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence


def main(argv: Sequence[str]) -> int:
    """Run one command line (the words after `pledgetrack`); return its exit code."""
    if list(argv) == ["--version"]:
        from pledgetrack import __version__

        sys.stdout.write(f"pledgetrack {__version__}\n")
        return 0
    for word in text_arguments(argv):
        if not is_utf8(word):
            from pledgetrack.cli.errors import error_line

            shown = word.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            error_line(
                f"the argument '{shown}' is not UTF-8 text; pledgetrack reads arguments as UTF-8"
            )
            return 2
    from pledgetrack.cli.app import app
    from pledgetrack.cli.errors import run_app

    return run_app(app, list(argv))


PATH_OPTIONS = ("--db", "--output", "-o")
PATH_COMMANDS = ("import", "backup")  # whose own words are files


def text_arguments(argv: Sequence[str]) -> Iterator[str]:
    """The words of a command line that are text, leaving out file paths: a path may hold any
    bytes its file system allows, UTF-8 or not."""
    command = None
    words = iter(argv)
    for word in words:
        if word in PATH_OPTIONS:
            next(words, None)
        elif word.startswith(("--db=", "--output=")) or (word.startswith("-o") and word != "-o"):
            continue
        elif command is None and not word.startswith("-"):
            command = word
            yield word
        elif command in PATH_COMMANDS and not word.startswith("-"):
            continue
        else:
            yield word


def is_utf8(word: str) -> bool:
    """Whether an argument decoded from the command line is text (bytes that are not UTF-8 come
    in as lone surrogates, which no file, terminal or SQLite text can hold)."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def run() -> None:
    """The console script: run the command line, turning every error into one line and a code."""
    import signal

    from pledgetrack.cli.output import guard_streams

    guard_streams()
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main(sys.argv[1:]))


def _terminate(signum: int, frame: object) -> None:
    from pledgetrack.cli.errors import Terminated

    raise Terminated
