"""Shell completion (`pledgetrack --install-completion`): the fixed words of options, and the ids,
actors and tags of the ledger. Called only while the shell completes a word, never by an
ordinary command; a ledger that cannot be read completes nothing rather than failing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pledgetrack.domain.filters import FLAG_FILTERS, SORT_KEYS
from pledgetrack.domain.model import Stage, Status, Verdict

STATUS_WORDS = (*(s.value for s in Status), *FLAG_FILTERS)


def _starting(words: Iterable[str], incomplete: str) -> list[str]:
    folded = incomplete.casefold()
    return [word for word in words if word.casefold().startswith(folded)]


def statuses(incomplete: str) -> list[str]:
    """The statuses and flags `--status` takes."""
    return _starting(STATUS_WORDS, incomplete)


def stages(incomplete: str) -> list[str]:
    """The stages of progress."""
    return _starting((s.value for s in Stage), incomplete)


def verdicts(incomplete: str) -> list[str]:
    """The verdicts `update --status` records."""
    return _starting((v.value for v in Verdict), incomplete)


def sort_keys(incomplete: str) -> list[str]:
    """The keys `--sort` takes."""
    return _starting(SORT_KEYS, incomplete)


def formats(incomplete: str) -> list[str]:
    """The output formats of the table commands."""
    from pledgetrack.cli.formatters import FORMATS

    return _starting(FORMATS, incomplete)


def _ledger_words(ctx: Any, what: str) -> list[str]:
    """The ids, actors or tags of the ledger the command line names (`--db`, else as usual)."""
    from pledgetrack.cli.session import Session
    from pledgetrack.storage.completions import ledger_words

    db = ctx.find_root().params.get("db")
    return ledger_words(Session(db_option=Path(db) if db else None).ledger_path(), what)


def pledge_ids(ctx: Any, incomplete: str) -> list[str]:
    """The ids of the ledger's pledges."""
    return _starting(_ledger_words(ctx, "ids"), incomplete)


def actors(ctx: Any, incomplete: str) -> list[str]:
    """The names of the ledger's actors."""
    return _starting(_ledger_words(ctx, "actors"), incomplete)


def tags(ctx: Any, incomplete: str) -> list[str]:
    """The ledger's tags."""
    return _starting(_ledger_words(ctx, "tags"), incomplete)
