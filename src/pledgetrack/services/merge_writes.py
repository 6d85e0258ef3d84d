"""Writing a merge's plan (services.merge) into the ledger, inside the caller's transaction:
many rows to a statement, and each touched pledge's derived states rebuilt once, at the end,
however many of its updates, voids and fields the merge brought; then those of the pledges the
rates it brought may count differently.
"""

from __future__ import annotations

from typing import Any

from pledgetrack.services.merge_plan import MergePlan
from pledgetrack.services.parts import link_imported
from pledgetrack.services.pledge_fields import set_fields
from pledgetrack.services.rates import refold
from pledgetrack.storage import inserts, merging
from pledgetrack.storage.bulk import PledgeBatch, UpdateBatch
from pledgetrack.storage.rates import insert_rate
from pledgetrack.storage.states import refresh_many


def write_merge(db: Any, plan: MergePlan) -> None:
    """Write what the plan adds and updates (the conflicts it leaves stay as they are)."""
    writes = plan.writes
    merging.add_actors(db, writes.actors)
    merging.rename_actors(db, writes.actor_names)
    merging.add_aliases(db, writes.aliases)
    merging.rename_aliases(db, writes.alias_names)
    merging.add_events(db, writes.events)
    merging.set_event_columns(db, writes.event_columns)
    for rate in writes.rates:
        insert_rate(db, rate)
    pledges = PledgeBatch(db)
    edits: list[merging.Edit] = []
    for row in writes.pledges:
        with row.record.rules():  # two recipients that are one actor by the ledger's aliases
            pledges.add(row.new, uid=row.uid, created_at=row.created_at, pledge_id=row.pledge_id)
        edits.extend((row.pledge_id, *edit, plan.name) for edit in row.edits)
    pledges.flush()
    link_imported(db, writes.links)  # the file's parents are all in now, wherever they were in it
    sources: list[tuple[Any, ...]] = []
    for change in writes.changes:
        set_fields(db, change.pledge_id, change.new, change.fields)
        edits.extend((change.pledge_id, *edit, origin) for edit, origin in change.edits)
        sources.extend(inserts.source_values(change.sources, pledge_id=change.pledge_id))
    merging.add_edits(db, edits)
    merging.add_sources(db, sources)
    updates = UpdateBatch(db)
    for pledge, uid, recorded_at, new in writes.updates:
        updates.add(pledge, new, uid=uid, recorded_at=recorded_at)
    updates.flush()
    merging.add_voids(db, writes.voids)
    merging.replace_voids(db, writes.void_replacements)
    refresh_many(db, writes.refresh)
    if writes.rates:  # the pledges the new rates may count differently, as `rate add` does
        refold(db, {code for rate in writes.rates for code in rate.pair})
