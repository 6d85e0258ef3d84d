"""How updates add up: running totals per stage, the counted amount, the verdict
(docs/rules.md#stages-and-the-counted-amount).

`fold_progress` walks a pledge's updates in the order they happened and returns, for each one,
the facts the status rules read as they stand after it; a parent pledge's walk takes in its
parts' updates too (docs/rules.md#parts), and `parts_left_out` says which parts it cannot
count. `counted_amounts` says, of the amounts it counted, from when until when each counted (what
a converted total reads). An amount in another currency than the target it counts toward — a
pledge's own, or a part's amount toward its parent's — counts converted at its own date: the
caller hands in the conversion (domain.exchange). Pure: no I/O, no clock.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from pledgetrack.domain import rules
from pledgetrack.domain.model import (
    Amount,
    Kind,
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
    adds: Amount | None = None  # the amount, as entered, this update put in the counted total
    restarts: bool = False  # it replaced the counted total: the amounts before stop counting
    in_parent: tuple[Decimal | None, ...] = ()  # a parent's: what it counts of each part


@dataclass(frozen=True)
class CountedAmount:
    """An amount that counted toward a pledge, as entered, from its day until `until_on` (the
    day a running total or a reading replaced it; None while it still counts)."""

    update_id: int
    happened_on: date
    amount: Amount
    until_on: date | None


Converter = Callable[[Amount, str, date], Decimal | str]
"""An amount in another currency than the target, in the target's (the currency given) at a
date, to the thousandth; or, when it has no rate then, why."""


def update_order(update: Update) -> tuple[date, str, str]:
    """Updates count in the order they happened; same-day ones in the order they were recorded,
    then by uid (two recorded in the same second). Never by this ledger's own ids: another
    ledger holding the same updates (one that merged them, a copy imported from an export)
    numbers them in another order, and must fold them alike."""
    return (update.happened_on, update.recorded_at, update.uid)


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
    """A part of a parent pledge, as its parent's fold reads it: its id, how its updates count
    toward its own target, and its updates."""

    pledge_id: int
    counting: Counting
    updates: Sequence[Update]


class Exclusion(enum.StrEnum):
    """Why a parent leaves a part out of its counted amount."""

    NO_TARGET = "no_target"  # the parent has no target to count it toward
    UNIT = "unit"  # the part is in another unit, and not both are money
    NO_RATE = "no_rate"  # an amount the part counts has no rate into the parent's currency


@dataclass(frozen=True)
class LeftOut:
    """A part its parent does not count, whole (docs/rules.md#parts), and why: for NO_RATE, the
    first amount (in the order they happened) with no rate into the parent's currency on its
    date, and the reason the rates give."""

    reason: Exclusion
    unit: str  # the part's
    parent_unit: str | None  # the parent's; None when it has no target
    amount: Amount | None = None
    on: date | None = None
    why: str | None = None

    def text(self) -> str:
        """What follows `left out of its parent's counted amount`: `as GTQ 1,000,000 of
        2024-03-01 has no rate into USD: the ECB publishes no GTQ rate`."""
        if self.reason is Exclusion.NO_TARGET:
            return "as its parent has no target"
        if self.reason is Exclusion.UNIT:
            return f"being in {self.unit}, another unit than its parent's {self.parent_unit}"
        from pledgetrack.domain.amounts import format_amount

        assert self.amount is not None
        return (
            f"as {format_amount(self.amount)} of {self.on} has no rate into "
            f"{self.parent_unit}: {self.why}"
        )


def part_left_out(
    part: PartUpdates, parent_target: Amount | None, convert: Converter | None
) -> LeftOut | None:
    """Whether, and why, a parent with this target leaves the part out of its counted amount,
    whole: the one place that decides. A part with no target has nothing to count (None). A
    part in the parent's unit counts; a money part of a money parent in another currency counts
    converted, each amount it counts at the rate of that amount's date, unless one of them has
    no rate: then none of it counts, at any date, rather than some of it."""
    target = part.counting.target
    if target is None:
        return None
    if parent_target is None:
        return LeftOut(Exclusion.NO_TARGET, target.unit, None)
    if target.unit == parent_target.unit:
        return None
    if target.kind is not Kind.MONEY or parent_target.kind is not Kind.MONEY:
        return LeftOut(Exclusion.UNIT, target.unit, parent_target.unit)
    for update in sorted(part.updates, key=update_order):
        amount, on = update.amount, update.happened_on
        if update.void is not None or amount is None or update.stage is None:
            continue
        if amount.unit == parent_target.unit or _value_toward(amount, target, on, convert) is None:
            continue  # needs no rate, or the part itself does not count it
        value = convert(amount, parent_target.unit, on) if convert else "no rates were read"
        if isinstance(value, str):
            return LeftOut(Exclusion.NO_RATE, target.unit, parent_target.unit, amount, on, value)
    return None


def parts_left_out(
    parts: Sequence[PartUpdates], parent_target: Amount | None, convert: Converter | None
) -> dict[int, LeftOut]:
    """The parts a parent with this target leaves out, by id, and why (`part_left_out`)."""
    found = {part.pledge_id: part_left_out(part, parent_target, convert) for part in parts}
    return {part_id: why for part_id, why in found.items() if why is not None}


@dataclass
class _Totals:
    """The running totals per stage of one pledge, as its updates come in."""

    counting: Counting
    convert: Converter | None = None
    totals: dict[Stage, Decimal] = field(default_factory=dict)

    def add(self, update: Update) -> tuple[bool, Decimal | None, Amount | None, bool]:
        """Count the update's amount, if it has one that counts (converted, if it is in another
        currency): whether it did; for a `total` that set its stage lower, the total it replaced;
        the amount, as entered, it put in the counted total; whether it replaced that total."""
        amount, stage = update.amount, update.stage
        value = _value_toward(amount, self.counting.target, update.happened_on, self.convert)
        if amount is None or stage is None or value is None:
            return False, None, None, False
        fell_from, restarts = None, False
        if update.mode is Mode.TOTAL or self.counting.level:
            before = self.totals.get(stage, Decimal(0))
            fell_from = before if value < before and not self.counting.level else None
            self.totals[stage] = value
            restarts = stage is self.counting.stage
        else:
            self.totals[stage] = self.totals.get(stage, Decimal(0)) + value
        adds = amount if stage is self.counting.stage else None
        return True, fell_from, adds, restarts

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
    convert: Converter | None = None,
    parts: Sequence[PartUpdates] = (),
) -> list[ProgressStep]:
    """The facts after each update, oldest first.

    A `total` update replaces the running total of its stage; an `increment` adds to it.
    An amount in another currency than the target's counts at its value there that `convert`
    gives; any other amount in another unit is not added (`check` reports it).
    A `stalled` verdict stays in force until progress or another verdict is recorded.
    A voided update counts nowhere: it has no step. For a `level` pledge every amount is a
    reading that replaces the last (a level may go down); an `approximate` target is reached at
    rules.APPROXIMATE_REACHED of it.

    A parent pledge's `parts` fold in with its own updates, in the order they all happened: a
    step after each update of the tree. Its counted amount is its own plus each part's counted
    amount (by the part's own rules) but for the parts `part_left_out` leaves out, and so is
    each stage's total; a part in another currency counts each of its amounts converted at that
    amount's date, and its running totals and readings replace what it counted before, as a
    pledge's own do. Each step says what the parent counts of each part then (`in_parent`, in
    the parent's unit; None for a part left out). Only its own verdicts are its verdict;
    progress anywhere in the tree is progress of the parent, and ends a stalled verdict of the
    parent's.
    """
    counting = Counting(counts, target, approximate=approximate, level=level)
    reached_at = None
    if target is not None:
        share = _share(rules.APPROXIMATE_REACHED) if approximate else Decimal(1)
        reached_at = target.value * share
    own = _Totals(counting, convert)
    trees = [_Totals(part.counting, convert) for part in parts]
    left_out = parts_left_out(parts, target, convert)
    in_parent = [
        _in_parent(part.counting, target, convert) if part.pledge_id not in left_out else None
        for part in parts
    ]
    events: list[tuple[Update, int]] = [(update, -1) for update in updates]
    events += [(update, i) for i, part in enumerate(parts) for update in part.updates]
    verdict: Verdict | None = None
    verdict_on: date | None = None
    stalled = False
    reached_on: date | None = None
    steps: list[ProgressStep] = []
    for update, index in sorted(events, key=lambda event: update_order(event[0])):
        if update.void is not None:
            continue
        moved, fell_from, adds, restarts = (own if index < 0 else trees[index]).add(update)
        stalled = stalled and not moved
        if index >= 0:
            counted_there = in_parent[index]
            if moved and counted_there is not None:
                counted_there.add(update)
            fell_from, adds, restarts = None, None, False
        elif update.verdict is not None:
            verdict = update.verdict
            verdict_on = update.happened_on
            stalled = update.verdict is Verdict.STALLED
        stage_totals = dict(own.totals)
        counted = own.counted
        for there in in_parent:
            if there is not None:
                for stage, value in there.totals.items():
                    stage_totals[stage] = stage_totals.get(stage, Decimal(0)) + value
                counted += there.counted
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
                adds=adds,
                restarts=restarts,
                in_parent=tuple(t.counted if t else None for t in in_parent) if parts else (),
            )
        )
    return steps


def _in_parent(
    counting: Counting, parent_target: Amount | None, convert: Converter | None
) -> _Totals | None:
    """The running totals of a part as a parent with this target counts them: at the part's
    stages, by its rules (a level's readings replace each other), in the parent's unit, each
    amount converted at its date; None for a part with nothing to count."""
    if counting.target is None or parent_target is None:
        return None
    toward = Counting(counting.stage, parent_target, level=counting.level)
    return _Totals(toward, convert)


def counted_amounts(steps: Sequence[ProgressStep]) -> list[CountedAmount]:
    """The amounts the fold counted, each with the day it stopped counting, in the order the
    steps folded them."""
    found: list[CountedAmount] = []
    counting: list[ProgressStep] = []
    for step in steps:
        if step.restarts:
            found += [_counted(s, step.happened_on) for s in counting]
            counting = []
        if step.adds is not None:
            counting.append(step)
    found += [_counted(s, None) for s in counting]
    return found


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
    value = convert(amount, target.unit, on) if convert is not None else None
    return value if isinstance(value, Decimal) else None
