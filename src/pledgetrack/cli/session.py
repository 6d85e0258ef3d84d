"""What every command needs from its surroundings: the ledger path, today's date, the time now.

The only place that reads the environment and the clock.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pledgetrack.errors import InputError, LedgerError

if TYPE_CHECKING:
    from pledgetrack.storage.ledger import Ledger

DB_ENV = "PLEDGETRACK_DB"
TIMEOUT_ENV = "PLEDGETRACK_TIMEOUT"
MAX_TIMEOUT = 86400.0  # a day; SQLite counts its busy timeout in milliseconds, in a C int


@dataclass
class Session:
    """Options given before the command, and how to reach the ledger."""

    db_option: Path | None = None

    def ledger_path(self) -> Path:
        """`--db` > $PLEDGETRACK_DB > the platform's user data folder."""
        if self.db_option is not None:
            return self.db_option.expanduser()
        from_env = os.environ.get(DB_ENV)
        if from_env:
            return Path(from_env).expanduser()
        import platformdirs

        return platformdirs.user_data_path("pledgetrack") / "pledges.db"

    def is_default_path(self) -> bool:
        """Whether the ledger is in the default data folder (which pledgetrack may create)."""
        return self.db_option is None and not os.environ.get(DB_ENV)

    def timeout(self) -> float:
        """How many seconds to wait for another process's lock: $PLEDGETRACK_TIMEOUT, or 5."""
        from pledgetrack.storage.ledger import DEFAULT_TIMEOUT

        return lock_timeout(DEFAULT_TIMEOUT)

    def make_default_folder(self) -> None:
        """Create the user data folder the default ledger lives in."""
        folder = self.ledger_path().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LedgerError(f"cannot create the folder {folder}: {error.strerror}") from None

    def open(self, *, write: bool = False, create: bool = False) -> Ledger:
        """Open the ledger the one way every command does."""
        from pledgetrack.storage.ledger import open_ledger

        path = self.ledger_path()
        timeout = self.timeout()
        if create and self.is_default_path():
            self.make_default_folder()
        return open_ledger(path, create=create, readonly=not write, timeout=timeout)


def lock_timeout(default: float) -> float:
    """$PLEDGETRACK_TIMEOUT: how many seconds to wait for another process's lock on the ledger."""
    text = os.environ.get(TIMEOUT_ENV)
    if text is None:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_TIMEOUT:  # NaN and infinity fail this too
        raise InputError(
            f"{TIMEOUT_ENV} must be a number of seconds from 0 to {MAX_TIMEOUT:g} (how long to "
            f"wait for another process's lock on the ledger), not {text!r}"
        )
    return seconds


def session(ctx: typer.Context) -> Session:
    """The Session of the running command."""
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def today() -> date:
    """Today's local date: the default of `--on` and `--as-of`."""
    return date.today()


def now() -> str:
    """The time a write is recorded: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
