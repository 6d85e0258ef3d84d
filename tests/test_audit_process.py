"""What only a real process shows about output that cannot be delivered: a full device, a closed
stdout or stderr, a pipe whose reader is gone, arguments that are not UTF-8, SIGTERM.

The contract: exit 0 means the command did what it said and its output reached stdout; a write
command whose output (the new id) cannot be written records nothing and exits 1; an error's exit
code holds even when stderr cannot be written.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from conftest import NOBODY, SCRIPT, assert_clean_error, digest, ok, run, script
from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import PledgeState


def spawn(
    *args: str | bytes,
    stdout: int | None = None,
    stderr: int | None = subprocess.PIPE,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(SCRIPT), *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=stderr,
        preexec_fn=preexec,
        timeout=60,
        check=False,
    )


def pledge_count() -> int:
    return len(json.loads(ok("list", "--format", "json").stdout))


def one_error_line(stderr: bytes) -> str:
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    return lines[0]


def test_add_to_a_full_device_records_nothing(ledger_path: Path) -> None:
    ok("init")
    with Path("/dev/full").open("wb") as full:
        done = spawn("add", "first", "--by", "Mexico", stdout=full.fileno())
    assert done.returncode == 1
    assert "No space left on device" in one_error_line(done.stderr)
    assert pledge_count() == 0
    again = spawn("add", "first", "--by", "Mexico")  # a retry records it once
    assert (again.returncode, again.stdout) == (0, b"1\n")
    assert pledge_count() == 1


def test_add_with_stdout_closed_records_nothing(ledger_path: Path) -> None:
    ok("init")
    done = spawn("add", "first", "--by", "Mexico", preexec=lambda: os.close(1))
    assert done.returncode == 1
    assert "standard output" in one_error_line(done.stderr)
    assert pledge_count() == 0


def test_add_into_a_pipe_nobody_reads_records_nothing(ledger_path: Path) -> None:
    ok("init")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the id is written
    try:
        done = spawn("add", "first", "--by", "Mexico", stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert "pipe" in one_error_line(done.stderr)
    assert pledge_count() == 0


def test_reading_into_a_full_or_closed_stdout_is_an_error(ledger_path: Path) -> None:
    ok("init")
    ok("add", "first", "--by", "Mexico", "--target", "$1 billion")
    before = digest(ledger_path)
    for command in (["list"], ["report"], ["export"], ["list", "--format", "ndjson"]):
        with Path("/dev/full").open("wb") as full:
            done = spawn(*command, stdout=full.fileno())
        assert done.returncode == 1, command
        assert "No space left on device" in one_error_line(done.stderr)
        closed = spawn(*command, preexec=lambda: os.close(1))
        assert closed.returncode == 1, command
        assert "standard output" in one_error_line(closed.stderr)
    assert digest(ledger_path) == before


def test_an_error_keeps_its_exit_code_when_stderr_cannot_be_written(ledger_path: Path) -> None:
    ok("init")
    closed = spawn("show", "99999", stderr=subprocess.DEVNULL, preexec=lambda: os.close(2))
    assert closed.returncode == 3
    with Path("/dev/full").open("wb") as full:
        assert spawn("show", "99999", stderr=full.fileno()).returncode == 3
        assert (
            spawn("add", "t", "--by", "M", "--target", "lots", stderr=full.fileno()).returncode == 2
        )
    assert pledge_count() == 0


def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    ok("init")
    done = spawn("add", b"caf\xe9", "--by", "Mexico")
    assert done.returncode == 2
    assert "'caf\\xe9' is not UTF-8" in one_error_line(done.stderr)
    assert pledge_count() == 0
    # a file name is a path, not text: any bytes the file system allows
    done = spawn("import", os.fsencode(tmp_path) + b"/caf\xe9.csv")
    assert done.returncode == 1 and "caf\\xe9.csv" in one_error_line(done.stderr)


def test_sigterm_during_export_to_a_file_leaves_no_temporary_file(tmp_path: Path) -> None:
    ok("init")
    rows = "title,actor,note\n" + "".join(f"Pledge {n},Mexico,{'x' * 200}\n" for n in range(20000))
    (tmp_path / "many.csv").write_text(rows, encoding="utf-8")
    ok("import", str(tmp_path / "many.csv"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    child = subprocess.Popen(
        [str(SCRIPT), "export", "-o", str(out_dir / "all.csv")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not any(out_dir.iterdir()) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=30)
    if child.returncode == 0:  # finished before the signal: the export is whole
        assert [p.name for p in out_dir.iterdir()] == ["all.csv"]
        return
    assert child.returncode == 128 + signal.SIGTERM
    assert one_error_line(err) == "Error: terminated"
    assert list(out_dir.iterdir()) == []


def test_sigterm_during_a_write_rolls_it_back(tmp_path: Path, ledger_path: Path) -> None:
    ok("init")
    rows = "title,actor\n" + "".join(f"Pledge {n},Mexico\n" for n in range(40000))
    (tmp_path / "many.csv").write_text(rows, encoding="utf-8")
    child = subprocess.Popen(
        [str(SCRIPT), "import", str(tmp_path / "many.csv")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.6)
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=30)
    assert pledge_count() in (0, 40000)
    assert child.returncode in (0, 128 + signal.SIGTERM)
    assert run("check").code == 0


def test_in_process_runs_see_the_same_argument_refusal() -> None:
    result = run("add", "caf\udce9", "--by", "Mexico")
    assert_clean_error(result, 2)
    assert script("--version").code == 0


def test_list_prints_its_first_rows_before_reading_the_rest(tmp_path: Path) -> None:
    from pledgetrack.cli.list_view import CHUNK_ROWS, list_view
    from pledgetrack.services.pledge_views import list_pledges
    from pledgetrack.storage.ledger import open_ledger

    ok("init")
    rows = "title,actor\n" + "".join(f"Pledge {n},Mexico\n" for n in range(CHUNK_ROWS + 5))
    (tmp_path / "many.csv").write_text(rows, encoding="utf-8")
    ok("import", str(tmp_path / "many.csv"))

    class Stop(Exception):
        pass

    with open_ledger(Path(os.environ["PLEDGETRACK_DB"])) as ledger:
        states = list_pledges(ledger, PledgeFilter(as_of=date(2026, 12, 1), sort="id"))

        def then_fail() -> Iterator[PledgeState]:
            yield from itertools.islice(states, CHUNK_ROWS)
            raise Stop

        parts = list_view(then_fail(), 120)
        assert next(parts) is not None  # the first chunk, before the failing read
        with pytest.raises(Stop):
            next(parts)


def test_a_long_note_is_shown_whole_below_the_fields(tmp_path: Path) -> None:
    ok("init")
    note = "\n".join(f"line {n}" for n in range(1, 1201))
    document = {"format": "pledgetrack-ledger", "version": 1, "actors": [], "events": [],
                "pledges": [], "updates": []}  # fmt: skip
    ok("add", "Long", "--by", "Mexico", "--note", "short")
    exported = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    exported["pledges"][0]["note"] = note
    exported["pledges"][0]["title"] = "Long, in full"
    exported["pledges"][0]["uid"] = "00000000-0000-4000-8000-000000000001"
    exported["pledges"][0]["id"] = 2
    document.update(pledges=[exported["pledges"][0]], actors=exported["actors"])
    (tmp_path / "long.json").write_text(json.dumps(document), encoding="utf-8")
    ok("import", str(tmp_path / "long.json"))
    shown = ok("show", "2").stdout.splitlines()
    assert any("(1,200 lines, below)" in line for line in shown)
    body = [line.strip() for line in shown if line.strip().startswith("line ")]
    assert body == [f"line {n}" for n in range(1, 1201)]


def as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
    """The real script run as an unprivileged user (tests run as root, who may write anywhere)."""
    return subprocess.run(
        [*NOBODY, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HOME": "/nonexistent"},
    )


def test_an_export_target_the_user_cannot_write_is_refused(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    for parent in tmp_path.parents:  # let the other user reach the ledger, as on a shared disk
        if parent != Path("/") and parent.stat().st_uid == 0:
            parent.chmod(parent.stat().st_mode | 0o005)
    db = tmp_path / "shared.db"
    ok("--db", str(db), "init")
    ok("--db", str(db), "add", "first", "--by", "Mexico")
    with sqlite3.connect(db) as conn:  # one self-contained file the other user can read
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    db.chmod(0o644)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o755)  # root's folder: nobody may create files in it
    done = as_nobody("--db", str(db), "export", "-o", str(locked / "out.csv"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("Error: cannot write") and str(locked) in done.stderr
    assert done.stderr.count("\n") == 1 and list(locked.iterdir()) == []
    (locked / "out.csv").write_text("theirs\n")
    done = as_nobody("--db", str(db), "export", "-o", str(locked / "out.csv"))
    assert done.returncode == 1 and str(locked) in done.stderr, done.stderr
    assert (locked / "out.csv").read_text() == "theirs\n"
    assert (
        as_nobody("--db", str(db), "export", "-o", str(tmp_path / "no" / "x.csv")).returncode == 1
    )
    hidden = tmp_path / "hidden"
    hidden.mkdir(mode=0o700)  # they may not even look inside
    done = as_nobody("--db", str(db), "export", "-o", str(hidden / "sub" / "x.csv"))
    assert done.returncode == 1 and done.stderr.startswith("Error: "), done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    done = as_nobody("--db", str(db), "export")
    assert done.returncode == 0, done.stderr  # the ledger itself was readable
