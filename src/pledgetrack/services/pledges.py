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

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import (
    NewPledge,
    Pledge,
    PledgeEdit,
    PledgeState,
    Stage,
    Update,
)
from pledgetrack.domain.names import actor_key
from pledgetrack.domain.progress import counting_of, fold_progress
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
from pledgetrack.services.pledge_fields import field_text, set_fields
from pledgetrack.storage import records
from pledgetrack.storage.ledger import Ledger
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
        new = parse_new_update(text, pledge, today=today)
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


def edit_pledge(
    ledger: Ledger, pledge_id: int, edits: PledgeText, *, today: date, now: str
) -> Pledge:
    """Change a pledge's fields in one transaction, keeping each change in its history (a
    deadline counted from the announced date moves with it); returns the new pledge."""
    with ledger.write() as db:
        old = records.pledge(db, pledge_id)
        new = apply_edits(old, edits, today=today)
        history = [
            (field, field_text(old, field), field_text(new, field))
            for field in FIELDS
            if field_text(old, field) != field_text(new, field)
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
        if [actor_key(n) for n in new.recipients] != [actor_key(n) for n in old.recipients]:
            history.append(
                ("recipient", field_text(old, "recipient"), field_text(new, "recipient"))
            )
        if new.tags != old.tags:
            history.append(("tags", field_text(old, "tags"), field_text(new, "tags")))
        if not history:
            raise InputError(f"nothing to change in pledge {pledge_id}")
        history.sort(key=lambda change: EDIT_FIELDS.index(change[0]))  # in the fields' order
        set_fields(db, pledge_id, new, {field for field, _, _ in history})
        for field, before, after in history:
            records.record_edit(db, pledge_id, field=field, old=before, new=after, edited_at=now)
        records.refresh_states(db, pledge_id)
        return records.pledge(db, pledge_id)


# Recipients and tags are compared as lists, above; a recipient by its key, as `US` is `U.S.`.
FIELDS = tuple(f for f in EDIT_FIELDS if f not in ("recipient", "tags"))


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
    counting = counting_of(pledge)
    steps = fold_progress(
        [u for u in updates if u.happened_on <= as_of],
        counts=counting.stage,
        target=counting.target,
        approximate=counting.approximate,
        level=counting.level,
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
