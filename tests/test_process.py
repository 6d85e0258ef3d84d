"""Each error class once through the real console script, in its own process: the exit code the
README documents, one `Error:` line on stderr, no traceback, the ledger's bytes unchanged.

The other tests run commands in the test process; these prove the same holds for the process a
user starts. The processes run side by side to keep the suite fast.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from conftest import SCRIPT, Result, assert_clean_error, digest, ok

URL = "https://example.org/a"

# (what, command line, exit code); every line runs against the same small ledger.
CASES = [
    ("unknown option", ("list", "--colour"), 2),
    ("missing option value", ("add", "T", "--by"), 2),
    ("unreadable amount", ("add", "T", "--by", "A", "--target", "lots of money"), 2),
    ("ambiguous date", ("add", "T", "--by", "A", "--announced", "01/02/2024"), 2),
    ("unknown deadline phrase", ("add", "T", "--by", "A", "--due", "whenever"), 2),
    ("unknown stage", ("update", "1", "--amount", "5", "--stage", "paid"), 2),
    ("unknown verdict", ("update", "1", "--status", "done"), 2),
    ("final verdict without source", ("update", "1", "--status", "fulfilled"), 2),
    ("unknown sort key", ("report", "--sort", "colour"), 2),
    ("amount in another unit", ("update", "1", "--amount", "5 doses"), 2),
    ("option given twice", ("add", "T", "--by", "A", "--by", "B"), 2),
    ("no such pledge", ("show", "99"), 3),
    ("file to import missing", ("import", "no-such-file.csv"), 1),
]


def _start(args: tuple[str, ...], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(SCRIPT), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=dict(os.environ),
    )


def _finish(process: subprocess.Popen[str]) -> Result:
    stdout, stderr = process.communicate(timeout=120)
    return Result(process.returncode, stdout, stderr)


def test_every_error_class_exits_with_its_code_through_the_console_script(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Visas", "--by", "US", "--target", "100 visas", "--announced", "2024-01-01")
    before = digest(ledger_path)
    started = [(what, code, _start(args, tmp_path)) for what, args, code in CASES]
    finished = [(what, code, _finish(process)) for what, code, process in started]
    for what, code, result in finished:
        assert result.code == code, (what, result.code, result.stderr)
        assert_clean_error(result, code)
    assert digest(ledger_path) == before


def test_ledger_file_errors_exit_1_through_the_console_script(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    text = tmp_path / "text.db"
    text.write_text("not a database\n")
    newer = tmp_path / "newer.db"
    ok("--db", str(newer), "init")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    files = {path: digest(path) for path in (foreign, text, newer)}
    started = [
        _start(("--db", str(path), "list"), tmp_path) for path in (missing, foreign, text, newer)
    ]
    for result in [_finish(process) for process in started]:
        assert_clean_error(result, 1)
    assert not missing.exists()
    assert {path: digest(path) for path in files} == files


def test_a_successful_command_exits_0_and_prints_its_data_on_stdout(ledger_path: Path) -> None:
    result = _finish(_start(("add", "Visas", "--by", "US", "--target", "100 visas"), Path.cwd()))
    assert result.code == 0, result.stderr
    assert result.stdout == "1\n"
    assert "Added pledge 1." in result.stderr


def test_a_reader_that_stops_early_ends_the_output_quietly_with_exit_0(
    ledger_path: Path, tmp_path: Path
) -> None:
    rows = "".join(f"Pledge number {n},Mexico,{n} visas\n" for n in range(1, 3001))
    path = tmp_path / "many.csv"
    path.write_text("title,actor,target\n" + rows)
    ok("init")
    ok("import", str(path))
    for args in (("export", "--format", "csv"), ("list",), ("export", "--format", "ndjson")):
        process = _start(args, tmp_path)
        assert process.stdout is not None
        first = process.stdout.readline()  # like `| head -1`: one line, then the pipe closes
        process.stdout.close()
        assert process.wait(timeout=120) == 0, args
        assert process.stderr is not None
        assert process.stderr.read() == "", args
        process.stderr.close()
        assert first.strip(), args
