"""Every rule and boundary of docs/rules.md, table-driven, through the services and the one SQL
definition of the rules (storage/status.py). The CLI scenario is in tests/test_report.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pledgetrack.domain.amounts import format_plain
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import (
    Amount,
    Deadline,
    Kind,
    NewPledge,
    PledgeState,
    Precision,
    SourceRef,
    Stage,
    Status,
    Verdict,
)
from pledgetrack.domain.rules import default_stage, is_final
from pledgetrack.services.pledges import record_pledge, record_update
from pledgetrack.services.update_intake import UpdateText
from pledgetrack.storage.ledger import Ledger, open_ledger
from pledgetrack.storage.selection import pledge_states

NOW = "2026-01-01T00:00:00+00:00"
TODAY = date(2026, 1, 1)  # every case happens before it
SOURCE = (SourceRef(url="https://example.org/evidence"),)


@dataclass(frozen=True)
class U:
    """One update of a case: a date, maybe an amount (increment or total), maybe a verdict."""

    on: str
    amount: str | None = None
    total: bool = False
    stage: Stage | None = None
    verdict: Verdict | None = None


@dataclass(frozen=True)
class Case:
    """A pledge (target in units, or None for an action), its updates, and what §3 says."""

    name: str
    as_of: str
    expect: dict[str, Any]
    target: str | None = "100"
    due: str | None = "2024-06-30"
    announced: str = "2023-01-01"
    updates: tuple[U, ...] = field(default_factory=tuple)
    kind: Kind = Kind.QUANTITY


def fulfilled_by(on: str, amount: str = "100") -> tuple[U, ...]:
    return (U("2024-01-01", "10"), U(on, amount, total=True))


def verdict(on: str, counted: str, v: Verdict) -> tuple[U, ...]:
    return (U("2024-01-01", counted, total=True), U(on, verdict=v))


CASES = [
    # Deadlines: due today is not overdue (and is due soon); due yesterday is overdue by 1 day.
    Case("due today", "2024-06-30", {"status": "not_started", "overdue": False,
         "due_soon": True, "days_left": 0, "days_overdue": None}),
    Case("due yesterday", "2024-07-01", {"overdue": True, "days_overdue": 1, "due_soon": False}),
    Case("due in 30 days", "2024-05-31", {"due_soon": True, "days_left": 30}),
    Case("due in 31 days", "2024-05-30", {"due_soon": False, "days_left": 31}),
    Case("open-ended", "2030-01-01", {"overdue": False, "due_soon": False}, due=None),
    # Rule 2 and `late`: reached on the deadline is on time; the day after is late.
    Case("reached on the deadline", "2024-12-31",
         {"status": "fulfilled", "late": False, "overdue": False},
         updates=fulfilled_by("2024-06-30")),
    Case("reached the day after", "2024-12-31", {"status": "fulfilled", "late": True},
         updates=fulfilled_by("2024-07-01")),
    Case("fulfilled is never overdue", "2025-06-30",
         {"status": "fulfilled", "overdue": False, "days_overdue": None},
         updates=fulfilled_by("2024-07-01", "150")),
    # Rule 3: more than 180 days without an update.
    Case("180 days since the last update", "2024-06-29", {"status": "in_progress"},
         due=None, updates=(U("2024-01-01", "10"),)),
    Case("181 days since the last update", "2024-06-30", {"status": "stalled"},
         due=None, updates=(U("2024-01-01", "10"),)),
    Case("stalled verdict", "2024-02-01", {"status": "stalled"},
         updates=(U("2024-01-01", "10"), U("2024-01-15", verdict=Verdict.STALLED))),
    Case("stalled verdict, then progress", "2024-03-01", {"status": "in_progress"},
         updates=(U("2024-01-15", verdict=Verdict.STALLED), U("2024-02-01", "10"))),
    Case("stalled and overdue", "2024-07-02", {"status": "stalled", "overdue": True,
         "days_overdue": 2}, updates=(U("2024-01-01", verdict=Verdict.STALLED),)),
    # Rule 1 beats the numbers; a final verdict followed by progress stays in force.
    Case("broken, then progress", "2024-12-31", {"status": "broken", "counted": "60",
         "conflict": True}, updates=(*verdict("2024-05-01", "10", Verdict.BROKEN),
                                     U("2024-06-01", "50"))),
    Case("withdrawn is final and not overdue", "2025-01-01",
         {"status": "withdrawn", "overdue": False},
         updates=(U("2024-01-01", verdict=Verdict.WITHDRAWN),)),
    # Conflict thresholds.
    Case("fulfilled at 0.89", "2024-06-01", {"status": "fulfilled", "conflict": True},
         updates=verdict("2024-05-01", "89", Verdict.FULFILLED)),
    Case("fulfilled at 0.9", "2024-06-01", {"status": "fulfilled", "conflict": False},
         updates=verdict("2024-05-01", "90", Verdict.FULFILLED)),
    Case("broken at 0.49", "2024-06-01", {"status": "broken", "conflict": False},
         updates=verdict("2024-05-01", "49", Verdict.BROKEN)),
    Case("broken at 0.5", "2024-06-01", {"status": "broken", "conflict": True},
         updates=verdict("2024-05-01", "50", Verdict.BROKEN)),
    Case("partially at 0.99", "2024-06-01", {"status": "partially_fulfilled", "conflict": False},
         updates=verdict("2024-05-01", "99", Verdict.PARTIALLY_FULFILLED)),
    Case("partially at 1.0", "2024-06-01", {"status": "partially_fulfilled", "conflict": True},
         updates=verdict("2024-05-01", "100", Verdict.PARTIALLY_FULFILLED)),
    # Counting: running totals then increments; a total replaces; other stages never add.
    Case("total then increments", "2024-06-01", {"counted": "65", "status": "in_progress"},
         updates=(U("2024-01-01", "50", total=True), U("2024-02-01", "10"),
                  U("2024-03-01", "5"))),
    Case("a new total replaces", "2024-06-01", {"counted": "35"},
         updates=(U("2024-01-01", "50", total=True), U("2024-02-01", "10"),
                  U("2024-03-01", "30", total=True), U("2024-04-01", "5"))),
    Case("negative increment corrects", "2024-06-01", {"counted": "40"},
         updates=(U("2024-01-01", "50"), U("2024-02-01", "-10"))),
    Case("a stage that does not count", "2024-06-01",
         {"status": "in_progress", "counted": "0", "progress": "0"},
         updates=(U("2024-01-01", "100", stage=Stage.OBLIGATED),)),
    Case("in_progress verdict alone", "2024-06-01", {"status": "in_progress"},
         updates=(U("2024-01-01", verdict=Verdict.IN_PROGRESS),)),
    # Only updates dated on or before the as-of date count.
    Case("updates after as-of ignored", "2024-04-30",
         {"status": "not_started", "counted": "0"}, updates=(U("2024-05-01", "100"),)),
    Case("the same updates as of later", "2024-05-01",
         {"status": "fulfilled", "counted": "100"}, updates=(U("2024-05-01", "100"),)),
    Case("verdict after as-of ignored", "2024-04-30", {"status": "in_progress"},
         updates=(U("2024-01-01", "10"), U("2024-05-01", verdict=Verdict.BROKEN))),
    # Action pledges: no numbers, no progress, no conflict; late from the verdict's date.
    Case("action, nothing yet", "2024-01-01", {"status": "not_started", "progress": None,
         "counted": None}, target=None, kind=Kind.ACTION),
    Case("action fulfilled late", "2024-12-31", {"status": "fulfilled", "late": True,
         "conflict": False}, target=None, kind=Kind.ACTION,
         updates=(U("2024-07-01", verdict=Verdict.FULFILLED),)),
    Case("action fulfilled on time", "2024-12-31", {"status": "fulfilled", "late": False},
         target=None, kind=Kind.ACTION, updates=(U("2024-06-30", verdict=Verdict.FULFILLED),)),
]  # fmt: skip


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(tmp_path / "rules.db", create=True, readonly=False) as opened:
        yield opened


def build(ledger: Ledger, case: Case) -> int:
    """Record the case's pledge and updates through the services."""
    target = Amount(Decimal(case.target), "visas", Kind.QUANTITY) if case.target else None
    deadline = None
    if case.due:
        deadline = Deadline(date.fromisoformat(case.due), Precision.DAY, None, case.due)
    pledge_id = record_pledge(
        ledger,
        NewPledge(
            title=case.name,
            actor="Testland",
            kind=case.kind,
            counts=default_stage(case.kind),
            target=target,
            deadline=deadline,
            announced_on=date.fromisoformat(case.announced),
        ),
        today=TODAY,
        now=NOW,
    )
    for update in case.updates:
        amount = f"{update.amount} visas" if update.amount else None
        final = update.verdict is not None and is_final(update.verdict)
        record_update(
            ledger,
            pledge_id,
            UpdateText(
                on=update.on,
                stage=update.stage.value if update.stage else None,
                amount=None if update.total else amount,
                total=amount if update.total else None,
                verdict=update.verdict.value if update.verdict else None,
                note="why" if update.verdict else None,
                sources=SOURCE if final else (),
            ),
            today=TODAY,
            now=NOW,
        )
    return pledge_id


