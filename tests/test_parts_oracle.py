"""The report against an oracle: on generated ledgers with parents and parts (some in another
unit), approximate targets, levels, verdicts, stalls and voids, every pledge's status, counted
amount, progress and flags, and the summary's counts and totals (each tree once), equal what the
rules written out in tests/oracle.py give, at many --as-of dates."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import oracle
from conftest import build_once, copy_ledger
from conftest import ok as cli_ok

SEEDS = (1, 2, 3)


def _dates(model: oracle.Model, seed: int) -> list[date]:
    """A date every quarter from before the first pledge to after the last update, and the
    days on and around some updates and deadlines, where the rules turn."""
    rng = random.Random(seed)
    grid = [date(2019, 12, 1) + timedelta(days=91 * n) for n in range(23)]
    turns = [u.on for u in model.updates] + [
        p.deadline for p in model.pledges.values() if p.deadline is not None
    ]
    near = [day + timedelta(days=shift) for day in rng.sample(turns, 8) for shift in (-1, 0, 1)]
    stale = [u.on + timedelta(days=oracle.STALE_DAYS + shift)
             for u in rng.sample(model.updates, 3) for shift in (0, 1)]  # fmt: skip
    return sorted({*grid, *near, *stale})


@pytest.fixture(scope="module", params=SEEDS)
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[oracle.Model, Path, int]:
    seed = int(request.param)
    model = oracle.generate(seed)

    def build(env: dict[str, str]) -> None:
        for command in model.commands:
            cli_ok(*command, env=env)

    return model, build_once(tmp_path_factory, f"oracle{seed}", build), seed


def _json(*args: str) -> Any:
    return json.loads(cli_ok(*args, "--format", "json").stdout, parse_float=Decimal)


def _shown(record: dict[str, Any]) -> oracle.Expected:
    def number(value: Any) -> Decimal | None:
        return None if value is None else Decimal(value)

    return oracle.Expected(
        status=record["status"],
        counted=number(record["counted"]),
        progress=number(record["progress"]),
        overdue=record["overdue"],
        days_overdue=record["days_overdue"],
        due_soon=record["due_soon"],
        late=record["late"],
        conflict=record["conflict"],
    )


def test_the_generated_ledgers_have_what_the_rules_turn_on(
    generated: tuple[oracle.Model, Path, int],
) -> None:
    model, _, _ = generated
    parents = {p.parent for p in model.pledges.values() if p.parent is not None}
    assert len(parents) >= 3
    assert any(p.unit != model.pledges[p.parent].unit for p in model.pledges.values() if p.parent)
    assert any(u.voided for u in model.updates) and any(p.level for p in model.pledges.values())
    assert any(p.approximate for p in model.pledges.values())
    assert any(u.verdict == "stalled" for u in model.updates)


def test_the_report_and_the_summary_agree_with_the_oracle_at_every_date(
    generated: tuple[oracle.Model, Path, int], ledger_path: Path
) -> None:
    model, built, seed = generated
    copy_ledger(built, ledger_path)
    statuses: set[str] = set()
    for as_of in _dates(model, seed):
        day = as_of.isoformat()
        shown = {r["id"]: _shown(r) for r in _json("report", "--flat", "--as-of", day)}
        wanted = oracle.expected(model, as_of)
        assert shown.keys() == wanted.keys(), day
        for pledge_id, state in wanted.items():
            assert shown[pledge_id] == state, (day, pledge_id, model.pledges[pledge_id])
        statuses |= {state.status for state in wanted.values()}
        tree = [r["id"] for r in _json("report", "--as-of", day)]
        assert sorted(tree) == sorted(shown), day
        for index, pledge_id in enumerate(tree):  # each part under its parent, if shown
            parent = model.pledges[pledge_id].parent
            if parent in shown:
                assert parent in tree[:index], (day, tree)
                between = tree[tree.index(parent) + 1 : index]
                assert all(model.pledges[i].parent == parent for i in between), (day, tree)
        counted: dict[str, tuple[int, dict[str, tuple[Decimal, Decimal]]]] = {}
        for group in _json("summary", "--by", "status", "--as-of", day):
            units = {
                f"{t['unit']}{' a ' + t['rate'] if t['rate'] else ''}": (
                    Decimal(t["pledged"]), Decimal(t["counted"]),
                )
                for t in group["totals"]
            }  # fmt: skip
            counted[group["status"]] = (group["pledges"], units)
        assert counted == oracle.expected_tally(model, as_of), day
    assert {"fulfilled", "in_progress", "stalled", "not_started"} <= statuses
