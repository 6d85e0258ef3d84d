"""`pledgetrack import`: merge a whole-ledger export (JSON or NDJSON), or read a CSV of pledges
or of updates.

Opens the file, hands it to the import service, which reads it a line at a time, and shows a
progress bar on stderr for long imports when stderr is a terminal. A merge's conflicts (and,
with --dry-run, its whole plan) go to stdout as a table or JSON; a merge that leaves conflicts
exits CONFLICTS_LEFT.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from pledgetrack.cli.output import message
from pledgetrack.cli.session import now, session, today
from pledgetrack.errors import FileProblemError

CONFLICTS_LEFT = 4
"""The exit code of a merge that added and updated the rest but left conflicts as they were."""

if TYPE_CHECKING:
    from pledgetrack.services.import_ import ImportSummary, Progress

LONG_IMPORT = 256 * 1024  # bytes (some 2,000 rows); smaller files are done before a bar shows


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A whole-ledger export (--what all, JSON or NDJSON), or a CSV of pledges or of "
            "updates.",
            readable=False,  # open_file says why a file cannot be read, as an error of the file
        ),
    ],
    allow_duplicates: Annotated[
        bool,
        typer.Option(
            "--allow-duplicates",
            help="Add a pledge even when one with the same actor, title and announced date is "
            "in the ledger.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Check everything and say what would change; write nothing."
        ),
    ] = False,
    prefer: Annotated[
        str | None,
        typer.Option(
            "--prefer",
            help="Settle a merge's conflicts with this ledger's values (mine) or the file's "
            "(theirs).",
            metavar="mine|theirs",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", metavar="FORMAT")
    ] = "table",
) -> None:
    """Merge a colleague's whole-ledger export, or import a CSV, in one transaction.

    A whole-ledger export (`export --what all`, JSON or NDJSON) is merged by uid: what this
    ledger lacks is added, and a field of a pledge both hold takes the other ledger's value when
    only it changed the field since the edits both hold; a field both changed is a conflict,
    listed and left as it is (exit 4) until --prefer mine or --prefer theirs settles it.

    A CSV is told apart by its header: pledges have title and actor; updates have pledge_uid or
    pledge_id and happened_on; rows already in the ledger are skipped. A bad row stops the
    import with its line and column, and nothing is written.

    Example: pledgetrack import colleague.ndjson --dry-run
    """
    from pledgetrack.domain.choices import parse_choice
    from pledgetrack.services.import_ import import_data
    from pledgetrack.services.merge_rules import PREFERENCES

    fmt = parse_choice(fmt, ("table", "json"), "unknown format {text}")
    if prefer is not None:
        prefer = parse_choice(prefer, PREFERENCES, "cannot prefer {text}")
    with open_file(file) as stream:
        size = os.fstat(stream.fileno()).st_size
        with (
            session(ctx).open(write=True) as ledger,
            _progress_bar(long=size >= LONG_IMPORT) as progress,
        ):
            summary = import_data(
                ledger,
                stream,
                name=str(file),
                now=now(),
                today=today(),
                size=size,
                dry_run=dry_run,
                allow_duplicates=allow_duplicates,
                prefer=prefer,
                progress=progress,
            )
    _show(summary, str(file), fmt)
    if summary.merge is not None and summary.merge.unsettled:
        raise typer.Exit(CONFLICTS_LEFT)


def _show(summary: ImportSummary, name: str, fmt: str) -> None:
    """The plan (or, for a merge that wrote, its conflicts) on stdout; one line on stderr."""
    from pledgetrack.cli.merge_view import plan_rows, plan_view, summary_line, summary_record

    if fmt == "json":
        from pledgetrack.formats.writers import writer_for

        record = summary_record(summary, name)
        writer_for("json").write_one(sys.stdout, tuple(record), record)
    elif summary.merge is not None:
        rows = plan_rows(summary.merge, everything=summary.dry_run)
        if rows:
            from pledgetrack.cli.output import emit, stdout_console

            emit(plan_view(rows, stdout_console().width))
    if summary.merge is not None:
        message(summary_line(summary.merge, dry_run=summary.dry_run))
    else:
        message(csv_summary_line(summary))


def open_file(path: Path) -> BinaryIO:
    """The file to import, open for reading; it is read a line at a time as the import goes.

    It is opened without waiting, so that a named pipe no program writes to is refused at once
    rather than waited on for ever; a pipe, a socket or a folder is not a file to import.
    """
    no_wait = getattr(os, "O_NONBLOCK", 0)  # POSIX only; where it is missing, open never waits
    try:
        fd = os.open(path, os.O_RDONLY | no_wait)
    except FileNotFoundError:
        raise FileProblemError(f"no file {path}") from None
    except OSError as error:
        raise FileProblemError(f"cannot read {path}: {error.strerror}") from None
    mode = os.fstat(fd).st_mode
    refusal = None
    if stat.S_ISDIR(mode):
        refusal = f"{path} is a folder, not a file to import"
    elif stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        refusal = f"{path} is a pipe, not a file; save what it gives to a file and import that"
    if refusal is not None:
        os.close(fd)
        raise FileProblemError(refusal)
    if no_wait:
        os.set_blocking(fd, True)  # a file is read as usual from here on
    return os.fdopen(fd, "rb")


def csv_summary_line(summary: ImportSummary) -> str:
    """One line: what was (or would be) added and skipped."""
    rates = f", {summary.rates} rates" if summary.rates else ""
    if summary.dry_run:
        return (
            f"Would import {summary.pledges} pledges, {summary.updates} updates{rates}; would "
            f"skip {summary.skipped} already in the ledger. Dry run: nothing written."
        )
    return (
        f"Imported {summary.pledges} pledges, {summary.updates} updates{rates}; "
        f"skipped {summary.skipped} already in the ledger."
    )


@contextmanager
def _progress_bar(*, long: bool) -> Iterator[Progress | None]:
    """A callback drawing a Rich progress bar on stderr; None for a short file, or when stderr is
    not a terminal."""
    if not long or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    from pledgetrack.cli.output import stderr_console

    with Bar(console=stderr_console(), transient=True) as bar:
        task = None

        def advance(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("Importing", total=total)
            bar.update(task, completed=done)

        yield advance