def state_of(ledger: Ledger, pledge_id: int, as_of: str) -> PledgeState | None:
    selected = PledgeFilter(as_of=date.fromisoformat(as_of), ids=(pledge_id,))
    return next(pledge_states(ledger.db, selected), None)


def observed(state: PledgeState, key: str) -> Any:
    value = getattr(state, key)
    if isinstance(value, Status):
        return value.value
    if isinstance(value, Decimal):
        return format_plain(value)
    return value


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule(ledger: Ledger, case: Case) -> None:
    pledge_id = build(ledger, case)
    state = state_of(ledger, pledge_id, case.as_of)
    assert state is not None
    for key, expected in case.expect.items():
        assert observed(state, key) == expected, f"{case.name}: {key}"


def test_pledge_announced_after_as_of_is_not_shown(ledger: Ledger) -> None:
    case = Case("announced later", "2022-12-31", {}, announced="2023-01-01")
    pledge_id = build(ledger, case)
    assert state_of(ledger, pledge_id, "2022-12-31") is None
    assert state_of(ledger, pledge_id, "2023-01-01") is not None


def test_within_changes_due_soon(ledger: Ledger) -> None:
    pledge_id = build(ledger, Case("due in 31 days", "2024-05-30", {}))
    wide = PledgeFilter(as_of=date(2024, 5, 30), within_days=31, ids=(pledge_id,))
    state = next(pledge_states(ledger.db, wide))
    assert state.due_soon


def test_overdue_sort_puts_most_overdue_first(ledger: Ledger) -> None:
    a = build(ledger, Case("a", "x", {}, due="2024-06-01"))
    b = build(ledger, Case("b", "x", {}, due="2024-01-01"))
    c = build(ledger, Case("c", "x", {}, due="2024-12-01"))
    d = build(ledger, Case("d", "x", {}, due="2024-08-01"))
    e = build(ledger, Case("e", "x", {}, due=None))
    order = PledgeFilter(as_of=date(2024, 7, 1), sort="overdue")
    assert [s.pledge.id for s in pledge_states(ledger.db, order)] == [b, a, d, c, e]
