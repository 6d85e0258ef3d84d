"""The fields of a pledge that `edit` changes and an import merges: the columns that store each,
and each as the edit history writes it (`old` and `new`).

`edit` and the merge of another ledger's export both change pledges through here, so a field is
written the same way whichever of them changes it. Runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pledgetrack.domain.amounts import beyond_figure, target_reading, to_milli
from pledgetrack.domain.model import Amount, Basis, Deadline, NewPledge, Pledge
from pledgetrack.formats.cells import join_list
from pledgetrack.storage import records
from pledgetrack.storage.inserts import TARGET_WORDING_COLUMNS, target_wording_values

Columns = Callable[[Any, NewPledge], dict[str, Any]]


def _deadline(_: Any, new: NewPledge) -> dict[str, Any]:
    deadline = new.deadline
    return {
        "deadline_on": deadline.on.isoformat() if deadline and deadline.on else None,
        "deadline_precision": deadline.precision.value if deadline and deadline.precision else None,
        "deadline_basis": deadline.basis.value if deadline and deadline.basis else None,
        "deadline_phrase": deadline.phrase if deadline else None,
    }


def _target(_: Any, new: NewPledge) -> dict[str, Any]:
    return {
        "target_milli": to_milli(new.target.value) if new.target else None,
        "unit": new.target.unit if new.target else None,
        "kind": new.kind.value,
        **dict(zip(TARGET_WORDING_COLUMNS, target_wording_values(new), strict=True)),
    }


COLUMNS: dict[str, Columns] = {
    "title": lambda _, new: {"title": new.title},
    "actor": lambda db, new: {"actor_id": records.ensure_actor(db, new.actor)},
    "event": lambda db, new: {
        "event_id": records.ensure_event(db, new.event) if new.event else None
    },
    "target": _target,
    "deadline": _deadline,
    "announced_on": lambda _, new: {
        "announced_on": new.announced_on.isoformat() if new.announced_on else None
    },
    "quote": lambda _, new: {"quote": new.quote},
    "note": lambda _, new: {"note": new.note},
    "counts": lambda _, new: {"counts": new.counts.value},
}
"""The pledge fields kept in the pledge's own row, each with the columns that store it
(recipients and tags have tables of their own: `records.set_recipients`, `records.set_tags`)."""

COUNTING_FIELDS = frozenset({"target", "counts"})
"""The fields whose change changes how the pledge's updates count: its states are refreshed."""


def set_fields(db: Any, pledge_id: int, new: NewPledge, fields: set[str]) -> None:
    """Write these fields of `new` into the pledge's row (and its recipients and tags)."""
    changed: dict[str, Any] = {}
    for field in sorted(fields):
        if field in COLUMNS:
            changed.update(COLUMNS[field](db, new))
    if changed:
        records.set_pledge_columns(db, pledge_id, changed)
    if "recipient" in fields:
        records.set_recipients(db, pledge_id, new.recipients)
    if "tags" in fields:
        records.set_tags(db, pledge_id, new.tags)


def field_text(pledge: Pledge | NewPledge, field: str) -> str | None:
    """A field of a pledge as the edit history keeps it; tags `;`-joined; recipients `;`-joined
    with a CSV cell's escaping (formats.cells), so the list reads back, or None for none; a
    deadline counted from the announced date keeps the date it came to as well."""
    if field == "tags":
        return ";".join(pledge.tags)
    if field == "recipient":
        return join_list(pledge.recipients) if pledge.recipients else None
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


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Amount):
        return f"{value.value} {value.unit}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
