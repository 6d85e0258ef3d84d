"""How updates add up: running totals per stage, the counted amount, the verdict
(docs/rules.md#stages-and-the-counted-amount).

`fold_progress` walks a pledge's updates in the order they happened and returns, for each one,
the facts the status rules read as they stand after it; a parent pledge's walk takes in its
parts' updates too (docs/rules.md#parts). Pure: no I/O, no clock.
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
    """The state of a pledge right after one of its updates (a parent's: of its tree's)."""

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


@dataclass(frozen=True)
class PartUpdates:
    """A part of a parent pledge, as its parent's fold reads it: how its updates count toward
    its own target, and its updates."""

    counting: Counting
    updates: Sequence[Update]


def counted_in_parent(counted: Amount, parent_target: Amount | None) -> Decimal | None:
    """What a part's counted amount adds to its parent's counted, in the parent's unit; None
    when the parent cannot count it: it has no target, or a part is in another unit (it is left
    out, and said so). The one place where a part's amount would be converted to its parent's
    currency."""
    if parent_target is None or counted.unit != parent_target.unit:
        return None
    return counted.value


def is_counted_in_parent(part_target: Amount, parent_target: Amount | None) -> bool:
    """Whether a part with this target adds its counted amount to its parent's."""
    zero = Amount(Decimal(0), part_target.unit, part_target.kind)
    return counted_in_parent(zero, parent_target) is not None


@dataclass
class _Totals:
    """The running totals per stage of one pledge, as its updates come in."""

    counting: Counting
    totals: dict[Stage, Decimal] = field(default_factory=dict)

    def add(self, update: Update) -> tuple[bool, Decimal | None]:
        """Count the update's amount, if it has one that counts: whether it did, and, for a
        `total` that set its stage lower, the total it replaced."""
        amount, stage = update.amount, update.stage
        if amount is None or stage is None or not _counts_toward(amount, self.counting.target):
            return False, None
        fell_from = None
        if update.mode is Mode.TOTAL or self.counting.level:
            before = self.totals.get(stage, Decimal(0))
            fell_from = before if amount.value < before and not self.counting.level else None
            self.totals[stage] = amount.value
        else:
            self.totals[stage] = self.totals.get(stage, Decimal(0)) + amount.value
        return True, fell_from

    @property
    def counted(self) -> Decimal:
        """The total at the stage that counts."""
        return self.totals.get(self.counting.stage, Decimal(0))

    @property
    def progressed(self) -> bool:
        """Whether any stage holds any progress."""
        return any(value != 0 for value in self.totals.values())


def fold_progress(
    updates: Sequence[Update],
    *,
    counts: Stage,
    target: Amount | None,
    approximate: bool = False,
    level: bool = False,
    parts: Sequence[PartUpdates] = (),
) -> list[ProgressStep]:
    """The facts after each update, oldest first.

    A `total` update replaces the running total of its stage; an `increment` adds to it.
    Amounts in another unit than the target's are not added (`check` reports them).
    A `stalled` verdict stays in force until progress or another verdict is recorded.
    A voided update counts nowhere: it has no step. For a `level` pledge every amount is a
    reading that replaces the last (a level may go down); an `approximate` target is reached at
    rules.APPROXIMATE_REACHED of it.

    A parent pledge's `parts` fold in with its own updates, in the order they all happened: a
    step after each update of the tree. Its counted amount is its own plus each part's counted
    amount (by the part's own rules) where `counted_in_parent` counts it, and so is each stage's
    total; only its
    own verdicts are its verdict; progress anywhere in the tree is progress of the parent, and
    ends a stalled verdict of the parent's.
    """
    counting = Counting(counts, target, approximate=approximate, level=level)
    reached_at = None
    if target is not None:
        share = _share(rules.APPROXIMATE_REACHED) if approximate else Decimal(1)
        reached_at = target.value * share
    own = _Totals(counting)
    trees = [_Totals(part.counting) for part in parts]
    events = [(update, own) for update in updates]
    events += [(update, trees[i]) for i, part in enumerate(parts) for update in part.updates]
    verdict: Verdict | None = None
    verdict_on: date | None = None
    stalled = False
    reached_on: date | None = None
    steps: list[ProgressStep] = []
    for update, totals in sorted(events, key=lambda event: update_order(event[0])):
        if update.void is not None:
            continue
        moved, fell_from = totals.add(update)
        stalled = stalled and not moved
        if totals is not own:
            fell_from = None
        elif update.verdict is not None:
            verdict = update.verdict
            verdict_on = update.happened_on
            stalled = update.verdict is Verdict.STALLED
        stage_totals = dict(own.totals)
        for tree in trees:
            for stage, value in tree.totals.items():
                added = _in_parent(value, tree, target)
                if added is not None:
                    stage_totals[stage] = stage_totals.get(stage, Decimal(0)) + added
        counted = own.counted
        for tree in trees:
            counted += _in_parent(tree.counted, tree, target) or 0
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
                progressed=own.progressed or any(tree.progressed for tree in trees),
                reached_on=reached_on,
                stage_totals=stage_totals,
                fell_from=fell_from,
            )
        )
    return steps


def _in_parent(value: Decimal, part: _Totals, parent_target: Amount | None) -> Decimal | None:
    """A part's total at one stage as its parent counts it (None: not counted)."""
    target = part.counting.target
    if target is None:
        return None
    return counted_in_parent(Amount(value, target.unit, target.kind), parent_target)


def _share(fraction: Fraction) -> Decimal:
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)


def _counts_toward(amount: Amount, target: Amount | None) -> bool:
    return target is None or amount.unit == target.unit
