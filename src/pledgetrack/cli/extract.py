"""`pledgetrack extract`: the candidate pledges of an article's text, shown, reviewed on a
terminal, or added with `--add --yes`.

Reads every file first (UTF-8 text, or `-` for standard input), so a file that cannot be read
stops the command before anything is shown or added. On a terminal, with no `--format`, each
candidate is reviewed (`cli.review`); elsewhere the candidates are printed in `--format`
(default: the table), and nothing is added unless `--add --yes`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pledgetrack.cli.output import deliver, message
from pledgetrack.cli.session import now, session, today
from pledgetrack.errors import FileProblemError, InputError, LedgerMissingError

if TYPE_CHECKING:
    from pledgetrack.domain.extraction.candidate import Candidate
    from pledgetrack.services.extraction import Article

FORMATS = ("table", "json", "ndjson", "csv", "markdown")


def extract(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE|-", help="Plain text files (UTF-8); - reads standard input."),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="When the text was published (ISO date): relative deadlines count from it, and "
            "added pledges are announced on it.",
            metavar="DATE",
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="The text's URL or citation.", metavar="SOURCE")
    ] = None,
    event: Annotated[
        str | None,
        typer.Option("--event", help="The meeting or summit the text reports.", metavar="NAME"),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table, json, ndjson, csv or markdown (prints, and reviews nothing).",
            metavar="FORMAT",
        ),
    ] = None,
    add: Annotated[
        bool, typer.Option("--add", help="Add the candidates (with --yes: all, unreviewed).")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="With --add: add every candidate without review.")
    ] = False,
) -> None:
    """Find candidate pledges in an article's text, review them, and add those you accept.

    On a terminal each candidate is shown as a card: [a]dd it, [e]dit a field first, [s]kip it
    or [q]uit. Elsewhere the candidates are printed; --add --yes adds them all.

    Example: pledgetrack extract article.txt --published 2022-07-12 --source
    https://example.org/article --event "Biden-AMLO meeting"
    """
    from pledgetrack.cli.options import read_date
    from pledgetrack.domain.choices import parse_choice
    from pledgetrack.domain.extraction.candidates import extract as find_candidates

    if yes and not add:
        raise InputError("--yes goes with --add (add every candidate without review)")
    if fmt is not None:
        fmt = parse_choice(fmt, FORMATS, "unknown format {text}")
        if add:
            raise InputError(
                "--format prints the candidates, --add adds them (and prints the new pledges' "
                "ids): give one"
            )
    published_on = read_date(published, default_today=False)
    texts = [(name, read_text(name)) for name in files]
    found = [(name, text, find_candidates(text, published=published_on)) for name, text in texts]
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if add and not yes and not interactive:
        raise InputError(
            "--add reviews each candidate on a terminal; to add them all without review, give "
            "--add --yes"
        )
    if add or (interactive and fmt is None):
        from pledgetrack.services.extraction import Article

        day = published_on.isoformat() if published_on else None
        articles = [(Article(name, source, day, event), text, cs) for name, text, cs in found]
        if add and yes:
            add_all(ctx, [(article, cs) for article, _, cs in articles])
            return
        if _reviewed(ctx, articles):
            return
    from pledgetrack.cli.formatters import formatter_for

    formatter_for(fmt or "table").candidates([(name, cs) for name, _, cs in found])


def _reviewed(ctx: typer.Context, articles: list[tuple[Article, str, list[Candidate]]]) -> bool:
    """Review the candidates on this terminal; False, saying why, when there is no ledger to
    add them to (they are then printed)."""
    from pledgetrack.cli.review import review

    try:
        ledger = session(ctx).open(write=True)
    except LedgerMissingError as error:
        message(f"{error}; showing the candidates without review")
        return False
    with ledger:
        review(ledger, articles)
    return True


def read_text(name: str) -> str:
    """The text of a file, or of standard input for `-`: UTF-8, not empty, not binary."""
    if name == "-":
        stream = sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
        shown = "standard input"
    else:
        path = Path(name)
        shown = name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise FileProblemError(f"no file {name}") from None
        except IsADirectoryError:
            raise FileProblemError(f"{name} is a folder, not a text file") from None
        except OSError as error:
            raise FileProblemError(f"cannot read {name}: {error.strerror}") from None
    if b"\x00" in data:
        raise InputError(f"{shown} is not text: it holds binary data (give plain UTF-8 text)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{shown} is not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start}); "
            "save it as UTF-8"
        ) from None
    if not text.strip():
        raise InputError(f"{shown} is empty: there is no text to read")
    return text.replace("\ufeff", " ", 1) if text.startswith("\ufeff") else text


def add_all(ctx: typer.Context, found: list[tuple[Article, list[Candidate]]]) -> None:
    """Add every candidate in one transaction, all or none; a running total that includes
    another candidate is skipped (it would count that one twice), saying so."""
    from pledgetrack.services.extraction import (
        draft,
        needs_published,
        read_draft,
        record_draft,
        under_parent,
    )

    plan = []
    for article, candidates in found:
        for candidate in candidates:
            if candidate.cumulative_of is not None:
                continue
            problem = needs_published(candidate, article)
            if problem is not None:
                raise problem
            text = draft(candidate, article)
            read_draft(text, today=today())  # every candidate readable before the ledger opens
            plan.append((article, candidate, text))
    added: list[tuple[int, Article, Candidate]] = []
    ledger = session(ctx).open(write=True)
    with ledger, ledger.write():  # the ids reach stdout, or nothing is recorded
        ids: dict[tuple[str, int], int] = {}
        for article, candidate, text in plan:
            parent = ids.get((article.file, candidate.part_of)) if candidate.part_of else None
            pledge_id = record_draft(ledger, under_parent(text, parent), today=today(), now=now())
            ids[(article.file, candidate.index)] = pledge_id
            added.append((pledge_id, article, candidate))
            deliver(str(pledge_id))
    for pledge_id, article, candidate in added:
        where = f"candidate {candidate.index} of {article.file}"
        message(f"Added pledge {pledge_id}: {candidate.title} ({where}).")
    for article, candidates in found:
        for candidate in candidates:
            if candidate.cumulative_of is not None:
                message(
                    f"Skipped candidate {candidate.index} of {article.file}: a running total "
                    f"that includes candidate {candidate.cumulative_of}."
                )
    message(f"Added {len(added)} pledges.")
