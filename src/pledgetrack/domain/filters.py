"""Which pledges a report, list or export shows, and in what order: plain values, checked here.

Sort keys and status filters come from fixed lists, so no user text ever becomes SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pledgetrack.domain.model import Status
from pledgetrack.domain.rules import DUE_SOON_DAYS
from pledgetrack.errors import ChoiceError

SORT_KEYS = ("overdue", "due", "progress", "actor", "announced", "id")
FLAG_FILTERS = ("overdue", "due_soon", "open", "final")
STATUS_FILTERS = tuple(s.value for s in Status) + FLAG_FILTERS


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
    key = text.strip().lower()
    if key not in SORT_KEYS:
        raise ChoiceError(f"cannot sort by '{text}'; use one of: {', '.join(SORT_KEYS)}")
    return key


def parse_status_filter(text: str) -> str:
    """A status, or one of the flags overdue, due_soon, open, final."""
    key = text.strip().lower().replace("-", "_")
    if key not in STATUS_FILTERS:
        raise ChoiceError(f"unknown status '{text}'; use one of: {', '.join(STATUS_FILTERS)}")
    return key
