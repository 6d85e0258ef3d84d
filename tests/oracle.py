"""An oracle of the status rules, written for the tests in plain Python from the rules as the
methodology states them — not from pledgetrack's code — and a generator of ledgers to try it on.

`generate(seed)` makes a random ledger (pledges of money, quantities and actions; approximate
targets and levels; parents with parts, some in another currency or unit; increments, running
totals, verdicts, notes and voids; updates recorded after later-dated ones; targets edited
afterwards) as the command lines that record it, beside a plain model of it.
`expected(model, as_of)` says what `report` must show for each pledge as of a date, and
`expected_tally(model, as_of)` what `summary --by status` must count, each tree once. Nothing
here imports pledgetrack, so a mistake in its rules cannot hide in both: a part's euros or
dollars in its parent's other currency are converted by currencyconverter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ecb_expected import ecb, thousandths

STAGES = ("committed", "obligated", "allocated", "disbursed", "delivered")
FINAL = ("fulfilled", "partially_fulfilled", "broken", "withdrawn", "superseded")
OPEN = ("not_started", "in_progress", "stalled")
STATUS_ORDER = (*FINAL, "stalled", "in_progress", "not_started")
STALE_DAYS = 180
DUE_SOON_DAYS = 30
SOURCE = "https://example.org/evidence"


@dataclass
class Pledge:
    """A pledge as recorded: `target` None for an action; `parent` the id of its parent."""

    id: int
    kind: str
    unit: str | None
    target: Decimal | None
    counts: str
    announced: date
    deadline: date | None
    approximate: bool = False
    level: bool = False
    parent: int | None = None


@dataclass
class Update:
    """An update as recorded; `id` is the order it was recorded in, across the ledger.
    `recorded_at` and `uid` are what the ledger stored (`stamp`): updates of one day count in
    the order they were recorded, then by uid, in every ledger, whatever its ids."""

    id: int
    pledge: int
    on: date
    stage: str | None = None
    amount: Decimal | None = None
    total: bool = False  # a running total, not an increment
    verdict: str | None = None
    voided: bool = False
    recorded_at: str = ""
    uid: str = ""


@dataclass
class Model:
    """The ledger, and the command lines that record it (run in order, on an empty ledger)."""

    pledges: dict[int, Pledge] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    commands: list[list[str]] = field(default_factory=list)

    def parts(self, pledge_id: int) -> list[Pledge]:
        return [p for p in self.pledges.values() if p.parent == pledge_id]


@dataclass(frozen=True)
class Expected:
    """What the report shows of one pledge as of a date."""

    status: str
    counted: Decimal | None
    progress: Decimal | None
    overdue: bool
    days_overdue: int | None
    due_soon: bool
    late: bool
    conflict: bool


def _amount_text(value: Decimal, unit: str, rate: bool = False, about: bool = False) -> str:
    text = f"{unit} {value}" if unit.isupper() else f"{value} {unit}"
    return ("about " if about else "") + text + (" a month" if rate else "")


def generate(seed: int, *, pledges: int = 24) -> Model:
    """A random ledger of about `pledges` pledges, a third of them in trees."""
    rng = random.Random(seed)
    model = Model()
    units = [("money", "EUR"), ("money", "USD"), ("quantity", "doses")]

    def add(parent: Pledge | None) -> Pledge:
        pledge_id = len(model.pledges) + 1
        roll = rng.random()
        if roll < 0.12:
            kind, unit = "action", None
        elif parent is not None and parent.unit is not None and rng.random() < 0.6:
            kind, unit = parent.kind, parent.unit
        else:
            kind, unit = rng.choice(units)
        announced = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 900))
        span = timedelta(days=rng.randrange(30, 1400))
        deadline = announced + span if rng.random() < 0.7 else None
        level = unit is not None and rng.random() < 0.1
        about = unit is not None and not level and rng.random() < 0.2
        target = Decimal(rng.randrange(1, 50) * 1000) if unit is not None else None
        pledge = Pledge(
            id=pledge_id, kind=kind, unit=unit, target=target,
            counts="disbursed" if kind == "money" else "delivered",
            announced=announced, deadline=deadline, approximate=about, level=level,
            parent=parent.id if parent is not None else None,
        )  # fmt: skip
        command = ["add", f"Pledge {pledge_id}", "--by", rng.choice(["EU", "US", "Mexico"]),
                   "--announced", announced.isoformat()]  # fmt: skip
        if unit is not None and target is not None:
            command += ["--target", _amount_text(target, unit, rate=level, about=about)]
        if deadline is not None:
            command += ["--due", deadline.isoformat()]
        if parent is not None:
            command += ["--part-of", str(parent.id)]
        model.pledges[pledge_id] = pledge
        model.commands.append(command)
        return pledge

    while len(model.pledges) < pledges:
        pledge = add(None)
        if rng.random() < 0.35:
            for _ in range(rng.randrange(1, 4)):
                add(pledge)
    for pledge in model.pledges.values():
        day = pledge.announced
        for _ in range(rng.randrange(0, 6)):
            day += timedelta(days=rng.choice([0, 0, 15, 60, 120, 200, 400]))
            if day > date(2024, 12, 31):
                break
            _update(model, rng, pledge, day)
    # Updates recorded late, dated before others of their pledge, and targets edited after
    # the fact: the facts are folded again in date order, and the latest stay the latest.
    dated = [u for u in model.updates if u.on > model.pledges[u.pledge].announced]
    for earlier in rng.sample(dated, k=len(dated) // 8):
        pledge = model.pledges[earlier.pledge]
        day = max(pledge.announced, earlier.on - timedelta(days=rng.randrange(1, 30)))
        _update(model, rng, pledge, day)
    edited = [p for p in model.pledges.values() if p.target is not None and p.unit is not None]
    for pledge in rng.sample(edited, k=len(edited) // 5):
        assert pledge.target is not None and pledge.unit is not None
        pledge.target = pledge.target * Decimal(rng.choice([5, 8, 12, 20])) / 10
        wording = _amount_text(pledge.target, pledge.unit, pledge.level, pledge.approximate)
        model.commands.append(["edit", str(pledge.id), "--target", wording])
    for update in rng.sample(model.updates, k=len(model.updates) // 10):
        update.voided = True
        model.commands.append(
            ["update", str(update.pledge), "--void", str(update.id), "--note", "a mistake"]
        )
    return model


def _update(model: Model, rng: random.Random, pledge: Pledge, day: date) -> None:
    """One random update of `pledge` dated `day`."""
    update = Update(id=len(model.updates) + 1, pledge=pledge.id, on=day)
    command = ["update", str(pledge.id), "--on", day.isoformat()]
    roll = rng.random()
    if roll < 0.6 and pledge.target is not None:
        update.stage = pledge.counts if rng.random() < 0.8 else "obligated"
        step = pledge.target * Decimal(rng.choice([1, 2, 3, 5, 8])) / 10
        if rng.random() < 0.3:
            update.total, command = True, [*command, "--total", str(step * 2)]
            update.amount = step * 2
        else:
            update.amount = -step / 2 if rng.random() < 0.1 else step
            command += ["--amount", str(update.amount)]
        if update.stage != pledge.counts:
            command += ["--stage", update.stage]
    elif roll < 0.85:
        update.verdict = rng.choice(["in_progress", "stalled", "stalled", *FINAL])
        command += ["--status", update.verdict, "--source", SOURCE, "--note", "as reported"]
    else:
        command += ["--note", "a note"]
    model.updates.append(update)
    model.commands.append(command)


def stamp(model: Model, stored: dict[int, tuple[str, str]]) -> None:
    """Give each update the time it was recorded and the uid the ledger stored for it
    (`stored`: by the update's id), which order the updates of one day."""
    for update in model.updates:
        update.recorded_at, update.uid = stored[update.id]


Order = tuple[date, str, str]


def _order(update: Update) -> Order:
    return (update.on, update.recorded_at, update.uid)


def _converted(value: Decimal, unit: str, into: str, on: date) -> Decimal:
    """An amount in another currency at the ECB's rate of its day, or of the nearest earlier day
    with one (a weekend, a holiday), to the thousandth."""
    return thousandths(ecb(value, unit, into, on))


def _totals(
    model: Model, pledge: Pledge, upto: Order, into: str | None = None
) -> dict[str, Decimal]:
    """A pledge's running total per stage after its updates up to `upto` (not voided); `into`
    another currency, each amount converted into it at its own date."""
    totals: dict[str, Decimal] = {}
    for update in sorted(model.updates, key=_order):
        if update.pledge != pledge.id or update.voided or _order(update) > upto:
            continue
        if update.amount is None or update.stage is None:
            continue
        amount = update.amount
        if into is not None and pledge.unit is not None and into != pledge.unit:
            amount = _converted(amount, pledge.unit, into, update.on)
        if update.total or pledge.level:
            totals[update.stage] = amount
        else:
            totals[update.stage] = totals.get(update.stage, Decimal(0)) + amount
    return totals


def _counted(model: Model, pledge: Pledge, upto: Order) -> Decimal:
    """Its own counted amount, plus its parts' where they are in its unit, or in money when it
    is money: converted into its currency, each amount at its date."""
    counted = _totals(model, pledge, upto).get(pledge.counts, Decimal(0))
    for part in model.parts(pledge.id):
        if pledge.target is None or part.target is None or pledge.unit is None:
            continue
        if part.unit == pledge.unit or (part.kind == pledge.kind == "money"):
            counted += _totals(model, part, upto, pledge.unit).get(part.counts, Decimal(0))
    return counted


def _tree(model: Model, pledge: Pledge) -> set[int]:
    return {pledge.id, *(part.id for part in model.parts(pledge.id))}


def expected(model: Model, as_of: date) -> dict[int, Expected]:
    """What the report shows as of `as_of`, for each pledge announced by then."""
    found = {}
    end = (as_of, chr(0x10FFFF), "")  # after every update of the day
    for pledge in model.pledges.values():
        if pledge.announced > as_of:
            continue
        tree = _tree(model, pledge)
        seen = [
            u for u in sorted(model.updates, key=_order)
            if u.pledge in tree and not u.voided and u.on <= as_of
        ]  # fmt: skip
        own = [u for u in seen if u.pledge == pledge.id]
        verdicts = [u for u in own if u.verdict is not None]
        verdict = verdicts[-1].verdict if verdicts else None
        verdict_on = verdicts[-1].on if verdicts else None
        counted = _counted(model, pledge, end)
        target = pledge.target
        reach = target * Decimal("0.95") if target is not None and pledge.approximate else target
        reached_on = None
        for update in seen:
            if reach is not None and _counted(model, pledge, _order(update)) >= reach:
                reached_on = update.on
                break
        # A stalled verdict holds until a later amount anywhere in the tree, or a new verdict.
        stalled = False
        if verdicts and verdict == "stalled":
            after = [u for u in seen if _order(u) > _order(verdicts[-1])]
            stalled = not any(_moves(model, u) for u in after)
        progressed = any(
            value != 0
            for member in tree
            for value in _totals(model, model.pledges[member], end).values()
        )
        last = seen[-1].on if seen else None
        if verdict in FINAL:
            status = verdict
        elif target is not None and reach is not None and counted >= reach:
            status = "fulfilled"
        elif stalled or (last is not None and (as_of - last).days > STALE_DAYS):
            status = "stalled"
        elif counted > 0 or progressed or verdict == "in_progress":
            status = "in_progress"
        else:
            status = "not_started"
        deadline = pledge.deadline
        past = (as_of - deadline).days if deadline is not None else None
        is_open = status in OPEN
        overdue = is_open and past is not None and past > 0
        when = reached_on or verdict_on
        conflict = target is not None and (
            (verdict == "fulfilled" and counted * 10 < target * 9)
            or (verdict == "broken" and counted * 2 >= target)
            or (verdict == "partially_fulfilled" and counted >= target)
        )
        found[pledge.id] = Expected(
            status=status,
            counted=counted if target is not None else None,
            progress=(counted / target).quantize(Decimal("0.000001")) if target else None,
            overdue=overdue,
            days_overdue=past if overdue else None,
            due_soon=is_open and past is not None and -DUE_SOON_DAYS <= past <= 0,
            late=status == "fulfilled" and deadline is not None and when is not None
            and when > deadline,
            conflict=conflict,
        )  # fmt: skip
    return found


def _moves(model: Model, update: Update) -> bool:
    """Whether an update records progress that counts for its own pledge."""
    return update.amount is not None and model.pledges[update.pledge].target is not None


Tally = dict[str, tuple[int, dict[str, tuple[Decimal, Decimal]]]]


def selected(state: Expected, statuses: tuple[str, ...]) -> bool:
    """Whether `--status S...` (a status, or overdue, due_soon, open or final) keeps a pledge."""
    return any(
        (wanted == "overdue" and state.overdue)
        or (wanted == "due_soon" and state.due_soon)
        or (wanted == "open" and state.status in OPEN)
        or (wanted == "final" and state.status in FINAL)
        or wanted == state.status
        for wanted in statuses
    )


def expected_tally(model: Model, as_of: date, statuses: tuple[str, ...] = ()) -> Tally:
    """`summary --by status` as of `as_of` (of the pledges `--status` keeps, if given): per
    status, how many trees and, per unit (and rate), pledged and counted — each tree once, as
    its parent, unless its parent is not yet announced, or not kept.
    """
    states = expected(model, as_of)
    if statuses:
        states = {i: state for i, state in states.items() if selected(state, statuses)}
    groups: Tally = {}
    for pledge_id, state in states.items():
        parent = model.pledges[pledge_id].parent
        if parent is not None and parent in states:
            continue  # counted in its parent
        pledge = model.pledges[pledge_id]
        count, units = groups.get(state.status, (0, {}))
        if pledge.unit is not None and pledge.target is not None:
            key = f"{pledge.unit}{' a month' if pledge.level else ''}"
            pledged, counted = units.get(key, (Decimal(0), Decimal(0)))
            units[key] = (pledged + pledge.target, counted + (state.counted or 0))
        groups[state.status] = (count + 1, units)
    return groups
