"""An import killed at any moment leaves the ledger as it was or fully imported, never half; an
interrupted one (Ctrl-C) exits 130 and writes nothing. Through the real console script.

Each signal is sent only once the importer has opened the ledger for writing (its -wal file is
there), after a delay that falls inside the import; a signal that arrived after the import had
finished proves nothing, so it is not counted, and the tests fail if too few landed.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

from conftest import SCRIPT, digest, ok, run

ROWS = 6_000  # three batches of the bulk writer: an import committed batch by batch shows here
KILLS = 3  # kills that must land inside an import
ATTEMPTS = 12  # at most this many imports started to get them


def _pledge_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["uid", "title", "actor", "target", "unit", "deadline", "announced_on"])
        for i in range(rows):
            writer.writerow([
                str(uuid.UUID(int=i + 1)), f"Pledge {i}", f"Actor {i % 50}", str(i + 1),
                "visas", "2025-12-31", "2024-01-01",
            ])  # fmt: skip


def _pledge_count() -> int:
    return len(json.loads(ok("list", "--format", "json").stdout))


def _files(ledger_path: Path) -> list[Path]:
    return [Path(f"{ledger_path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def _start_import(path: Path, ledger_path: Path) -> subprocess.Popen[str]:
    """Start an import and return once it has opened the ledger for writing (or has ended)."""
    assert not Path(f"{ledger_path}-wal").exists()  # so its appearance is this importer's
    importer = subprocess.Popen(
        [str(SCRIPT), "import", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    while not Path(f"{ledger_path}-wal").exists() and importer.poll() is None:
        assert time.monotonic() < deadline, "the importer never opened the ledger"
        time.sleep(0.002)
    return importer


def _empty_ledger(ledger_path: Path, empty: Path) -> None:
    """Put a fresh empty ledger back in place, dropping whatever the last round left."""
    for file in _files(ledger_path):
        file.unlink(missing_ok=True)
    shutil.copy(empty, ledger_path)


def test_sigkill_at_random_moments_leaves_none_or_all(ledger_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "pledges.csv"
    _pledge_csv(source, ROWS)
    ok("init")
    empty = tmp_path / "empty.db"
    shutil.copy(ledger_path, empty)
    assert not Path(f"{ledger_path}-wal").exists()

    # One import left to finish: how long it writes, so the kills can be spread over that time.
    importer = _start_import(source, ledger_path)
    opened = time.monotonic()
    _, stderr = importer.communicate(timeout=60)
    writing = time.monotonic() - opened
    assert importer.returncode == 0, stderr
    assert _pledge_count() == ROWS
    ok("check")

    moments = random.Random(6)
    landed = 0  # kills that found the import still writing
    outcomes: list[tuple[float, int | None, int]] = []  # delay, exit code, pledges afterwards
    while landed < KILLS:
        assert len(outcomes) < ATTEMPTS, f"only {landed} kills landed inside an import: {outcomes}"
        _empty_ledger(ledger_path, empty)
        delay = moments.uniform(0.05, 0.8) * writing
        importer = _start_import(source, ledger_path)
        time.sleep(delay)
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=60)
        count = _pledge_count()
        outcomes.append((delay, importer.returncode, count))
        assert count in {0, ROWS}, outcomes
        check = run("check")
        assert check.code == 0, (outcomes, check.stdout, check.stderr)
        if importer.returncode == -signal.SIGKILL and count == 0:
            landed += 1


def test_ctrl_c_exits_130_and_writes_nothing(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    empty = tmp_path / "empty.db"
    shutil.copy(ledger_path, empty)
    before = digest(ledger_path)
    rows = ROWS
    outcomes: list[tuple[int, int | None]] = []
    for _ in range(4):  # a file twice as big each time the import finished before the signal
        source = tmp_path / f"pledges-{rows}.csv"
        _pledge_csv(source, rows)
        importer = _start_import(source, ledger_path)
        time.sleep(0.05)
        importer.send_signal(signal.SIGINT)
        _, stderr = importer.communicate(timeout=60)
        outcomes.append((rows, importer.returncode))
        if importer.returncode != 0:
            break
        assert _pledge_count() == rows  # it finished: start again from an empty ledger
        _empty_ledger(ledger_path, empty)
        rows *= 2
    else:
        raise AssertionError(f"no import could be interrupted: {outcomes}")
    assert importer.returncode == 130, (outcomes, stderr)
    assert stderr.strip().splitlines() == ["Error: interrupted"], stderr
    assert digest(ledger_path) == before
    assert _pledge_count() == 0
    ok("check")
