"""Every test runs against a ledger in its own tmp_path, never the user's real one."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "pledgetrack"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the ledger and the data folder at tmp_path; no colour; a wide, fixed terminal."""
    db = tmp_path / "ledger.db"
    monkeypatch.setenv("PLEDGETRACK_DB", str(db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("PLEDGETRACK_TIMEOUT", raising=False)
    yield db


@dataclass
class Result:
    """What the real console script did."""

    code: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run the installed `pledgetrack` console script in a subprocess."""
    completed = subprocess.run(
        [str(SCRIPT), *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def ok(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run and insist on success."""
    result = run(*args, env=env)
    assert result.code == 0, f"{args}: exit {result.code}\n{result.stderr}"
    return result


def assert_clean_error(result: Result, code: int) -> None:
    """One `Error:` line on stderr, the documented code, no traceback."""
    assert result.code == code, (result.code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr


def digest(path: Path) -> str:
    """The bytes of a file (and of its -wal beside it), as a hash."""
    h = hashlib.sha256(path.read_bytes() if path.exists() else b"<missing>")
    wal = Path(f"{path}-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


@pytest.fixture
def ledger_path(isolated_env: Path) -> Path:
    """The test ledger's path (not yet created)."""
    return isolated_env
