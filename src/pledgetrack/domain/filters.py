"""Which pledges a report, list or export shows, and in what order: plain values, checked here.

Sort keys and status filters come from fixed lists, so no user text ever becomes SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pledgetrack.domain.choices import parse_choice
from pledgetrack.domain.model import Status
from pledgetrack.domain.rules import DUE_SOON_DAYS

SORT_KEYS = ("overdue", "due", "progress", "actor", "announced", "id")
FLAG_FILTERS = ("overdue", "due_soon", "open", "final")
STATUS_FILTERS = tuple(s.value for s in Status) + FLAG_FILTERS
# The largest `--limit` and `--within` read. Both end up as SQLite integers, which stop at 2**63;
# no ledger holds a billion pledges, and a deadline a century ahead is not "due soon".
MAX_LIMIT = 10**9
MAX_WITHIN_DAYS = 36_500


@dataclass(frozen=True)
class PledgeFilter:
    """What to show as of a date: filters are ANDed; several values of one filter are ORed."""

    as_of: date
    within_days: int = DUE_SOON_DAYS
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    due_before: date | None = None
    due_after: date | None = None
    ids: tuple[int, ...] = ()
    sort: str = "overdue"
    limit: int | None = None


def parse_sort(text: str) -> str:
    """A sort key from the fixed list."""
    return parse_choice(text, SORT_KEYS, "cannot sort by {text}")


def parse_status_filter(text: str) -> str:
    """A status, or one of the flags overdue, due_soon, open, final."""
    return parse_choice(text, STATUS_FILTERS, "unknown status {text}")
