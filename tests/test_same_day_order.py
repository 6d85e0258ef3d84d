"""Updates of one pledge dated the same day fold in an order every ledger holding them shares:
by when they were recorded, then by uid — never by this ledger's own ids, which two ledgers that
merge (or a copy imported from an export) hand out in other orders. Through the real commands:
two ledgers that each record a same-day update of the same pledges and merge both ways report
the same counted amounts and statuses, as of today and as of an earlier date, and show the same
timelines; a copy imported from an export whose same-day updates were recorded in the same
second, their uids sorted against the order the original inserted them, reports as the original.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from conftest import build_once, copy_ledger, ok
from pledgetrack.services import uids
from test_merge import Side

TOTAL, VERDICT = "Deliver doses", "Reopen the consulate"
DAY, BEFORE_LATER, LATER = "2024-03-01", "2024-06-30", "2024-09-01"
AS_OF = ("2024-03-01", "2024-06-30", "2025-06-30")
EVIDENCE = ("--source", "https://example.org/report", "--note", "as reported")


def _common(env: dict[str, str]) -> None:
    """The ledger both analysts start from: a pledge counted in doses and an action, each with
    an update dated after the day both sides will record on (so a report as of that day reads
    back past each pledge's latest facts)."""
    ok("init", env=env)
    ok("add", TOTAL, "--by", "Japan", "--target", "1,000 doses", "--announced", "2024-01-10",
       env=env)  # fmt: skip
    ok("add", VERDICT, "--by", "Cuba", "--announced", "2024-01-10", env=env)
    ok("update", "1", "--on", "2024-02-01", "--amount", "200", env=env)
    for pledge in ("1", "2"):
        ok("update", pledge, "--on", LATER, "--note", "checked", env=env)


@pytest.fixture(scope="module")
def common(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, "same-day", _common)


def _report(side: Side, as_of: str) -> dict[str, tuple[Any, ...]]:
    """What the report says of each pledge, by uid: counted, status and progress."""
    records = json.loads(side.ok("report", "--flat", "--as-of", as_of, "--format", "json").stdout)
    return {r["uid"]: (r["counted"], r["status"], r["progress"]) for r in records}


def _shown(side: Side, title: str, as_of: str) -> dict[str, Any]:
    """What `show` says of a pledge: its facts, and its timeline by uid, without short ids."""
    shown = side.ok("show", str(side.id_of(title)), "--as-of", as_of, "--format", "json").stdout
    record = json.loads(shown)
    return {
        "facts": (record["counted"], record["status"], record["progress"]),
        "timeline": [
            (u["uid"], u["happened_on"], u["amount"], u["status"]) for u in record["updates"]
        ],
    }


def _view(side: Side) -> dict[str, tuple[Any, ...]]:
    """The `pledge_status` view (as of today), by uid."""
    conn = sqlite3.connect(side.path)
    try:
        rows = conn.execute("SELECT uid, counted, status FROM pledge_status").fetchall()
    finally:
        conn.close()
    return {uid: (counted, status) for uid, counted, status in rows}


def test_ledgers_that_record_the_same_day_and_merge_both_ways_agree(
    common: Path, tmp_path: Path
) -> None:
    mine = Side(copy_ledger(common, tmp_path / "mine.db"))
    theirs = Side(tmp_path / "theirs.db")
    theirs.ok("init")
    theirs.ok("import", str(mine.export(tmp_path, "common.ndjson")))
    # The same day, mine sets a running total and a verdict; theirs adds to the total and gives
    # another verdict. Each ledger gives its own updates the lower ids.
    mine.ok("update", str(mine.id_of(TOTAL)), "--on", DAY, "--total", "600")
    mine.ok("update", str(mine.id_of(VERDICT)), "--on", DAY, "--status", "fulfilled", *EVIDENCE)
    theirs.ok("update", str(theirs.id_of(TOTAL)), "--on", DAY, "--amount", "100")
    theirs.ok("update", str(theirs.id_of(VERDICT)), "--on", DAY, "--status", "in_progress")
    mine.ok("import", str(theirs.export(tmp_path, "theirs.ndjson")))
    theirs.ok("import", str(mine.export(tmp_path, "mine.ndjson")))
    exported = mine.ok("export", "--what", "all", "--format", "ndjson").stdout
    assert theirs.ok("export", "--what", "all", "--format", "ndjson").stdout == exported
    for as_of in AS_OF:
        assert _report(mine, as_of) == _report(theirs, as_of), as_of
        for title in (TOTAL, VERDICT):
            assert _shown(mine, title, as_of) == _shown(theirs, title, as_of), (as_of, title)
    assert _view(mine) == _view(theirs)
    # Either order would be an answer; both ledgers give the one of the order shared: when
    # each was recorded, then uid.
    records = [json.loads(line) for line in exported.splitlines()[1:]]
    uid = mine.pledge(TOTAL)["uid"]
    same_day = sorted(
        (r["updates"] for r in records if "updates" in r),
        key=lambda u: (u["recorded_at"], u["uid"]),
    )
    last = [u for u in same_day if u["pledge_uid"] == uid and u["happened_on"] == DAY][-1]
    assert _report(mine, BEFORE_LATER)[uid][0] == (600 if last["mode"] == "total" else 700)


def test_a_copy_imported_from_an_export_of_same_second_updates_reports_as_the_original(
    tmp_path: Path,
) -> None:
    # Recorded in the same second, in the order opposite to their uids': the original inserts
    # the total first, the export lists the increment first (by uid), and the copy imported
    # from it inserts them in that order.
    original = Side(tmp_path / "original.db")
    original.ok("init")
    original.ok("add", TOTAL, "--by", "Japan", "--target", "1,000 doses", "--announced",
                "2024-01-10")  # fmt: skip
    same_second = "2024-03-02T10:00:00+00:00"
    rows = tmp_path / "updates.csv"
    rows.write_text(
        "happened_on,pledge_id,uid,recorded_at,amount,mode,note\n"
        f"{DAY},1,ffffffff-0000-4000-8000-000000000000,{same_second},600,total,\n"
        f"{DAY},1,00000000-0000-4000-8000-000000000000,{same_second},100,increment,\n"
        f"{LATER},1,77777777-0000-4000-8000-000000000000,{same_second},,,checked\n"
    )
    original.ok("import", str(rows))
    copy = Side(tmp_path / "copy.db")
    copy.ok("init")
    copy.ok("import", str(original.export(tmp_path, "original.ndjson")))
    exported = original.ok("export", "--what", "all", "--format", "ndjson").stdout
    assert copy.ok("export", "--what", "all", "--format", "ndjson").stdout == exported
    for as_of in AS_OF:
        assert _report(copy, as_of) == _report(original, as_of), as_of
        assert _shown(copy, TOTAL, as_of) == _shown(original, TOTAL, as_of), as_of
    assert _view(copy) == _view(original)
    # The increment's uid sorts first: the total, after it, is what counts.
    assert _report(original, BEFORE_LATER)[original.pledge(TOTAL)["uid"]][0] == 600


PAIRS = 24


def test_updates_of_one_day_recorded_in_one_go_fold_in_the_order_recorded(tmp_path: Path) -> None:
    # Rows of a CSV without uids or times are recorded in the same second, and so are commands
    # run one after the other: the uids made for them sort in the order they were made, so each
    # total is followed by the increment recorded after it (600 + 100), never the other way.
    side = Side(tmp_path / "ledger.db")
    side.ok("init")
    pledges = tmp_path / "pledges.csv"
    pledges.write_text("title,actor,target,unit,announced_on\n" + "".join(
        f"Pledge {n},Japan,1000,doses,2024-01-10\n" for n in range(2 * PAIRS)))  # fmt: skip
    side.ok("import", str(pledges))
    updates = tmp_path / "updates.csv"
    pair = "{day},{n},600,total\n{day},{n},100,increment\n"
    updates.write_text("happened_on,pledge_id,amount,mode\n" + "".join(
        pair.format(day=DAY, n=n) for n in range(1, PAIRS + 1)))  # fmt: skip
    side.ok("import", str(updates))
    for n in range(PAIRS + 1, 2 * PAIRS + 1):
        side.ok("update", str(n), "--on", DAY, "--total", "600")
        side.ok("update", str(n), "--on", DAY, "--amount", "100")
    counted = {r[0] for r in _report(side, BEFORE_LATER).values()}
    assert counted == {700}


def test_new_uids_sort_in_the_order_made_even_when_the_clock_goes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uids, "_last", [0, -1])  # the process's own uids are left as they were
    made = [uids.new_uid() for _ in range(5000)]  # thousands a millisecond: the count goes on
    clock = iter([2_000_000_000_000_000_000, 1_000_000_000_000_000_000])
    monkeypatch.setattr(time, "time_ns", lambda: next(clock))
    made += [uids.new_uid(), uids.new_uid()]  # the clock set back
    assert made == sorted(made) and len(set(made)) == len(made)
    assert {(uuid.UUID(u).version, uuid.UUID(u).variant) for u in made} == {(7, uuid.RFC_4122)}
