"""The rows pledgetrack writes: each INSERT statement beside the function giving its parameters,
so a pledge added by `add` and one written by a bulk import are the same row.

Plain values in, tuples out; the callers (`records`, `bulk`) run the statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from pledgetrack.domain.amounts import to_milli
from pledgetrack.domain.model import NewPledge, NewUpdate, SourceRef

PLEDGE_INSERT = """INSERT INTO pledges (id, uid, title, actor_id, event_id, kind,
       target_milli, unit, counts, deadline_on, deadline_precision, deadline_basis,
       deadline_phrase, announced_on, quote, note, created_at, target_qualifier,
       target_qualifier_text, target_high_milli, target_rate, target_text)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
RECIPIENT_INSERT = "INSERT INTO pledge_recipients (pledge_id, actor_id, position) VALUES (?, ?, ?)"
UPDATE_INSERT = """INSERT INTO updates (id, uid, pledge_id, happened_on, recorded_at, stage,
       amount_milli, unit, mode, verdict, note, quote)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
SOURCE_INSERT = (
    "INSERT INTO sources (pledge_id, update_id, url, citation, quote) VALUES (?, ?, ?, ?, ?)"
)
TAG_INSERT = "INSERT OR IGNORE INTO pledge_tags (pledge_id, tag) VALUES (?, ?)"
EDIT_INSERT = """INSERT INTO pledge_edits (pledge_id, edited_at, field, old, new, origin)
   VALUES (?, ?, ?, ?, ?, ?)"""


def pledge_values(
    new: NewPledge,
    *,
    pledge_id: int | None,
    uid: str,
    created_at: str,
    actor_id: int,
    event_id: int | None,
) -> tuple[Any, ...]:
    """The parameters of PLEDGE_INSERT for a new pledge."""
    deadline = new.deadline
    return (
        pledge_id,
        uid,
        new.title,
        actor_id,
        event_id,
        new.kind.value,
        to_milli(new.target.value) if new.target else None,
        new.target.unit if new.target else None,
        new.counts.value,
        _iso(deadline.on) if deadline else None,
        deadline.precision.value if deadline and deadline.precision else None,
        deadline.basis.value if deadline and deadline.basis else None,
        deadline.phrase if deadline else None,
        _iso(new.announced_on),
        new.quote,
        new.note,
        created_at,
        *target_wording_values(new),
    )


TARGET_WORDING_COLUMNS = (
    "target_qualifier", "target_qualifier_text", "target_high_milli", "target_rate", "target_text",
)  # fmt: skip


def target_wording_values(new: NewPledge) -> tuple[Any, ...]:
    """The values of TARGET_WORDING_COLUMNS, which keep a target's wording."""
    return (
        new.target_qualifier.value if new.target_qualifier else None,
        new.target_qualifier_text,
        to_milli(new.target_high) if new.target_high is not None else None,
        new.target_rate.value if new.target_rate else None,
        new.target_text,
    )


def update_values(
    new: NewUpdate, *, update_id: int | None, uid: str, pledge_id: int, recorded_at: str
) -> tuple[Any, ...]:
    """The parameters of UPDATE_INSERT for a new update."""
    return (
        update_id,
        uid,
        pledge_id,
        new.happened_on.isoformat(),
        recorded_at,
        new.stage.value if new.stage else None,
        to_milli(new.amount.value) if new.amount else None,
        new.amount.unit if new.amount else None,
        new.mode.value if new.mode else None,
        new.verdict.value if new.verdict else None,
        new.note,
        new.quote,
    )


def recipient_values(pledge_id: int, actor_ids: Sequence[int]) -> list[tuple[int, int, int]]:
    """The parameters of RECIPIENT_INSERT for a pledge's recipients, numbered from 1 in order."""
    return [(pledge_id, actor_id, position) for position, actor_id in enumerate(actor_ids, 1)]


def tag_values(pledge_id: int, tags: Iterable[str]) -> list[tuple[int, str]]:
    """The parameters of TAG_INSERT for a pledge's tags (trimmed, blank ones dropped)."""
    return [(pledge_id, tag) for tag in dict.fromkeys(t.strip() for t in tags if t.strip())]


def source_values(
    sources: Sequence[SourceRef], *, pledge_id: int | None = None, update_id: int | None = None
) -> list[tuple[Any, ...]]:
    """The parameters of SOURCE_INSERT for sources of a pledge or of an update."""
    return [(pledge_id, update_id, s.url, s.citation, s.quote) for s in sources]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
