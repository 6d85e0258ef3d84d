"""A report's pledges as trees: each parent with the parts the filter selects right under it.

The pledges at the top (every pledge selected but a part whose parent is selected too) come in
the filter's order, and a limit counts them; a parent's parts follow it in the same order. A part
whose parent the filter leaves out is at the top, on its own. The order and the limit are
settled in SQL over the report's status snapshot; only the pledges shown are read in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import PledgeState
from pledgetrack.storage.selection import (
    StatusSnapshot,
    filtered_sql,
    pledge_states,
    state_from_row,
)
from pledgetrack.storage.states import has_parts
from pledgetrack.storage.status import SORT_SQL

BOUND_IDS = 500  # parts of up to this many parents are chosen by binding the parents' ids


def tree_states(
    db: Database, pledge_filter: PledgeFilter, snapshot: StatusSnapshot
) -> list[PledgeState]:
    """The pledges the filter selects, parents followed by their parts, in the filter's order;
    a limit counts the pledges at the top."""
    if not has_parts(db):  # every pledge is at the top: the plain order is the tree's
        return list(pledge_states(db, pledge_filter, snapshot=snapshot))
    order = f" ORDER BY {SORT_SQL[pledge_filter.sort]}"
    if pledge_filter.limit is None:
        sql, params = filtered_sql(pledge_filter, snapshot=snapshot)
        states = [
            state_from_row(db, row, pledge_filter.as_of) for row in db.query(sql + order, params)
        ]
        return arranged(states)
    reads = "names" if pledge_filter.sort == "actor" else "status"

    def ids(trees: str, extra: str = "", extra_params: Sequence[Any] = ()) -> list[tuple[int, Any]]:
        sql, params = filtered_sql(
            pledge_filter, snapshot=snapshot, columns="st.pledge_id, st.parent_id", reads=reads,
            trees=trees,
        )  # fmt: skip
        named = {**params, **{f"t{i}": value for i, value in enumerate(extra_params)}}
        limit = f" LIMIT {int(pledge_filter.limit or 0)}" if trees == "alone" else ""
        return [(int(r[0]), r[1]) for r in db.execute(sql + extra + order + limit, named)]

    top = [pledge_id for pledge_id, _ in ids("alone")]
    if not top:
        return []
    if len(top) <= BOUND_IDS:
        marks = ", ".join(f":t{i}" for i in range(len(top)))
        parts = ids("within", f" AND st.parent_id IN ({marks})", top)
    else:
        at_top = set(top)
        parts = [(i, parent) for i, parent in ids("within") if parent in at_top]
    every = [*top, *(pledge_id for pledge_id, _ in parts)]
    shown = PledgeFilter(pledge_filter.as_of, pledge_filter.within_days, ids=tuple(every))
    by_id = {state.pledge.id: state for state in pledge_states(db, shown)}
    return arranged([by_id[pledge_id] for pledge_id in every])


def arranged(states: Sequence[PledgeState]) -> list[PledgeState]:
    """Pledges in order, each part moved right under its parent when its parent is among them
    (parts keep their order among themselves); the others keep their places."""
    present = {state.pledge.id for state in states}
    parts: dict[int, list[PledgeState]] = {}
    for state in states:
        parent_id = state.pledge.parent_id
        if parent_id is not None and parent_id in present:
            parts.setdefault(parent_id, []).append(state)
    result: list[PledgeState] = []
    for state in states:
        parent_id = state.pledge.parent_id
        if parent_id is not None and parent_id in present:
            continue
        result.append(state)
        result.extend(parts.get(state.pledge.id, ()))
    return result
