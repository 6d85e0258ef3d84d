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
from fractions import Fraction

from pledgetrack.domain import rules
from pledgetrack.domain.model import (
    Amount,
    Mode,
    Pledge,
    Qualifier,
    Rate,
    Stage,
    Update,
    Verdict,
)


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


@dataclass(frozen=True)
class Counting:
    """How a pledge's updates count toward its target: at which stage; whether an approximate
    target (`about 5,000`) is reached at rules.APPROXIMATE_REACHED of it; whether it is a level
    (`$100 billion a year`), whose latest reading counts rather than the sum of them."""

    stage: Stage
    target: Amount | None
    approximate: bool = False
    level: bool = False


def counting_of(pledge: Pledge) -> Counting:
    """How `pledge`'s updates count."""
    return counting_for(pledge.counts, pledge.target, pledge.target_qualifier, pledge.target_rate)


def counting_for(
    counts: Stage, target: Amount | None, qualifier: Qualifier | None, rate: Rate | None
) -> Counting:
    """How the updates of a pledge with this counting stage and target (its qualifier and rate)
    count."""
    return Counting(
        stage=counts,
        target=target,
        approximate=qualifier is Qualifier.APPROXIMATE,
        level=rate is not None,
    )


def fold_progress(
    updates: Sequence[Update],
    *,
    counts: Stage,
    target: Amount | None,
    approximate: bool = False,
    level: bool = False,
) -> list[ProgressStep]:
    """The facts after each update, oldest first.

    A `total` update replaces the running total of its stage; an `increment` adds to it.
    Amounts in another unit than the target's are not added (`check` reports them).
    A `stalled` verdict stays in force until progress or another verdict is recorded.
    A voided update counts nowhere: it has no step. For a `level` pledge every amount is a
    reading that replaces the last (a level may go down); an `approximate` target is reached at
    rules.APPROXIMATE_REACHED of it.
    """
    reached_at = None
    if target is not None:
        share = _share(rules.APPROXIMATE_REACHED) if approximate else Decimal(1)
        reached_at = target.value * share
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
            if update.mode is Mode.TOTAL or level:
                before = totals.get(update.stage, Decimal(0))
                fell_from = before if amount.value < before and not level else None
                totals[update.stage] = amount.value
            else:
                totals[update.stage] = totals.get(update.stage, Decimal(0)) + amount.value
            stalled = False
        if update.verdict is not None:
            verdict = update.verdict
            verdict_on = update.happened_on
            stalled = update.verdict is Verdict.STALLED
        counted = totals.get(counts, Decimal(0))
        if reached_on is None and reached_at is not None and counted >= reached_at:
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


def _share(fraction: Fraction) -> Decimal:
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)


def _counts_toward(amount: Amount, target: Amount | None) -> bool:
    return target is None or amount.unit == target.unit
