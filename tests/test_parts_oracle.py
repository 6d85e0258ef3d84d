"""The report against an oracle: on generated ledgers with parents and parts (some in another
currency, converted; some in another unit, left out), approximate targets, levels, verdicts,
stalls and voids, every pledge's status, counted amount, progress and flags, and the summary's
counts and totals (each tree once), equal what the rules written out in tests/oracle.py give, at
many --as-of dates."""

from __future__ import annotations

import json
import random
import sqlite3
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

    built = build_once(tmp_path_factory, f"oracle{seed}", build)
    conn = sqlite3.connect(f"file:{built}?mode=ro", uri=True)
    try:
        stored = {row[0]: (row[1], row[2]) for row in conn.execute(
            "SELECT id, recorded_at, uid FROM updates")}  # fmt: skip
    finally:
        conn.close()
    oracle.stamp(model, stored)
    return model, built, seed


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
    parts = [(p, model.pledges[p.parent]) for p in model.pledges.values() if p.parent is not None]
    assert any(p.unit != parent.unit and p.kind != parent.kind for p, parent in parts)
    converted = [
        p for p, parent in parts if p.kind == parent.kind == "money" and p.unit != parent.unit
    ]
    assert any(u.pledge == p.id and u.amount for p in converted for u in model.updates)
    assert any(u.voided for u in model.updates) and any(p.level for p in model.pledges.values())
    assert any(p.approximate for p in model.pledges.values())
    assert any(u.verdict == "stalled" for u in model.updates)
    late = [(a, b) for a in model.updates for b in model.updates if a.pledge == b.pledge]
    assert any(a.id > b.id and a.on < b.on for a, b in late)  # recorded after a later one
    # of one day, recorded in the same second: counted in the order of their uids, as made
    assert any(a.on == b.on and a.recorded_at == b.recorded_at and a.id < b.id
               for a, b in late)  # fmt: skip
    assert any(command[0] == "edit" for command in model.commands)


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


def _tally(*args: str) -> oracle.Tally:
    counted: oracle.Tally = {}
    for group in _json("summary", "--by", "status", *args):
        units = {
            f"{t['unit']}{' a ' + t['rate'] if t['rate'] else ''}": (
                Decimal(t["pledged"]), Decimal(t["counted"]),
            )
            for t in group["totals"]
        }  # fmt: skip
        counted[group["status"]] = (group["pledges"], units)
    return counted


FILTERS = (
    ("overdue",), ("due_soon",), ("overdue", "due_soon"), ("open",), ("final",), ("stalled",),
    ("fulfilled", "not_started"),
)  # fmt: skip


def test_a_report_by_status_keeps_the_pledges_the_oracle_keeps(
    generated: tuple[oracle.Model, Path, int], ledger_path: Path
) -> None:
    # A report computes the statuses of the pledges its --status keeps, and only those: the
    # pledges kept, and the counts and totals of each tree once, are the oracle's at every date.
    model, built, seed = generated
    copy_ledger(built, ledger_path)
    kept: set[tuple[str, ...]] = set()
    for as_of in _dates(model, seed)[::3]:
        day, wanted = as_of.isoformat(), oracle.expected(model, as_of)
        for statuses in FILTERS:
            options = [word for status in statuses for word in ("--status", status)]
            shown = {
                r["id"]: _shown(r) for r in _json("report", "--flat", *options, "--as-of", day)
            }
            assert shown == {
                i: state for i, state in wanted.items() if oracle.selected(state, statuses)
            }, (day, statuses)
            assert _tally(*options, "--as-of", day) == oracle.expected_tally(
                model, as_of, statuses
            ), (day, statuses)
            if shown:
                kept.add(statuses)
    assert len(kept) == len(FILTERS)  # every filter kept some pledge on some date


def test_a_list_cut_short_is_the_start_of_the_whole_list(
    generated: tuple[oracle.Model, Path, int], ledger_path: Path
) -> None:
    # `list --limit N` and `search --limit N` choose their pledges before computing a status:
    # the same pledges, in the same order, with the same statuses as the whole list's first N.
    model, built, seed = generated
    copy_ledger(built, ledger_path)
    for as_of in _dates(model, seed)[::8]:
        day, wanted = as_of.isoformat(), oracle.expected(model, as_of)
        for command in (["list"], ["list", "--actor", "EU"], ["search", "Pledge"]):
            for sort in ("id", "due", "announced", "actor"):
                whole = _json(*command, "--sort", sort, "--as-of", day)
                assert {r["id"] for r in whole} <= wanted.keys()
                for limit in (1, 4, 9):
                    cut = _json(*command, "--sort", sort, "--limit", str(limit), "--as-of", day)
                    assert cut == whole[:limit], (day, command, sort, limit)
                    assert all(_shown(r) == wanted[r["id"]] for r in cut), (day, command, sort)


def test_each_pledge_has_one_latest_fact_the_last_it_folds(
    generated: tuple[oracle.Model, Path, int],
) -> None:
    # What a report of today reads first: after every write the recording made (late updates,
    # voids, edits of targets, parts), each pledge's latest facts are its last row, and only it;
    # its rows' places are those of their updates in the order they fold, from 0.
    model, built, _ = generated
    conn = sqlite3.connect(f"file:{built}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT pledge_id, latest, position, update_id FROM pledge_states "
            "ORDER BY pledge_id, position"
        ).fetchall()
    finally:
        conn.close()
    by_pledge: dict[int, list[tuple[int, int, int]]] = {}
    for pledge_id, latest, position, update_id in rows:
        by_pledge.setdefault(pledge_id, []).append((latest, position, update_id))
    assert len(by_pledge) > 10
    folded = sorted(model.updates, key=lambda u: (u.on, u.recorded_at, u.uid))
    for pledge_id, facts in by_pledge.items():
        flags, positions, ids = zip(*facts, strict=True)
        assert list(flags) == [0] * (len(flags) - 1) + [1], pledge_id
        assert list(positions) == list(range(len(facts))), pledge_id
        tree = {pledge_id, *(part.id for part in model.parts(pledge_id))}
        assert list(ids) == [u.id for u in folded if u.pledge in tree and not u.voided], pledge_id


def test_a_ledger_imported_from_its_exports_reports_the_same(
    generated: tuple[oracle.Model, Path, int], ledger_path: Path, tmp_path: Path
) -> None:
    # The facts an import of the CSVs of pledges and of updates writes in bulk are those the
    # commands wrote one by one: the same report at every date.
    model, built, seed = generated
    copy_ledger(built, ledger_path)
    pledges, updates = tmp_path / "p.csv", tmp_path / "u.csv"
    cli_ok("export", "--what", "pledges", "--format", "csv", "-o", str(pledges))
    cli_ok("export", "--what", "updates", "--format", "csv", "-o", str(updates))
    dates = [as_of.isoformat() for as_of in _dates(model, seed)[::4]]
    original = {day: _json("report", "--flat", "--as-of", day) for day in dates}
    env = {"PLEDGETRACK_DB": str(tmp_path / "imported.db")}
    cli_ok("init", env=env)
    cli_ok("import", str(pledges), "--allow-duplicates", env=env)
    cli_ok("import", str(updates), env=env)
    for day in dates:
        again = json.loads(
            cli_ok("report", "--flat", "--as-of", day, "--format", "json", env=env).stdout,
            parse_float=Decimal,
        )
        assert _by_uid(again) == _by_uid(original[day]), day


def _by_uid(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Report records by uid, without the short ids an import may number afresh."""
    return {r["uid"]: {k: v for k, v in r.items() if k not in ("id", "parent_id")} for r in records}
