"""How updates add up: running totals per stage, the counted amount, the verdict
(docs/rules.md#stages-and-the-counted-amount).

`fold_progress` walks a pledge's updates in the order they happened and returns, for each one,
the facts the status rules read as they stand after it; `counted_amounts` says, of the amounts
it counted, from when until when each counted (what a converted total reads). An amount in
another currency than the target counts converted at its own date: the caller hands in the
conversion (domain.exchange). Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from pledgetrack.domain import rules
from pledgetrack.domain.model import Amount, Mode, Pledge, Qualifier, Stage, Update, Verdict


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
    adds: Amount | None = None  # the amount, as entered, this update put in the counted total
    restarts: bool = False  # it replaced the counted total: the amounts before stop counting


@dataclass(frozen=True)
class CountedAmount:
    """An amount that counted toward a pledge, as entered, from its day until `until_on` (the
    day a running total or a reading replaced it; None while it still counts)."""

    update_id: int
    happened_on: date
    amount: Amount
    until_on: date | None


Converter = Callable[[Amount, date], Decimal | None]
"""An amount in another currency than the target, in the target's, at a date; None if it has no
rate then."""


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
    return Counting(
        stage=pledge.counts,
        target=pledge.target,
        approximate=pledge.target_qualifier is Qualifier.APPROXIMATE,
        level=pledge.target_rate is not None,
    )


def fold_progress(
    updates: Sequence[Update],
    *,
    counts: Stage,
    target: Amount | None,
    approximate: bool = False,
    level: bool = False,
    convert: Converter | None = None,
) -> list[ProgressStep]:
    """The facts after each update, oldest first.

    A `total` update replaces the running total of its stage; an `increment` adds to it.
    An amount in another currency than the target's counts at its value there that `convert`
    gives; any other amount in another unit is not added (`check` reports it).
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
        adds, restarts = None, False
        value = _value_toward(amount, target, update.happened_on, convert)
        if amount is not None and value is not None and update.stage is not None:
            if update.mode is Mode.TOTAL or level:
                before = totals.get(update.stage, Decimal(0))
                fell_from = before if value < before and not level else None
                totals[update.stage] = value
                restarts = update.stage is counts
            else:
                totals[update.stage] = totals.get(update.stage, Decimal(0)) + value
            adds = amount if update.stage is counts else None
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
                adds=adds,
                restarts=restarts,
            )
        )
    return steps


def counted_amounts(steps: Sequence[ProgressStep]) -> list[CountedAmount]:
    """The amounts the fold counted, each with the day it stopped counting, in update order."""
    found: list[CountedAmount] = []
    counting: list[ProgressStep] = []
    for step in steps:
        if step.restarts:
            found += [_counted(s, step.happened_on) for s in counting]
            counting = []
        if step.adds is not None:
            counting.append(step)
    found += [_counted(s, None) for s in counting]
    return sorted(found, key=lambda c: (c.happened_on, c.update_id))


def _counted(step: ProgressStep, until_on: date | None) -> CountedAmount:
    assert step.adds is not None
    return CountedAmount(step.update_id, step.happened_on, step.adds, until_on)


def _share(fraction: Fraction) -> Decimal:
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)


def _value_toward(
    amount: Amount | None, target: Amount | None, on: date, convert: Converter | None
) -> Decimal | None:
    """What an amount adds in the target's unit: itself, or converted; None if it cannot."""
    if amount is None:
        return None
    if target is None or amount.unit == target.unit:
        return amount.value
    return convert(amount, on) if convert is not None else None
