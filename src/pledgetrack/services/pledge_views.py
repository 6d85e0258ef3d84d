"""What the reading commands see of pledges: one in full, with its timeline, its parent or its
parts (`show`); many, a line each (`list`, `search`). Nothing here reads what a user types, so
these commands load none of services.intake's readers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import Pledge, PledgeEdit, PledgeState, Stage, Update
from pledgetrack.domain.progress import LeftOut, ProgressStep, counting_of
from pledgetrack.errors import InputError
from pledgetrack.storage import records, states
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.search import search_states
from pledgetrack.storage.selection import pledge_states


@dataclass(frozen=True)
class PledgeDetail:
    """Everything `show` prints: the state as of a date, the timeline and the edit history; a
    part's parent (its state, when it was announced by then), and what the parent counts of the
    part, in the parent's unit, or why it leaves it out; a parent's parts, what it counts of
    each of them, and why it leaves out those it does not count."""

    state: PledgeState
    updates: list[Update]
    edits: list[PledgeEdit]
    stage_totals: dict[Stage, Any]
    parent: Pledge | None = None
    parent_state: PledgeState | None = None
    parts: list[PledgeState] = field(default_factory=list)
    left_out: dict[int, LeftOut] = field(default_factory=dict)
    in_parent: dict[int, Decimal] = field(default_factory=dict)

    @property
    def counted_in_parent(self) -> Decimal | None:
        """A part's: what its parent counts of it, in the parent's unit (None if left out)."""
        return self.in_parent.get(self.state.pledge.id)

    @property
    def left_out_of_parent(self) -> LeftOut | None:
        """A part's: why its parent leaves it out, if it does."""
        return self.left_out.get(self.state.pledge.id)


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
    step, left_out, in_parent = _tree_as_of(db, pledge, updates, as_of)
    totals = dict(step.stage_totals) if step else {}
    ids = tuple(states.part_ids(db, pledge_id))
    part_states = []
    if ids:  # no ids would be no filter at all
        part_states = list(pledge_states(db, PledgeFilter(as_of, ids=ids, sort="id")))
    parent = records.pledge(db, pledge.parent_id) if pledge.parent_id is not None else None
    parent_state = None
    if parent is not None:
        parent_state = next(pledge_states(db, PledgeFilter(as_of, ids=(parent.id,))), None)
        parent_updates = records.updates_for(db, parent.id, with_sources=False)
        _, left_out, in_parent = _tree_as_of(db, parent, parent_updates, as_of)
    return PledgeDetail(
        state=state,
        updates=updates,
        edits=records.edits_for(db, pledge_id),
        stage_totals=totals,
        parent=parent,
        parent_state=parent_state,
        parts=part_states,
        left_out=left_out,
        in_parent=in_parent,
    )


def _tree_as_of(
    db: Any, pledge: Pledge, updates: Sequence[Update], as_of: date
) -> tuple[ProgressStep | None, dict[int, LeftOut], dict[int, Decimal]]:
    """A pledge's facts as of a date, folded as the ledger folds them (its parts' updates with
    its own, amounts in other currencies at the ledger's rates); the parts it leaves out, and
    why; and what it counts of each of the others by then, in its unit."""
    parts = states.part_updates(db, pledge.id)
    tree = states.fold_tree(db, counting_of(pledge), updates, parts)
    seen = [step for step in tree.steps if step.happened_on <= as_of]
    step = seen[-1] if seen else None
    counted = {
        part.pledge_id: Decimal(0)
        for part in parts
        if part.counting.target is not None and part.pledge_id not in tree.left_out
    }
    if step is not None:
        counted = {
            part.pledge_id: value
            for part, value in zip(parts, step.in_parent, strict=True)
            if value is not None
        }
    return step, tree.left_out, counted


def list_pledges(ledger: Ledger, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """The pledges a filter selects with their state, in its order, up to its limit, read one
    at a time while the ledger is open."""
    return pledge_states(ledger.db, pledge_filter)


def search_pledges(ledger: Ledger, text: str, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """The pledges whose words (their own, their updates' or their sources') match `text`, among
    those the filter selects, in its order, up to its limit, read one at a time."""
    return search_states(ledger.db, text, pledge_filter)
