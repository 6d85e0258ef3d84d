"""The plan of a merge as `import` shows it: a table of the fields a merge of a whole-ledger
export updates and of its conflicts, laid out for the terminal's width; and its JSON record.

A row says which record (a pledge by its id here, an update of a pledge, an actor or an event by
its key), the field, what became of it, and this ledger's value beside the file's. While each
value keeps some room the rows are a table, else a block each. Functions here build and return;
`output.emit` prints. User text enters only through `literal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pledgetrack.cli.grid import GAP, Column, Grid, Span, flow
from pledgetrack.cli.output import literal

if TYPE_CHECKING:
    from pledgetrack.services.import_ import ImportSummary
    from pledgetrack.services.merge_plan import Change, MergePlan

VALUE_ROOM = 20  # the least room each of mine and theirs keeps in the table; below it, blocks

ADDED = (
    "pledges", "updates", "voids", "edits", "sources", "actors", "aliases", "events", "rates",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One line of the plan: the record, the field, what became of it, the two values."""

    record: str
    field: str
    result: str
    mine: str | None
    theirs: str | None


def _record(change: Change) -> str:
    if change.record == "pledge":
        return f"pledge {change.pledge_id}"
    if change.record == "update":
        return f"update of pledge {change.pledge_id}"
    return f"{change.record} {change.uid}"


def plan_rows(plan: MergePlan, *, everything: bool) -> list[Row]:
    """The conflicts (how they were settled, if they were) and, with `everything`, the fields
    the merge updates."""
    settled = f"settled: {plan.prefer}" if plan.prefer else "conflict"
    rows = [Row(_record(c), c.field, settled, c.mine, c.theirs) for c in plan.conflicts]
    if everything:
        rows += [Row(_record(c), c.field, "updated", c.mine, c.theirs) for c in plan.updated]
    return rows


def plan_view(rows: Sequence[Row], width: int) -> Grid:
    """The rows as a table while each value keeps VALUE_ROOM, else as a block each."""
    from rich.text import Text

    record = max(len("record"), *(literal(r.record).cell_len for r in rows))
    field = max(len("field"), *(len(r.field) for r in rows))
    result = max(len("result"), *(len(r.result) for r in rows))
    room = (width - record - field - result - 4 * GAP) // 2
    natural = max(literal(v).cell_len for r in rows for v in (r.mine, r.theirs, "theirs"))
    if room >= min(natural, VALUE_ROOM):
        value = min(room, natural)
        columns = [
            Column("record", record), Column("field", field), Column("result", result),
            Column("mine", value), Column("theirs", value),
        ]  # fmt: skip
        grid = Grid(columns)
        for row in rows:
            grid.add_row(
                literal(row.record),
                Text(row.field),
                Text(row.result, style=_style(row.result)),
                literal(row.mine),
                literal(row.theirs),
            )
        return grid
    grid = Grid(())
    for index, row in enumerate(rows):
        if index:
            grid.add_blank()
        pieces = [(literal(row.record), "  "), (Text(row.field), "  "),
                  (Text(row.result, style=_style(row.result)), "")]  # fmt: skip
        grid.add_span(Span(flow(pieces, width)))
        grid.add_span(Span(literal(row.mine), GAP + 7, lead="mine"))
        grid.add_span(Span(literal(row.theirs), GAP + 7, lead="theirs"))
    return grid


def _style(result: str) -> str:
    return "red" if result == "conflict" else ""


def _change(change: Change, *, conflict: bool, prefer: str | None) -> dict[str, Any]:
    identity = "uid" if change.record in ("pledge", "update") else "key"
    record: dict[str, Any] = {
        "record": change.record,
        "pledge_id": change.pledge_id,
        identity: change.uid,
        "field": change.field,
    }
    if conflict:
        record.update(mine=change.mine, theirs=change.theirs, settled=prefer)
    else:
        record.update(old=change.mine, new=change.theirs)
    return record


def summary_record(summary: ImportSummary, name: str) -> dict[str, Any]:
    """What an import did (or would do), as the JSON of `import --format json`."""
    plan = summary.merge
    if plan is None:  # a CSV: rows added, or skipped as already in the ledger
        return {
            "file": name,
            "dry_run": summary.dry_run,
            "added": {"pledges": summary.pledges, "updates": summary.updates},
            "skipped": summary.skipped,
        }
    return {
        "file": name,
        "dry_run": summary.dry_run,
        "prefer": plan.prefer,
        "added": {key: plan.added[key] for key in ADDED},
        "updated": [_change(c, conflict=False, prefer=None) for c in plan.updated],
        "conflicts": [_change(c, conflict=True, prefer=plan.prefer) for c in plan.conflicts],
        "unchanged": {key: plan.unchanged[key] for key in ("pledges", "updates", "rates")},
    }


SINGULAR = {"pledges": "pledge", "updates": "update", "voids": "void", "edits": "edit",
            "sources": "source", "actors": "actor", "aliases": "alias", "events": "event",
            "rates": "rate", "fields": "field", "conflicts": "conflict"}  # fmt: skip


def _counted(count: int, plural: str) -> str:
    return f"{count:,} {SINGULAR[plural] if count == 1 else plural}"


def summary_line(plan: MergePlan, *, dry_run: bool) -> str:
    """One line: what a merge added, updated, left in conflict and found unchanged."""
    verbs = ("would add", "would update", "would settle") if dry_run else (
        "added", "updated", "settled")  # fmt: skip
    added = [
        _counted(plan.added[key], key)
        for key in ADDED
        if plan.added[key] or key in ("pledges", "updates")
    ]
    parts = [f"{verbs[0]} {', '.join(added)}"]
    if plan.updated:
        parts.append(f"{verbs[1]} {_counted(len(plan.updated), 'fields')}")
    conflicts = _counted(len(plan.conflicts), "conflicts")
    if plan.conflicts and plan.prefer:
        parts.append(f"{verbs[2]} {conflicts} with --prefer {plan.prefer}")
    elif plan.conflicts:
        parts.append(
            f"{conflicts} left as this ledger has it (settle with --prefer mine or --prefer theirs)"
        )
    unchanged = plan.unchanged
    if unchanged["pledges"] or unchanged["updates"] or unchanged["rates"]:
        rates = f", {_counted(unchanged['rates'], 'rates')}" if unchanged["rates"] else ""
        parts.append(
            f"unchanged {_counted(unchanged['pledges'], 'pledges')}, "
            f"{_counted(unchanged['updates'], 'updates')}{rates}"
        )
    head = f"{'Would merge' if dry_run else 'Merged'} {plan.name}: "
    tail = ". Dry run: nothing written." if dry_run else "."
    return head + "; ".join(parts) + tail
