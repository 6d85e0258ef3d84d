"""Recording, editing and reading pledges and their updates (docs/concepts.md).

Each mutation is one transaction; what was typed is read and checked by services.intake, inside
the transaction when the check depends on what the ledger holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pledgetrack.domain.amounts import beyond_figure, target_reading, to_milli
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import (
    Amount,
    Basis,
    Deadline,
    NewPledge,
    Pledge,
    PledgeEdit,
    PledgeState,
    Stage,
    Update,
)
from pledgetrack.domain.progress import counting_of
from pledgetrack.errors import InputError, UnitMismatchError
from pledgetrack.services.intake import (
    EDIT_FIELDS,
    PledgeText,
    UpdateText,
    apply_edits,
    parse_new_update,
    validate_new_pledge,
    validate_void,
)
from pledgetrack.storage import records
from pledgetrack.storage.inserts import TARGET_WORDING_COLUMNS, target_wording_values
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.rates import rate_book
from pledgetrack.storage.search import search_states
from pledgetrack.storage.status import pledge_states


def record_pledge(
    ledger: Ledger, new: NewPledge, *, today: date, now: str, uid: str | None = None
) -> int:
    """Add a checked pledge (see services.intake); returns its short id."""
    validate_new_pledge(new, today=today)
    with ledger.write() as db:
        return records.insert_pledge(db, new, uid=uid or str(uuid.uuid4()), created_at=now)


def record_update(
    ledger: Ledger,
    pledge_id: int,
    text: UpdateText,
    *,
    today: date,
    now: str,
    uid: str | None = None,
) -> int:
    """Read and append an update to a pledge, in one transaction: the amount is read against the
    pledge as it is when the update is written. Returns the update's id."""
    with ledger.write() as db:
        pledge = records.pledge(db, pledge_id)
        new = parse_new_update(text, pledge, today=today, rates=rate_book(db))
        return records.insert_update(
            db, pledge_id, new, uid=uid or str(uuid.uuid4()), recorded_at=now
        )


def void_update(
    ledger: Ledger,
    pledge_id: int,
    which: str,
    note: str | None,
    *,
    now: str,
    uid: str | None = None,
) -> int:
    """Void one of a pledge's updates (by its number or uid), saying why: it then counts nowhere.
    Returns the voided update's number."""
    with ledger.write() as db:
        records.pledge(db, pledge_id)  # no such pledge: exit 3 before anything else
        update = records.update_named(db, which.strip())
        why = validate_void(pledge_id, update, which, note)
        assert update is not None
        records.insert_void(db, update.id, uid=uid or str(uuid.uuid4()), voided_at=now, note=why)
        records.refresh_states(db, pledge_id)
        return update.id


# The fields `edit` changes, each with the columns that store it.
def _columns(db: Any, new: NewPledge) -> dict[str, dict[str, Any]]:
    deadline = new.deadline
    return {
        "title": {"title": new.title},
        "actor": {"actor_id": records.ensure_actor(db, new.actor)},
        "recipient": {
            "recipient_id": records.ensure_actor(db, new.recipient) if new.recipient else None
        },
        "event": {"event_id": records.ensure_event(db, new.event) if new.event else None},
        "target": {
            "target_milli": to_milli(new.target.value) if new.target else None,
            "unit": new.target.unit if new.target else None,
            "kind": new.kind.value,
            **dict(zip(TARGET_WORDING_COLUMNS, target_wording_values(new), strict=True)),
        },
        "deadline": {
            "deadline_on": deadline.on.isoformat() if deadline and deadline.on else None,
            "deadline_precision": deadline.precision.value
            if deadline and deadline.precision
            else None,
            "deadline_basis": deadline.basis.value if deadline and deadline.basis else None,
            "deadline_phrase": deadline.phrase if deadline else None,
        },
        "announced_on": {
            "announced_on": new.announced_on.isoformat() if new.announced_on else None
        },
        "quote": {"quote": new.quote},
        "note": {"note": new.note},
        "counts": {"counts": new.counts.value},
    }


def _field_text(pledge: Pledge | NewPledge, field: str) -> str | None:
    """A field of a pledge as the edit history keeps it; a deadline counted from the announced
    date keeps the date it came to as well."""
    if field == "target":
        target = target_reading(pledge)
        if target is None:
            return None
        said = beyond_figure(target)
        return f"{_text(target.amount)}, {said}" if said else _text(target.amount)
    value = getattr(pledge, field)
    if isinstance(value, Deadline):
        if value.basis is Basis.RELATIVE and value.on is not None:
            return f"{value.phrase} = {value.on.isoformat()}"
        return value.phrase
    return _text(value)


def edit_pledge(
    ledger: Ledger, pledge_id: int, edits: PledgeText, *, today: date, now: str
) -> Pledge:
    """Change a pledge's fields in one transaction, keeping each change in its history (a
    deadline counted from the announced date moves with it); returns the new pledge."""
    with ledger.write() as db:
        old = records.pledge(db, pledge_id)
        new = apply_edits(old, edits, today=today)
        history = [
            (field, _field_text(old, field), _field_text(new, field))
            for field in FIELDS
            if _field_text(old, field) != _field_text(new, field)
        ]
        if (
            old.target is not None
            and new.target is not None
            and new.target.unit != old.target.unit
            and _has_amounts(db, pledge_id)
        ):
            raise UnitMismatchError(
                f"pledge {pledge_id} has progress in {old.target.unit}; "
                f"the new target is in {new.target.unit}",
                field="target",
            )
        if new.tags != old.tags:
            history.append(("tags", ";".join(old.tags), ";".join(new.tags)))
            records.set_tags(db, pledge_id, new.tags)
        if not history:
            raise InputError(f"nothing to change in pledge {pledge_id}")
        columns = _columns(db, new)
        changed: dict[str, Any] = {}
        for field, _, _ in history:
            changed.update(columns.get(field, {}))
        if changed:
            records.set_pledge_columns(db, pledge_id, changed)
        for field, before, after in history:
            records.record_edit(db, pledge_id, field=field, old=before, new=after, edited_at=now)
        records.refresh_states(db, pledge_id)
        return records.pledge(db, pledge_id)


FIELDS = tuple(f for f in EDIT_FIELDS if f != "tags")  # tags are compared as a list, above


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
    if state is None:  # the rules show no pledge before it was made
        raise InputError(
            f"pledge {pledge_id} was announced on {pledge.announced_on}, after {as_of}: "
            "it has no status yet",
            field="as_of",
        )
    steps = records.fold(
        ledger.db, counting_of(pledge), [u for u in updates if u.happened_on <= as_of]
    )
    totals = dict(steps[-1].stage_totals) if steps else {}
    return PledgeDetail(
        state=state,
        updates=updates,
        edits=records.edits_for(ledger.db, pledge_id),
        stage_totals=totals,
    )


def list_pledges(ledger: Ledger, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """The pledges a filter selects with their state, in its order, up to its limit, read one
    at a time while the ledger is open."""
    return pledge_states(ledger.db, pledge_filter)


def search_pledges(ledger: Ledger, text: str, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """The pledges whose words (their own, their updates' or their sources') match `text`, among
    those the filter selects, in its order, up to its limit, read one at a time."""
    return search_states(ledger.db, text, pledge_filter)


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
