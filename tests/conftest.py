"""Every test runs against a ledger in its own tmp_path, never the user's real one.

`run` runs a command line inside the test process, through the same entry point as the console
script, with stdin, stdout, stderr and the environment as a user's process would have them;
`script` runs the installed console script in a real process, for what only a process shows
(exit codes through the entry point, start-up, signals, pipes, a terminal).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "pledgetrack"
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
"""The prefix that runs a command as the unprivileged user nobody (the tests run as root)."""


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


@contextlib.contextmanager
def _environment(env: dict[str, str] | None) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run one `pledgetrack` command line in this process, as the console script would."""
    from pledgetrack.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = saved_stdin
    return Result(code, out.getvalue(), err.getvalue())


def script(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
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


def build_once(
    factory: pytest.TempPathFactory, name: str, build: Callable[[dict[str, str]], None]
) -> Path:
    """A scenario ledger recorded once per module by `build(env)`, in folders of its own as
    `isolated_env` would give a test."""
    folder = factory.mktemp(name)
    path = folder / "ledger.db"
    build({
        "PLEDGETRACK_DB": str(path), "XDG_DATA_HOME": str(folder / "data"),
        "HOME": str(folder / "home"), "NO_COLOR": "1", "COLUMNS": "200",
    })  # fmt: skip
    return path


def copy_ledger(built: Path, ledger_path: Path) -> Path:
    """A copy of a scenario ledger where this test's commands look for it."""
    for suffix in ("", "-wal"):
        if Path(f"{built}{suffix}").exists():
            shutil.copy(f"{built}{suffix}", f"{ledger_path}{suffix}")
    return ledger_path


@pytest.fixture(scope="session", autouse=True)
def checkout_reachable_by_others() -> Iterator[None]:
    """The permission tests run the real script as the user nobody; a checkout made in a private
    folder (`mktemp -d` is 0700) would stop nobody at the door. While the tests run, every folder
    above the checkout lets others pass through (execute only, no listing); their modes are put
    back afterwards. Only root can, and only root needs to."""
    if os.geteuid() != 0:
        yield
        return
    checkout = Path(__file__).resolve().parents[1]
    changed = []
    for folder in [checkout, *checkout.parents]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            folder.chmod(mode | 0o001)
            changed.append((folder, mode))
    try:
        yield
    finally:
        for folder, mode in changed:
            folder.chmod(mode)
