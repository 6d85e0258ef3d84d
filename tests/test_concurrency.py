"""Several `pledgetrack add` processes writing one ledger at once all succeed (WAL, a busy
timeout, BEGIN IMMEDIATE), through the real console script.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import SCRIPT, ok

WRITERS = 4
ADDS_EACH = 40

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


def test_four_writers_at_once_lose_nothing(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    script = LOOP.format(adds=ADDS_EACH, script=SCRIPT)
    writers = [
        subprocess.Popen(
            ["sh", "-c", script, "sh", str(n), str(tmp_path / f"errors-{n}.txt")],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    failures = [int(writer.communicate(timeout=300)[0].strip()) for writer in writers]
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
