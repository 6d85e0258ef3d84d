"""Recording, editing and reading pledges and their updates (DESIGN §2–§3).

Each mutation is one transaction; validation happens before anything is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pledgetrack.domain.amounts import to_milli
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import (
    Amount,
    Deadline,
    Kind,
    NewPledge,
    NewUpdate,
    Pledge,
    PledgeEdit,
    PledgeState,
    Stage,
    Status,
    Update,
)
from pledgetrack.domain.progress import fold_progress
from pledgetrack.errors import EvidenceMissingError, InputError, UnitMismatchError
from pledgetrack.storage import records
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.search import search_states
from pledgetrack.storage.status import pledge_states


def default_stage(kind: Kind) -> Stage:
    """The stage that counts toward fulfilment unless `--counts` says otherwise."""
    return Stage.DISBURSED if kind is Kind.MONEY else Stage.DELIVERED


def record_pledge(ledger: Ledger, new: NewPledge, *, now: str, uid: str | None = None) -> int:
    """Add a pledge; returns its short id."""
    if not new.title.strip():
        raise InputError("a pledge needs a title")
    if not new.actor.strip():
        raise InputError("a pledge needs an actor (--by)")
    if new.target is not None and new.target.value <= 0:
        raise InputError(f"a target must be more than zero, not {new.target.value}")
    with ledger.write() as db:
        return records.insert_pledge(db, new, uid=uid or str(uuid.uuid4()), created_at=now)


def check_update(pledge: Pledge, new: NewUpdate) -> None:
    """Refuse an update that would break the rules of evidence or mix units."""
    verdict = new.verdict
    if verdict is not None and verdict.is_final and not new.sources:
        raise EvidenceMissingError(
            f"the verdict '{verdict.value}' is final and needs a source (--source URL)"
        )
    if verdict is not None and verdict.needs_note and not (new.note and new.note.strip()):
        raise EvidenceMissingError(
            f"the verdict '{verdict.value}' needs a note saying why (--note TEXT)"
        )
    if new.amount is not None and pledge.target and new.amount.unit != pledge.target.unit:
        raise UnitMismatchError(
            f"pledge {pledge.id} counts {pledge.target.unit}; the amount is in "
            f"{new.amount.unit} (record it in a note, or convert it)"
        )
    if new.amount is None and new.verdict is None and not new.note and not new.sources:
        raise InputError("nothing to record: give --amount, --total, --status, --note or --source")


def record_update(
    ledger: Ledger, pledge_id: int, new: NewUpdate, *, now: str, uid: str | None = None
) -> int:
    """Append an update to a pledge; returns the update's id."""
    with ledger.write() as db:
        pledge = records.pledge(db, pledge_id)
        if new.amount is not None and new.stage is None:
            new = NewUpdate(**{**new.__dict__, "stage": pledge.counts})
        check_update(pledge, new)
        return records.insert_update(
            db, pledge_id, new, uid=uid or str(uuid.uuid4()), recorded_at=now
        )


@dataclass(frozen=True)
class PledgeChanges:
    """Fields `edit` may change; None leaves a field as it is."""

    title: str | None = None
    actor: str | None = None
    recipient: str | None = None
    target: Amount | None = None
    deadline: Deadline | None = None
    announced_on: date | None = None
    event: str | None = None
    quote: str | None = None
    note: str | None = None
    counts: Stage | None = None
    tags: tuple[str, ...] | None = None


