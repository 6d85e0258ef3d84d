"""Several `pledgetrack add` processes writing one ledger at once all succeed (WAL, a busy
timeout, BEGIN IMMEDIATE), through the real console script.

The writers' pledges interleave in the ledger, so they were writing at the same time, not one
after another; and the test itself holds the write lock half of the time meanwhile, so that
many of the adds find the ledger locked and must wait for it rather than only the few that
happen to coincide.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
from pathlib import Path

from conftest import SCRIPT, ok

WRITERS = 4
ADDS_EACH = 10

LOOP = """
failures=0
i=0
while [ "$i" -lt {adds} ]; do
    "{script}" add "Pledge $1-$i" --by "Actor $1" --target "$i,001 visas" >/dev/null 2>>"$2" \\
        || failures=$((failures + 1))
    i=$((i + 1))
done
echo "$failures"
"""


def _hold_the_write_lock_often(path: Path, stop: threading.Event, held: list[object]) -> None:
    """Take the write lock for 30 ms, leave it for 30 ms, until told to stop; note each hold,
    or the error that ended them."""
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            stop.wait(0.03)
            conn.execute("ROLLBACK")
            held.append("held")
            stop.wait(0.03)
    except sqlite3.Error as error:
        held.append(error)
    finally:
        conn.close()


def test_four_writers_at_once_lose_nothing(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    stop = threading.Event()
    held: list[object] = []
    holder = threading.Thread(target=_hold_the_write_lock_often, args=(ledger_path, stop, held))
    holder.start()
    script = LOOP.format(adds=ADDS_EACH, script=SCRIPT)
    writers = [
        subprocess.Popen(
            ["sh", "-c", script, "sh", str(n), str(tmp_path / f"errors-{n}.txt")],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    try:
        failures = [int(writer.communicate(timeout=300)[0].strip()) for writer in writers]
    finally:
        stop.set()
        holder.join()
    assert held and set(held) == {"held"}, held  # held, and again, until the writers were done
    errors = "".join(
        (tmp_path / f"errors-{n}.txt").read_text()
        for n in range(WRITERS)
        if (tmp_path / f"errors-{n}.txt").exists()
    )
    assert "Error" not in errors, errors
    assert failures == [0] * WRITERS
    pledges = json.loads(ok("list", "--format", "json").stdout)
    assert len(pledges) == WRITERS * ADDS_EACH
    assert len({p["uid"] for p in pledges}) == WRITERS * ADDS_EACH
    titles = {p["title"] for p in pledges}
    assert titles == {f"Pledge {n}-{i}" for n in range(WRITERS) for i in range(ADDS_EACH)}
    ok("check")
    # The writers overlapped: each had added its first pledge before any had added its last.
    order = [p["title"].split()[1].split("-")[0] for p in sorted(pledges, key=lambda p: p["id"])]
    firsts = [order.index(str(n)) for n in range(WRITERS)]
    lasts = [len(order) - 1 - order[::-1].index(str(n)) for n in range(WRITERS)]
    assert max(firsts) < min(lasts), order
