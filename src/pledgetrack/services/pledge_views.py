"""What the reading commands see of pledges: one in full, with its timeline, its parent or its
parts (`show`); many, a line each (`list`, `search`). Nothing here reads what a user types, so
these commands load none of services.intake's readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import Pledge, PledgeEdit, PledgeState, Stage, Update
from pledgetrack.domain.progress import PartUpdates, counting_of, is_counted_in_parent
from pledgetrack.errors import InputError
from pledgetrack.storage import records, states
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.search import search_states
from pledgetrack.storage.selection import pledge_states


@dataclass(frozen=True)
class PledgeDetail:
    """Everything `show` prints: the state as of a date, the timeline and the edit history; a
    part's parent (its state, when it was announced by then); a parent's parts, and those of
    them whose amounts it does not count."""

    state: PledgeState
    updates: list[Update]
    edits: list[PledgeEdit]
    stage_totals: dict[Stage, Any]
    parent: Pledge | None = None
    parent_state: PledgeState | None = None
    parts: list[PledgeState] = field(default_factory=list)
    left_out: tuple[int, ...] = ()


def pledge_detail(ledger: Ledger, pledge_id: int, *, as_of: date) -> PledgeDetail:
    """One pledge with its computed state as of `as_of`, its updates (oldest first) and edits,
    its parent or its parts."""
    db = ledger.db
    pledge = records.pledge(db, pledge_id)
    state = next(pledge_states(db, PledgeFilter(as_of=as_of, ids=(pledge_id,))), None)
    updates = records.updates_for(db, pledge_id)
    if state is None:  # the rules show no pledge before it was made
        raise InputError(
            f"pledge {pledge_id} was announced on {pledge.announced_on}, after {as_of}: "
            "it has no status yet",
            field="as_of",
        )
    parts = [
        PartUpdates(part.counting, [u for u in part.updates if u.happened_on <= as_of])
        for part in states.part_updates(db, pledge_id)
    ]
    steps = states.fold(  # amounts in another currency counted at the ledger's rates
        db, counting_of(pledge), [u for u in updates if u.happened_on <= as_of], parts
    )
    totals = dict(steps[-1].stage_totals) if steps else {}
    ids = tuple(states.part_ids(db, pledge_id))
    part_states = []
    if ids:  # no ids would be no filter at all
        part_states = list(pledge_states(db, PledgeFilter(as_of, ids=ids, sort="id")))
    parent = records.pledge(db, pledge.parent_id) if pledge.parent_id is not None else None
    parent_state = None
    if parent is not None:
        parent_state = next(pledge_states(db, PledgeFilter(as_of, ids=(parent.id,))), None)
    return PledgeDetail(
        state=state,
        updates=updates,
        edits=records.edits_for(db, pledge_id),
        stage_totals=totals,
        parent=parent,
        parent_state=parent_state,
        parts=part_states,
        left_out=tuple(
            part.pledge.id
            for part in part_states
            if part.pledge.target is not None
            and not is_counted_in_parent(part.pledge.target, pledge.target)
        ),
    )


def list_pledges(ledger: Ledger, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """The pledges a filter selects with their state, in its order, up to its limit, read one
    at a time while the ledger is open."""
    return pledge_states(ledger.db, pledge_filter)


def search_pledges(ledger: Ledger, text: str, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """The pledges whose words (their own, their updates' or their sources') match `text`, among
    those the filter selects, in its order, up to its limit, read one at a time."""
    return search_states(ledger.db, text, pledge_filter)
