"""How updates add up: running totals per stage, the counted amount, the verdict
(docs/rules.md#stages-and-the-counted-amount).

`fold_progress` walks a pledge's updates in the order they happened and returns, for each one,
the facts the status rules read as they stand after it. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pledgetrack.domain.model import Amount, Mode, Stage, Update, Verdict


@dataclass(frozen=True)
class ProgressStep:
    """The state of a pledge right after one of its updates."""

    update_id: int
    happened_on: date
    counted: Decimal
    verdict: Verdict | None
    verdict_on: date | None
    stalled: bool
    progressed: bool
    reached_on: date | None
    stage_totals: dict[Stage, Decimal] = field(default_factory=dict)
    fell_from: Decimal | None = None  # a `total` that set its stage lower: the total it replaced


def update_order(update: Update) -> tuple[date, int]:
    """Updates count in the order they happened; same-day ones in the order they were recorded."""
    return (update.happened_on, update.id)


def fold_progress(
    updates: Sequence[Update], *, counts: Stage, target: Amount | None
) -> list[ProgressStep]:
    """The facts after each update, oldest first.

    A `total` update replaces the running total of its stage; an `increment` adds to it.
    Amounts in another unit than the target's are not added (`check` reports them).
    A `stalled` verdict stays in force until progress or another verdict is recorded.
    A voided update counts nowhere: it has no step.
    """
    totals: dict[Stage, Decimal] = {}
    verdict: Verdict | None = None
    verdict_on: date | None = None
    stalled = False
    reached_on: date | None = None
    steps: list[ProgressStep] = []
    for update in sorted(updates, key=update_order):
        if update.void is not None:
            continue
        amount = update.amount
        fell_from = None
        if amount is not None and update.stage is not None and _counts_toward(amount, target):
            if update.mode is Mode.TOTAL:
                before = totals.get(update.stage, Decimal(0))
                fell_from = before if amount.value < before else None
                totals[update.stage] = amount.value
            else:
                totals[update.stage] = totals.get(update.stage, Decimal(0)) + amount.value
            stalled = False
        if update.verdict is not None:
            verdict = update.verdict
            verdict_on = update.happened_on
            stalled = update.verdict is Verdict.STALLED
        counted = totals.get(counts, Decimal(0))
        if reached_on is None and target is not None and counted >= target.value:
            reached_on = update.happened_on
        steps.append(
            ProgressStep(
                update_id=update.id,
                happened_on=update.happened_on,
                counted=counted,
                verdict=verdict,
                verdict_on=verdict_on,
                stalled=stalled,
                progressed=any(value != 0 for value in totals.values()),
                reached_on=reached_on,
                stage_totals=dict(totals),
                fell_from=fell_from,
            )
        )
    return steps


def _counts_toward(amount: Amount, target: Amount | None) -> bool:
    return target is None or amount.unit == target.unit
