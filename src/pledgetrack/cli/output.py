"""The one place that prints: data to stdout, messages to stderr, colour only on a terminal.

User text always enters Rich as `Text` built by `literal`, never as markup, and cleaned of control
characters first.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar, cast

from pledgetrack.domain.text import clean_line, clean_text
from pledgetrack.errors import OutputError

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment
    from rich.text import Text


def _no_color() -> bool:
    return "NO_COLOR" in os.environ


@cache
def stdout_console() -> Console:
    """The console for data."""
    from rich.console import Console

    class DataConsole(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1; a reader that stopped early ends the output quietly (exit 0).
            raise BrokenPipeError

    return DataConsole(no_color=_no_color(), highlight=False, emoji=False, markup=False)


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


class GuardedStdout:
    """Standard output whose failures are user errors: a full device or a closed descriptor
    becomes OutputError (exit 1, one line); a reader that stopped early stays BrokenPipeError,
    which ends a reading command quietly."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def _guarded(self, action: Callable[[TextIO], T]) -> T:
        if self._stream is None:
            raise OutputError("cannot write to standard output: it is closed")
        try:
            return action(self._stream)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(f"cannot write to standard output: {error.strerror}") from None
        except ValueError:  # the stream was closed under us
            raise OutputError("cannot write to standard output: it is closed") from None

    def write(self, text: str) -> int:
        """Write, turning a failure into OutputError."""
        return self._guarded(lambda stream: stream.write(text))

    def flush(self) -> None:
        """Flush, turning a failure into OutputError (nothing to flush when closed)."""
        if self._stream is not None:
            self._guarded(lambda stream: stream.flush())

    def isatty(self) -> bool:
        """Whether output goes to a terminal (colour, widths)."""
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def drop_unwritten_output() -> None:
    """Send what is still buffered for a stdout that failed to nowhere, so that the interpreter's
    last flush at exit cannot fail again and print a traceback."""
    if isinstance(sys.stdout, GuardedStdout) and sys.stdout._stream is None:
        return
    reader_gone()


def guard_streams() -> None:
    """In the console script: stdout failures become one `Error:` line, and a closed stderr
    swallows messages instead of turning every error into a crash (the exit code still tells)."""
    sys.stdout = cast(TextIO, GuardedStdout(sys.stdout))
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 (for the process)


def deliver(text: str) -> None:
    """Write a write command's result (a new id) to stdout and flush it, inside the command's
    transaction: if it cannot be delivered, the transaction rolls back and nothing is recorded.
    A reader that is gone is an error here, not a quiet end: the result was never received."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputError(
            "cannot write to standard output: the reading end of the pipe is closed"
        ) from None


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


class IndentedLines:
    """Lines of cleaned user text, indented, each wrapped at the terminal's width only when it is
    longer: a Rich renderable that costs a little per line, for texts of any length (Rich's own
    Text wraps and crops every line of a long text through its general layout)."""

    def __init__(self, lines: Sequence[str], indent: int) -> None:
        self.lines, self.indent = lines, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.text import Text

        room = max(options.max_width - self.indent, 1)
        pad = " " * self.indent
        for line in self.lines:
            if cell_len(line) <= room:
                yield Segment(pad + line + "\n")
                continue
            for part in Text(line).wrap(console, room):
                yield Segment(pad + part.plain + "\n")


def emit(renderable: RenderableType) -> None:
    """Print a Rich renderable to stdout."""
    if isinstance(renderable, IndentedLines):  # already laid out, line by line
        stdout_console().print(renderable, crop=False, soft_wrap=True)
        return
    stdout_console().print(renderable)


def emit_text(text: str) -> None:
    """Write machine-readable text (JSON, CSV) to stdout as it is."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def message(text: str) -> None:
    """A one-line message to stderr (user text in it is cleaned); lost, not fatal, when stderr
    cannot be written."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(clean_line(text) + "\n")
