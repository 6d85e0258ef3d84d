"""Recording and editing pledges and their updates (docs/concepts.md); what the reading
commands see of them is services.pledge_views.

Each mutation is one transaction; what was typed is read and checked by services.intake, inside
the transaction when the check depends on what the ledger holds.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pledgetrack.domain.model import (
    NewPledge,
    Pledge,
)
from pledgetrack.domain.names import actor_key
from pledgetrack.errors import InputError, UnitMismatchError
from pledgetrack.services.intake import EDIT_FIELDS, PledgeText, apply_edits, validate_new_pledge
from pledgetrack.services.parts import link_part, parent_note, parse_part_of
from pledgetrack.services.pledge_fields import field_text, set_fields
from pledgetrack.services.uids import new_uid
from pledgetrack.services.update_intake import UpdateText, parse_new_update, validate_void
from pledgetrack.storage import records, states
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.rates import rate_book


def record_pledge(
    ledger: Ledger,
    new: NewPledge,
    *,
    today: date,
    now: str,
    uid: str | None = None,
    part_of: int | None = None,
) -> int:
    """Add a checked pledge (see services.intake), a part of `part_of` if given; returns its
    short id."""
    validate_new_pledge(new, today=today)
    with ledger.write() as db:
        pledge_id = records.insert_pledge(db, new, uid=uid or new_uid(), created_at=now)
        if part_of is not None:
            link_part(db, pledge_id, part_of)
        return pledge_id


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
        update_id = records.insert_update(db, pledge_id, new, uid=uid or new_uid(), recorded_at=now)
        states.refresh_states(db, pledge_id)
        return update_id


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
        records.insert_void(db, update.id, uid=uid or new_uid(), voided_at=now, note=why)
        states.refresh_states(db, pledge_id)
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
        if edits.part_of is not None:
            parent_id = parse_part_of(edits.part_of, detach=True)
            if parent_id != old.parent_id:
                parent = link_part(db, pledge_id, parent_id)
                history.append(("parent_uid", old.parent_uid, parent.uid if parent else None))
        if not history:
            raise InputError(f"nothing to change in pledge {pledge_id}")
        history.sort(key=lambda change: EDIT_FIELDS.index(change[0]))  # in the fields' order
        set_fields(db, pledge_id, new, {field for field, _, _ in history})
        for field, before, after in history:
            records.record_edit(db, pledge_id, field=field, old=before, new=after, edited_at=now)
        states.refresh_states(db, pledge_id)
        return records.pledge(db, pledge_id)


# Recipients and tags are compared as lists, above (a recipient by its key, as `US` is
# `U.S.`), and the parent by its id.
FIELDS = tuple(f for f in EDIT_FIELDS if f not in ("recipient", "tags", "parent_uid"))


def delete_pledge(ledger: Ledger, pledge_id: int, *, now: str) -> tuple[Pledge, list[int]]:
    """Delete a pledge with everything attached to it; its parts, if it has any, are kept and
    stand on their own (each keeps the change in its history). Returns what was deleted and the
    ids of the parts it had."""
    with ledger.write() as db:
        gone = records.pledge(db, pledge_id)
        parts = states.part_ids(db, pledge_id)
        for part_id in parts:
            states.set_parent(db, part_id, None)
            records.record_edit(
                db, part_id, field="parent_uid", old=gone.uid, new=None, edited_at=now
            )
        records.delete_pledge(db, pledge_id)
        if gone.parent_id is not None:  # its parent counts it no more
            states.refresh_states(db, gone.parent_id)
        return gone, parts


def get_pledge(ledger: Ledger, pledge_id: int) -> Pledge:
    """The pledge with this id (PledgeNotFoundError if none)."""
    return records.pledge(ledger.db, pledge_id)


def part_ids(ledger: Ledger, pledge_id: int) -> list[int]:
    """The ids of a pledge's parts, oldest first."""
    return states.part_ids(ledger.db, pledge_id)


def uncounted_in_parent(ledger: Ledger, pledge: Pledge, *, on_update: bool = False) -> str | None:
    """For a part whose amounts its parent leaves out, a sentence saying so and why; for one its
    parent counts converted into its currency, one saying that; `on_update`, only for a part
    left out for want of a rate (services.parts.parent_note)."""
    if pledge.parent_id is None:
        return None
    parent = records.pledge(ledger.db, pledge.parent_id)
    return parent_note(ledger.db, pledge, parent, on_update=on_update)


def _has_amounts(db: Any, pledge_id: int) -> bool:
    return any(u.amount is not None for u in records.updates_for(db, pledge_id))
