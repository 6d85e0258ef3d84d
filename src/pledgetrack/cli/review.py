"""The review of `extract` on a terminal: each candidate as a card; one key adds it, edits a
field first, skips it or stops.

A draft is what `add` would have been typed (`services.extraction.draft`); an edit changes one
of its fields, and the card shows it as the intake reads it, with the error if it cannot be read.
Each added pledge is recorded in a transaction of its own: what was added stays when the user
stops, or presses Ctrl-C. A part whose whole was added is recorded under it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from pledgetrack.cli.output import emit, message, stdout_console
from pledgetrack.cli.session import now, today
from pledgetrack.errors import InputError

if TYPE_CHECKING:
    from pledgetrack.cli.extract_view import CardFields
    from pledgetrack.domain.extraction.candidate import Candidate
    from pledgetrack.services.extraction import Article
    from pledgetrack.services.intake import PledgeText
    from pledgetrack.storage.ledger import Ledger

KEYS = "[a]dd  [e]dit  [s]kip  [q]uit"
# The fields an edit changes: its key, its name on the card, the draft's attribute.
FIELDS = (
    ("t", "title", "title"),
    ("b", "pledger", "actor"),
    ("r", "recipients", "recipients"),
    ("a", "target", "target"),
    ("d", "deadline", "due"),
    ("n", "announced", "announced"),
    ("v", "event", "event"),
    ("q", "quote", "quote"),
    ("o", "note", "note"),
)


def review(ledger: Ledger, found: Sequence[tuple[Article, str, Sequence[Candidate]]]) -> None:
    """Review every candidate of every text, in order, until the user stops."""
    total = sum(len(candidates) for _, _, candidates in found)
    if not total:
        message("No candidate pledges found.")
        return
    seen = added = 0
    for article, text, candidates in found:
        ids: dict[int, int] = {}  # candidate index -> its pledge
        for candidate in candidates:
            seen += 1
            outcome = _one(ledger, article, text, candidate, ids, f"{seen} of {total}")
            if outcome == "quit":
                message(f"Stopped. Added {added} pledges.")
                return
            if isinstance(outcome, int):
                ids[candidate.index] = outcome
                added += 1
    message(f"Reviewed {total} candidates; added {added} pledges.")


def _one(
    ledger: Ledger,
    article: Article,
    text: str,
    candidate: Candidate,
    ids: dict[int, int],
    position: str,
) -> int | str:
    """Review one candidate: its new pledge's id, `skip` or `quit`."""
    from pledgetrack.cli.extract_view import card
    from pledgetrack.services.extraction import draft, record_draft, under_parent

    typed = under_parent(draft(candidate, article), ids.get(candidate.part_of or 0))
    while True:
        fields = card_fields(candidate, typed, ids)
        where = f"Candidate {position} · {article.file} #{candidate.index}"
        width = stdout_console().width
        emit(card(candidate, text, fields, position=where, width=width))
        key = read_key(KEYS + " ")
        if key == "a":
            if fields.problem:
                message(f"Error: {fields.problem}; edit it first")
                continue
            pledge_id = record_draft(ledger, typed, today=today(), now=now())
            message(f"Added pledge {pledge_id}.")
            return pledge_id
        if key == "e":
            typed = edit(typed)
        elif key == "s":
            return "skip"
        elif key in ("q", "\x04"):
            return "quit"


def card_fields(candidate: Candidate, typed: PledgeText, ids: dict[int, int]) -> CardFields:
    """The card's fields as the intake reads the draft now, or the draft as typed and why it
    cannot be read."""
    from pledgetrack.cli.extract_view import CardFields
    from pledgetrack.domain.amounts import describe_reading, target_reading
    from pledgetrack.domain.deadlines import describe_deadline
    from pledgetrack.domain.text import clean_line
    from pledgetrack.services.extraction import read_draft

    problem = None
    target, deadline = typed.target or "none", typed.due or "none"
    try:
        new = read_draft(typed, today=today())
    except InputError as error:
        problem = str(error)
    else:
        reading = target_reading(new)
        target = describe_reading(reading) if reading else "none (an action)"
        if new.deadline is not None:
            deadline = describe_deadline(new.deadline, announced_on=new.announced_on)
    rows = [
        ("title", typed.title or ""),
        ("pledger", typed.actor or "?"),
        ("recipients", "; ".join(typed.recipients or ()) or "—"),
        ("target", f"{target}   as written: {candidate.target_text}"),
        ("deadline", deadline),
        ("announced", typed.announced or "not given (--published)"),
    ]
    if typed.event:
        rows.append(("event", typed.event))
    if candidate.part_of is not None:
        parent = ids.get(candidate.part_of)
        added = f", added as pledge {parent}" if parent else ", not added"
        rows.append(("part of", f"candidate #{candidate.part_of}{added}"))
    if candidate.cumulative_of is not None:
        rows.append(
            (
                "total",
                f"a running total that includes #{candidate.cumulative_of}: adding both counts "
                f"#{candidate.cumulative_of} twice",
            )
        )
    if typed.note:
        rows.append(("note", typed.note))
    rows.append(("why", candidate.why))
    return CardFields(rows=[(label, clean_line(value)) for label, value in rows], problem=problem)


def edit(typed: PledgeText) -> PledgeText:
    """Change one field of the draft, as the user picks it and types it: Enter keeps it, `-`
    clears it."""
    choices = "  ".join(f"[{key}] {name}" for key, name, _ in FIELDS)
    key = read_key(f"Edit: {choices}  (Esc: none) ")
    chosen = next(((name, attr) for k, name, attr in FIELDS if k == key), None)
    if chosen is None:
        return typed
    name, attr = chosen
    current = getattr(typed, attr)
    if attr == "recipients":  # a list, typed `;`-separated
        current = "; ".join(current or ())
    value = read_line(f"New {name} (Enter keeps {current or 'none'!s}; - clears): ")
    if value is None or not value.strip():
        return typed
    new_value: Any = None if value.strip() == "-" else value.strip()
    if attr in ("title", "actor", "quote") and new_value is None:
        return typed  # a pledge always has these
    if attr == "recipients":
        new_value = tuple(n.strip() for n in (new_value or "").split(";") if n.strip())
    return replace(typed, **cast(dict[str, Any], {attr: new_value}))


def read_key(prompt: str) -> str:
    """One key from the terminal, without Enter (lower-cased); Ctrl-D is `\\x04`."""
    with _cbreak():  # before the prompt, so that a key typed at once is read as a key
        _prompt(prompt)
        data = os.read(sys.stdin.fileno(), 8)
    _prompt("\n")
    if not data:
        return "\x04"
    text = data.decode("utf-8", "replace")
    if text.startswith("\x03"):
        raise KeyboardInterrupt  # Ctrl-C read as a key (a terminal without signals)
    return text[:1].lower()


def read_line(prompt: str) -> str | None:
    """A line typed on the terminal, without its end; None at the end of input."""
    _prompt(prompt)
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


def _prompt(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(text)
        sys.stderr.flush()


@contextlib.contextmanager
def _cbreak() -> Iterator[None]:
    """The terminal in cbreak mode (a key at a time, Ctrl-C still interrupts)."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
