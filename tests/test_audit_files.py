"""The ledger file when things go wrong around it (docs/errors.md, "The ledger file"): a failed
command or a dry run leaves every byte as it was, in either journal mode; a write that another
program left unfinished is rolled back; full disks, folders and files this user cannot write, a
damaged ledger, a named pipe, odd bytes in a path and a bad PLEDGETRACK_TIMEOUT each give one
`Error:` line and leave nothing behind.

What only a process shows runs the real console script: a child killed mid-write, a full disk,
another user (`setpriv` to nobody), a named pipe that would block.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import NOBODY, SCRIPT, Result, assert_clean_error, digest, ok, run, script


def _journal_mode(path: Path) -> str:
    """The journal mode the file itself records (header bytes 18 and 19: 2 for WAL), read
    without opening it, which would leave a -shm beside a WAL ledger."""
    with path.open("rb") as file:
        header = file.read(20)
    return {b"\x01\x01": "delete", b"\x02\x02": "wal"}[header[18:20]]


def _titles(path: Path) -> list[str]:
    listed = json.loads(ok("--db", str(path), "list", "--format", "json").stdout)
    return [pledge["title"] for pledge in listed]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _beside(path: Path) -> list[str]:
    """The names in the ledger's folder that start with its name."""
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def _run(argv: list[str], preexec: Callable[[], None] | None = None) -> Result:
    completed = subprocess.run(
        argv,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=preexec,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def as_nobody(*args: str) -> Result:
    """The real console script run as the unprivileged user nobody."""
    _nobody_can_run_the_script()
    return _run([*NOBODY, str(SCRIPT), *args])


@functools.cache
def _nobody_can_run_the_script() -> None:
    """A clear failure, not twenty puzzling ones, where nobody cannot reach the checkout."""
    result = _run([*NOBODY, str(SCRIPT), "due", "2024"])
    if result.code != 0:
        pytest.fail(
            f"the user nobody cannot run {SCRIPT} (the checkout and its .venv must be readable "
            f"by every user for the permission tests): {result.stderr.strip()[-300:]}"
        )


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder the user nobody can reach (tmp_path's parents are root's alone), for the files a
    test shares with nobody."""
    folder = Path(tempfile.mkdtemp(prefix="pledgetrack-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- PLEDGETRACK_TIMEOUT -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "abc", "nan", "inf", "-inf", "-1", "1e400"])
def test_a_bad_timeout_is_refused_naming_the_variable(value: str, ledger_path: Path) -> None:
    ok("add", "A pledge", "--by", "Mexico")
    before = digest(ledger_path)
    for command in (("list",), ("add", "Another", "--by", "Mexico")):
        result = run(*command, env={"PLEDGETRACK_TIMEOUT": value})
        assert_clean_error(result, 2)
        assert "PLEDGETRACK_TIMEOUT must be a number of seconds from 0 to" in result.stderr
    assert digest(ledger_path) == before


def test_timeouts_that_can_be_read(ledger_path: Path) -> None:
    result = script("add", "A pledge", "--by", "Mexico", env={"PLEDGETRACK_TIMEOUT": "abc"})
    assert_clean_error(result, 2)  # through the console script too
    assert not ledger_path.exists()
    for value in ("0", "2.5", " 10 "):
        ok("add", "A pledge", "--by", "Mexico", env={"PLEDGETRACK_TIMEOUT": value})


# --- A failed write or a dry run changes nothing, in either journal mode -------------------------

PLEDGES_CSV = "title,actor\nImported pledge,Mexico\n"


def _example_ledger(path: Path) -> None:
    ok("--db", str(path), "init", "--example")


def _backup_ledger(path: Path) -> None:
    source = path.with_name("source.db")
    ok("--db", str(source), "add", "A pledge", "--by", "Mexico")
    ok("--db", str(source), "backup", str(path))


def _wal_ledger(path: Path) -> None:
    ok("--db", str(path), "add", "A pledge", "--by", "Mexico")


LEDGERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "example": (_example_ledger, "delete"),
    "backup": (_backup_ledger, "delete"),
    "wal": (_wal_ledger, "wal"),
}
FAILURES = {
    "no such pledge": (("edit", "999", "--title", "x"), 3),
    "bad value": (("update", "1", "--amount", "lots"), 2),
    "dry run": (("import", "{csv}", "--dry-run"), 0),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("kind", sorted(LEDGERS))
def test_a_failed_write_or_a_dry_run_leaves_every_byte(
    kind: str, failure: str, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.db"
    make, mode = LEDGERS[kind]
    make(path)
    assert _journal_mode(path) == mode
    csv = tmp_path / "pledges.csv"
    csv.write_text(PLEDGES_CSV)
    before, names = path.read_bytes(), _beside(path)
    args, code = FAILURES[failure]
    result = script("--db", str(path), *(arg.format(csv=csv) for arg in args))
    if code:
        assert_clean_error(result, code)
    else:
        assert result.code == 0 and "nothing written" in result.stderr, result.stderr
    assert path.read_bytes() == before
    assert _beside(path) == names == ["ledger.db"]  # no -wal, -shm or -journal left
    assert _journal_mode(path) == mode


def test_a_successful_write_puts_a_rollback_journal_ledger_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ok("--db", str(path), "init", "--example")
    titles = _titles(path)
    assert _journal_mode(path) == "delete"
    result = script("--db", str(path), "add", "A new pledge", "--by", "Mexico")
    assert result.code == 0, result.stderr
    assert _journal_mode(path) == "wal"
    assert _titles(path) == [*titles, "A new pledge"]
    ok("--db", str(path), "check")


def test_init_makes_a_wal_ledger_and_backups_are_self_contained(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ok("--db", str(path), "init")
    assert _journal_mode(path) == "wal"
    ok("--db", str(path), "add", "A pledge", "--by", "Mexico")
    ok("--db", str(path), "backup", str(tmp_path / "copy.db"))
    assert _journal_mode(tmp_path / "copy.db") == "delete"
    assert _beside(tmp_path / "copy.db") == ["copy.db"]


# --- A write another program left unfinished -----------------------------------------------------

CRASHING_WRITER = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 10")  # a small cache: the change spills into the file itself
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE pledges SET title = 'half-written ' || title")
conn.execute("CREATE TABLE filler (x)")
conn.execute("INSERT INTO filler SELECT randomblob(4000) FROM pledges, pledges LIMIT 200")
os.kill(os.getpid(), signal.SIGKILL)
"""


def _crash_mid_write(path: Path) -> None:
    """A rollback-journal ledger whose writer was killed mid-write: the file holds part of the
    change and a hot journal beside it what the change replaced."""
    ok("--db", str(path), "init", "--example")
    killed = subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(path)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert Path(f"{path}-journal").stat().st_size > 0


def test_a_write_left_unfinished_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ok("--db", str(path), "init", "--example")
    titles = _titles(path)
    path.unlink()
    _crash_mid_write(path)
    result = script("--db", str(path), "list", "--format", "json")
    assert result.code == 0, result.stderr
    assert [pledge["title"] for pledge in json.loads(result.stdout)] == titles
    assert not Path(f"{path}-journal").exists()
    ok("--db", str(path), "check")
    ok("--db", str(path), "add", "After the crash", "--by", "Mexico")
    assert _titles(path) == [*titles, "After the crash"]


def test_a_write_left_unfinished_that_this_user_cannot_roll_back(open_folder: Path) -> None:
    path = open_folder / "ledger.db"
    _crash_mid_write(path)
    path.chmod(0o644)
    Path(f"{path}-journal").chmod(0o644)
    before = path.read_bytes(), Path(f"{path}-journal").read_bytes()
    result = as_nobody("--db", str(path), "list")
    assert_clean_error(result, 1)
    assert "ledger.db-journal" in result.stderr and "as a user who can write" in result.stderr
    assert (path.read_bytes(), Path(f"{path}-journal").read_bytes()) == before
    assert all("half-written" not in title for title in _titles(path))  # its owner can


# --- Paths that cannot be used as they are -------------------------------------------------------


def test_a_path_that_is_not_utf8(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / os.fsdecode(b"\xff.db")
    for command in (("add", "t", "--by", "M"), ("init",), ("list",), ("init", "--example")):
        result = script("--db", str(missing), *command)
        assert_clean_error(result, 1)
        assert "missing/\\xff.db" in result.stderr  # the byte shown as it is
    assert _names(tmp_path) == []  # no file, no folder
    path = tmp_path / os.fsdecode(b"ledger-\xff.db")
    result = script("--db", str(path), "add", "A pledge", "--by", "Mexico")
    assert result.code == 0, result.stderr
    assert b"ledger-\xff.db" in [os.fsencode(p.name) for p in tmp_path.iterdir()]
    assert _titles(path) == ["A pledge"]


def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for command in (("list",), ("add", "t", "--by", "M"), ("init",), ("backup", "copy.db")):
        try:
            result = _run([str(SCRIPT), "--db", str(fifo), *command])
        except subprocess.TimeoutExpired:
            pytest.fail(f"{command[0]} waited on the named pipe")
        assert_clean_error(result, 1)
        assert "not a regular file (a named pipe)" in result.stderr
    assert _names(tmp_path) == ["pipe.db"]


# --- Full disks ----------------------------------------------------------------------------------

FULL_AT = 64 * 1024  # bytes: less than an empty ledger


@dataclass
class FullFolder:
    """A folder with room for FULL_AT bytes, and how to run the console script against it."""

    path: Path
    mounted: bool

    def script(self, *args: str) -> Result:
        return _run([str(SCRIPT), *args], None if self.mounted else _file_size_limit)


def _file_size_limit() -> None:
    """In the child: writing past FULL_AT bytes fails (EFBIG), as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FULL_AT, FULL_AT))


@pytest.fixture
def full_folder(tmp_path: Path) -> Iterator[FullFolder]:
    """A really full disk: a tmpfs of FULL_AT bytes mounted on the folder, where this machine
    lets root mount; otherwise (a container without the right to mount) the child's
    RLIMIT_FSIZE at FULL_AT bytes, with SIGXFSZ ignored, so its writes past it fail as they
    would on a full disk."""
    folder = tmp_path / "full"
    folder.mkdir()
    try:
        mount = ["mount", "-t", "tmpfs", "-o", f"size={FULL_AT}", "tmpfs", str(folder)]
        mounted = subprocess.run(mount, capture_output=True, check=False).returncode == 0
    except OSError:
        mounted = False
    try:
        yield FullFolder(folder, mounted)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("example", [False, True])
def test_init_on_a_full_disk_leaves_nothing(example: bool, full_folder: FullFolder) -> None:
    path = full_folder.path / "ledger.db"
    result = full_folder.script("--db", str(path), "init", *(["--example"] if example else []))
    assert_clean_error(result, 1)
    assert str(path) in result.stderr
    assert _names(full_folder.path) == []


# --- What this user may not write, or read -------------------------------------------------------


@pytest.mark.parametrize("command", [("init",), ("init", "--example"), ("add", "t", "--by", "M")])
def test_a_folder_this_user_cannot_write(command: tuple[str, ...], open_folder: Path) -> None:
    folder = open_folder / "readonly"
    folder.mkdir(mode=0o755)
    result = as_nobody("--db", str(folder / "ledger.db"), *command)
    assert_clean_error(result, 1)
    assert str(folder / "ledger.db") in result.stderr and "Permission denied" in result.stderr
    assert _names(folder) == []


def test_a_ledger_this_user_cannot_read(open_folder: Path) -> None:
    path = open_folder / "ledger.db"
    ok("--db", str(path), "add", "A pledge", "--by", "Mexico")
    path.chmod(0o600)
    before = digest(path)
    for command in (("list",), ("add", "t", "--by", "M"), ("backup", str(open_folder / "c.db"))):
        result = as_nobody("--db", str(path), *command)
        assert_clean_error(result, 1)
        assert f"cannot read the ledger {path}: Permission denied" in result.stderr
    env_result = _run(["env", f"PLEDGETRACK_DB={path}", *NOBODY, str(SCRIPT), "list"])
    assert_clean_error(env_result, 1)
    assert digest(path) == before
    assert _beside(path) == ["ledger.db"]


def test_a_ledger_this_user_cannot_write(open_folder: Path) -> None:
    path = open_folder / "ledger.db"
    ok("--db", str(path), "add", "A pledge", "--by", "Mexico")
    open_folder.chmod(0o777)  # the folder is writable: only the file is not
    before = digest(path)
    result = as_nobody("--db", str(path), "add", "Another", "--by", "Mexico")
    assert_clean_error(result, 1)
    assert f"cannot write to the ledger {path}" in result.stderr
    assert digest(path) == before


@pytest.mark.parametrize("where", ["read-only folder", "read-only file"])
def test_a_wal_ledger_that_cannot_be_written_can_still_be_read(
    where: str, open_folder: Path
) -> None:
    folder = open_folder / "ledgers"
    folder.mkdir(mode=0o755 if where == "read-only folder" else 0o777)
    path = folder / "ledger.db"
    ok("--db", str(path), "add", "A pledge", "--by", "Mexico")
    assert _journal_mode(path) == "wal" and _beside(path) == ["ledger.db"]
    path.chmod(0o644)
    before = path.read_bytes()
    listed = as_nobody("--db", str(path), "list", "--format", "json")
    assert listed.code == 0, listed.stderr
    assert [pledge["title"] for pledge in json.loads(listed.stdout)] == ["A pledge"]
    assert as_nobody("--db", str(path), "check").code == 0
    assert as_nobody("--db", str(path), "export", "--what", "all", "--format", "json").code == 0
    written = as_nobody("--db", str(path), "add", "Another", "--by", "Mexico")
    assert_clean_error(written, 1)
    assert path.read_bytes() == before
    if where == "read-only folder":
        assert _beside(path) == ["ledger.db"]


# --- A damaged ledger ----------------------------------------------------------------------------

MARKER = "Zq-MARKED-pledge-Qz"


def _damage_the_page_holding(path: Path, text: str) -> None:
    """Zero the table page that holds `text`, as a disk that lost a block would."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = data.find(text.encode())
    while start >= 0:
        page = start // page_size
        if page > 0 and data[page * page_size] == 0x0D:  # a table's leaf page
            data[page * page_size : (page + 1) * page_size] = bytes(page_size)
            path.write_bytes(bytes(data))
            return
        start = data.find(text.encode(), start + 1)
    raise AssertionError(f"{text!r} is on no table page")


@pytest.fixture
def damaged_ledger(ledger_path: Path, tmp_path: Path) -> Path:
    """A ledger of 61 pledges over several pages, the page of the last one lost."""
    rows = [f"Pledge {i} {'x' * 300},Mexico" for i in range(60)] + [f"{MARKER},Mexico"]
    pledges = tmp_path / "pledges.csv"
    pledges.write_text("title,actor\n" + "\n".join(rows) + "\n")
    ok("init")
    ok("import", str(pledges))
    pledges.unlink()
    assert not Path(f"{ledger_path}-wal").exists()
    _damage_the_page_holding(ledger_path, MARKER)
    return ledger_path


def test_writes_that_meet_damage_are_refused_and_roll_back(damaged_ledger: Path) -> None:
    before = digest(damaged_ledger)
    for command in (
        ("update", "61", "--note", "more"),
        ("edit", "61", "--title", "new"),
        ("delete", "61", "--yes"),
    ):
        result = script(*command) if command[0] == "update" else run(*command)
        assert_clean_error(result, 1)
        assert f"the ledger {damaged_ledger} is damaged" in result.stderr
        assert "`pledgetrack check`" in result.stderr and "restore a backup" in result.stderr
        assert digest(damaged_ledger) == before
    assert _beside(damaged_ledger) == ["ledger.db"]


# --- backup and check ----------------------------------------------------------------------------


def test_backup_onto_a_full_disk_names_the_target_and_leaves_nothing(
    full_folder: FullFolder, ledger_path: Path
) -> None:
    ok("init", "--example")
    before = digest(ledger_path)
    target = full_folder.path / "copy.db"
    result = full_folder.script("--db", str(ledger_path), "backup", str(target))
    assert_clean_error(result, 1)
    assert f"cannot write {target}" in result.stderr
    assert _names(full_folder.path) == []  # no copy, no temporary file
    assert digest(ledger_path) == before


@pytest.mark.parametrize("folder", ["readonly", "closed/inner"])
def test_a_backup_target_this_user_cannot_write(folder: str, open_folder: Path) -> None:
    path = open_folder / "ledger.db"
    ok("--db", str(path), "init", "--example")
    path.chmod(0o644)
    target = open_folder / folder / "copy.db"
    target.parent.mkdir(parents=True)
    target.parent.chmod(0o755)
    if folder.startswith("closed"):
        (open_folder / "closed").chmod(0o700)  # nobody may not even look in
    result = as_nobody("--db", str(path), "backup", str(target))
    assert_clean_error(result, 1)
    assert f"cannot write {target}: Permission denied" in result.stderr
    assert _names(target.parent) == []


def test_check_reports_damage_it_cannot_get_past(damaged_ledger: Path) -> None:
    result = run("check")
    assert result.code == 1
    assert result.stdout.startswith("ledger: integrity: ")
    assert result.stderr == "Error: 1 problem found\n"


def test_backup_of_a_damaged_ledger_says_so(damaged_ledger: Path, tmp_path: Path) -> None:
    before = digest(damaged_ledger)
    result = run("backup", str(tmp_path / "copy.db"))
    assert_clean_error(result, 1)
    assert f"the ledger {damaged_ledger} is damaged" in result.stderr
    assert "no copy was written" in result.stderr
    assert [name for name in _names(tmp_path) if not name.startswith("ledger.db")] == []
    assert digest(damaged_ledger) == before
