"""The one place that prints: data to stdout, messages to stderr, colour only on a terminal.

User text always enters Rich as `Text` built by `literal`, never as markup, and cleaned of control
characters first.
"""

from __future__ import annotations

import io
import os
import sys
from functools import cache
from typing import TYPE_CHECKING

from pledgetrack.domain.text import clean_line, clean_text

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text


def _no_color() -> bool:
    return "NO_COLOR" in os.environ


@cache
def stdout_console() -> Console:
    """The console for data."""
    from rich.console import Console

    return Console(no_color=_no_color(), highlight=False, emoji=False, markup=False)


@cache
def stderr_console() -> Console:
    """The console for messages and progress."""
    from rich.console import Console

    return Console(stderr=True, no_color=_no_color(), highlight=False, emoji=False, markup=False)


def new_consoles() -> None:
    """Forget the consoles of an earlier command run in this process: each command line reads
    the terminal's width and NO_COLOR afresh."""
    stdout_console.cache_clear()
    stderr_console.cache_clear()


def reader_gone() -> None:
    """The reader of stdout stopped early (`export | head -1`): send what is left to nowhere, so
    the output ends quietly and the process exits 0."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (inside tests): nothing will flush to a closed pipe


def literal(text: str | None, style: str = "", *, one_line: bool = True) -> Text:
    """User text as Rich Text: shown as typed, never read as markup, control characters removed."""
    from rich.text import Text

    if text is None:
        return Text("")
    return Text(clean_line(text) if one_line else clean_text(text), style=style)


def emit(renderable: RenderableType) -> None:
    """Print a Rich renderable to stdout."""
    stdout_console().print(renderable)


def emit_text(text: str) -> None:
    """Write machine-readable text (JSON, CSV) to stdout as it is."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def message(text: str) -> None:
    """A one-line message to stderr (user text in it is cleaned)."""
    sys.stderr.write(clean_line(text) + "\n")
