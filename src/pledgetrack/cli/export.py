"""`pledgetrack export`: pledges or updates as CSV, JSON or NDJSON, or the whole ledger as JSON.

Writes to stdout, or with `-o FILE` to a temporary file beside FILE that is renamed into place
only when the export is complete, so no half-written file is ever left.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from pledgetrack.cli.options import FilterOptions, filter_options
from pledgetrack.cli.session import session
from pledgetrack.errors import FileProblemError, OutputError


@filter_options(without=("within",))
def export(
    ctx: typer.Context,
    filters: FilterOptions,
    what: Annotated[
        str,
        typer.Option(
            "--what", help="pledges, updates or all (the whole ledger, JSON).", metavar="WHAT"
        ),
    ] = "pledges",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv, json, ndjson or xlsx.", metavar="FORMAT")
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of stdout.", metavar="FILE"),
    ] = None,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="No ' before CSV text that starts like a formula (for programs, not "
            "spreadsheets); control characters are still left out.",
        ),
    ] = False,
) -> None:
    """Export pledges or updates for a spreadsheet, or the whole ledger to move it.

    CSV text cells that a spreadsheet would run as a formula, or that begin with ', get a
    leading ' (not with --raw); import takes it off again.
    `--what all --format json` is the whole ledger, which `pledgetrack import` reads back.

    Example: pledgetrack export --actor Mexico -o mexico.csv
    """
    from pledgetrack.services.export import (
        check_whole_ledger,
        parse_export_format,
        parse_what,
        write_export,
        write_workbook,
    )

    what = parse_what(what)
    fmt = parse_export_format(fmt)
    if what == "all":
        check_whole_ledger(fmt, filtered=filters.given())
    pledge_filter = filters.pledge_filter(default_sort="id")
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise FileProblemError("an xlsx workbook is a file: give -o FILE.xlsx")
    with session(ctx).open() as ledger:
        if fmt == "xlsx":

            def write_binary(out: IO[bytes]) -> None:
                write_workbook(ledger, out, what=what, pledge_filter=pledge_filter)

            if output is None:
                write_binary_stdout(write_binary)
            else:
                write_atomically(output, write_binary, binary=True)
            return

        def write(out: IO[str]) -> None:
            write_export(ledger, out, what=what, fmt=fmt, pledge_filter=pledge_filter, raw=raw)

        if output is None:
            write(sys.stdout)
            sys.stdout.flush()
        else:
            write_atomically(output, write)


def write_binary_stdout(write: Callable[[IO[bytes]], None]) -> None:
    """Write bytes (a workbook) to stdout, its failures one `Error:` line like text's."""
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        raise OutputError("standard output takes text only here: give -o FILE.xlsx")
    # Built aside first: a zip that fails half-way to a full device would keep writing as it is
    # collected, long after the error.
    with tempfile.SpooledTemporaryFile(max_size=64 * 2**20) as built:
        write(built)
        built.seek(0)
        _copy_to(built, binary)


def _copy_to(source: IO[bytes], binary: IO[bytes]) -> None:
    import shutil

    try:
        shutil.copyfileobj(source, binary)
        binary.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror}") from None


@contextlib.contextmanager
def _temp_beside(path: Path, *, binary: bool = False) -> Iterator[tuple[IO[Any], Path]]:
    folder = path.parent
    if not folder.is_dir():
        raise FileProblemError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise FileProblemError(f"cannot write {path}: it is a folder")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FileProblemError(f"cannot write in {folder}: {error.strerror}") from None
    temp = Path(name)
    try:
        stream = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with stream as out:
            yield out, temp
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise FileProblemError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> None:
    """Write through `write` into a temporary file beside `path`, then rename it into place.

    A path that exists and is not a regular file (a device such as /dev/stdout, a pipe) is
    written to directly: renaming over it would replace it.
    """
    try:
        special = path.exists() and not path.is_file() and not path.is_dir()
    except OSError as error:  # a folder on the way the user may not enter
        raise FileProblemError(f"cannot write {path}: {error.strerror}") from None
    if special:
        try:
            with path.open("wb") if binary else path.open("w", encoding="utf-8", newline="") as out:
                write(out)
        except OSError as error:
            raise FileProblemError(f"cannot write {path}: {error.strerror}") from None
        return
    with _temp_beside(path, binary=binary) as (out, temp):
        write(out)
        out.flush()
        os.fsync(out.fileno())
    try:
        umask = os.umask(0)
        os.umask(umask)
        temp.chmod(0o666 & ~umask)
        temp.replace(path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise FileProblemError(f"cannot write {path}: {error.strerror}") from None