def edit_pledge(ledger: Ledger, pledge_id: int, changes: PledgeChanges, *, now: str) -> Pledge:
    """Change a pledge's fields, keeping each change in its history; returns the new pledge."""
    with ledger.write() as db:
        old = records.pledge(db, pledge_id)
        columns: dict[str, Any] = {}
        history: list[tuple[str, str | None, str | None]] = []

        def change(field: str, before: object, after: object, cols: Mapping[str, Any]) -> None:
            if after is None or before == after:
                return
            columns.update(cols)
            history.append((field, _text(before), _text(after)))

        change("title", old.title, changes.title, {"title": changes.title})
        if changes.actor is not None:
            change(
                "actor",
                old.actor,
                changes.actor,
                {"actor_id": records.ensure_actor(db, changes.actor)},
            )
        if changes.recipient is not None:
            change(
                "recipient",
                old.recipient,
                changes.recipient,
                {"recipient_id": records.ensure_actor(db, changes.recipient)},
            )
        if changes.event is not None:
            change(
                "event",
                old.event,
                changes.event,
                {"event_id": records.ensure_event(db, changes.event)},
            )
        if changes.target is not None:
            if (
                old.target is not None
                and changes.target.unit != old.target.unit
                and _has_amounts(db, pledge_id)
            ):
                raise UnitMismatchError(
                    f"pledge {pledge_id} has progress in {old.target.unit}; "
                    f"the new target is in {changes.target.unit}"
                )
            change(
                "target",
                old.target,
                changes.target,
                {
                    "target_milli": to_milli(changes.target.value),
                    "unit": changes.target.unit,
                    "kind": changes.target.kind.value,
                },
            )
        if changes.deadline is not None:
            d = changes.deadline
            change(
                "deadline",
                old.deadline.phrase if old.deadline else None,
                d.phrase,
                {
                    "deadline_on": d.on.isoformat() if d.on else None,
                    "deadline_precision": d.precision.value if d.precision else None,
                    "deadline_basis": d.basis.value if d.basis else None,
                    "deadline_phrase": d.phrase,
                },
            )
        change(
            "announced_on",
            old.announced_on,
            changes.announced_on,
            {"announced_on": changes.announced_on.isoformat() if changes.announced_on else None},
        )
        change("quote", old.quote, changes.quote, {"quote": changes.quote})
        change("note", old.note, changes.note, {"note": changes.note})
        change(
            "counts",
            old.counts,
            changes.counts,
            {"counts": changes.counts.value if changes.counts else None},
        )
        if changes.tags is not None and tuple(sorted(changes.tags)) != old.tags:
            history.append(("tags", ";".join(old.tags), ";".join(sorted(changes.tags))))
            records.set_tags(db, pledge_id, changes.tags)
        if not history:
            raise InputError(f"nothing to change in pledge {pledge_id}")
        if columns:
            records.set_pledge_columns(db, pledge_id, columns)
        for field, before, after in history:
            records.record_edit(db, pledge_id, field=field, old=before, new=after, edited_at=now)
        records.refresh_states(db, pledge_id)
        return records.pledge(db, pledge_id)


def delete_pledge(ledger: Ledger, pledge_id: int) -> Pledge:
    """Delete a pledge with everything attached to it; returns what was deleted."""
    with ledger.write() as db:
        gone = records.pledge(db, pledge_id)
        records.delete_pledge(db, pledge_id)
        return gone


def get_pledge(ledger: Ledger, pledge_id: int) -> Pledge:
    """The pledge with this id (PledgeNotFoundError if none)."""
    return records.pledge(ledger.db, pledge_id)


@dataclass(frozen=True)
class PledgeDetail:
    """Everything `show` prints: the state as of a date, the timeline and the edit history."""

    state: PledgeState
    updates: list[Update]
    edits: list[PledgeEdit]
    stage_totals: dict[Stage, Any]


def pledge_detail(ledger: Ledger, pledge_id: int, *, as_of: date) -> PledgeDetail:
    """One pledge with its computed state as of `as_of`, its updates (oldest first) and edits."""
    pledge = records.pledge(ledger.db, pledge_id)
    state = next(pledge_states(ledger.db, PledgeFilter(as_of=as_of, ids=(pledge_id,))), None)
    updates = records.updates_for(ledger.db, pledge_id)
    if state is None:  # announced after as_of: shown as not yet made
        state = PledgeState(
            pledge=pledge,
            as_of=as_of,
            status=Status.NOT_STARTED,
            counted=None,
            progress=None,
            overdue=False,
            days_overdue=None,
            days_left=None,
            due_soon=False,
            late=False,
            conflict=False,
        )
    steps = fold_progress(
        [u for u in updates if u.happened_on <= as_of], counts=pledge.counts, target=pledge.target
    )
    totals = dict(steps[-1].stage_totals) if steps else {}
    return PledgeDetail(
        state=state,
        updates=updates,
        edits=records.edits_for(ledger.db, pledge_id),
        stage_totals=totals,
    )


def list_pledges(ledger: Ledger, pledge_filter: PledgeFilter) -> list[PledgeState]:
    """The pledges a filter selects with their state, in its order, up to its limit."""
    return list(pledge_states(ledger.db, pledge_filter))


def search_pledges(ledger: Ledger, text: str, pledge_filter: PledgeFilter) -> list[PledgeState]:
    """The pledges whose words (their own, their updates' or their sources') match `text`, among
    those the filter selects, in its order, up to its limit."""
    return list(search_states(ledger.db, text, pledge_filter))


def _has_amounts(db: Any, pledge_id: int) -> bool:
    return any(u.amount is not None for u in records.updates_for(db, pledge_id))


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Amount):
        return f"{value.value} {value.unit}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
