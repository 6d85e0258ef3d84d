"""What pledgetrack does with files that are not up-to-date ledgers (README "Where the ledger
lives", docs/errors.md): refuses
them with one clean line and leaves them byte-for-byte alone, or upgrades an older ledger after
backing it up.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlite_utils import Database

from conftest import assert_clean_error, digest, ok, run
from pledgetrack.storage.ledger import APPLICATION_ID
from pledgetrack.storage.migrations import MIGRATIONS, schema_version

READERS = (("list",), ("show", "1"), ("report",), ("check",), ("export",))
WRITER = ("add", "A pledge", "--by", "Mexico")


def _text_file(path: Path) -> None:
    path.write_text("pledges, but not a ledger\n" * 10)


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _other_application(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('beach.jpg')")
    conn.commit()
    conn.close()
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone()[0] == 0


def _newer_ledger(path: Path) -> None:
    ok("--db", str(path), *WRITER)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.commit()
    conn.close()


REFUSED: dict[str, tuple[Callable[[Path], None], str]] = {
    "text": (_text_file, "not an SQLite file"),
    "empty": (_empty_file, "not an SQLite file"),
    "other-app": (_other_application, "another application"),
    "newer": (_newer_ledger, "newer than this pledgetrack"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
@pytest.mark.parametrize("command", [*READERS, WRITER, ("init",), ("backup", "copy.db")])
def test_files_that_are_not_ledgers_are_refused_untouched(
    case: str, command: tuple[str, ...], tmp_path: Path
) -> None:
    path = tmp_path / "target.db"
    make, says = REFUSED[case]
    make(path)
    before = digest(path)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    result = run("--db", str(path), *command)
    assert_clean_error(result, 1)
    assert says in result.stderr
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before


@pytest.mark.parametrize("command", [READERS[0], WRITER])
def test_a_folder_is_refused(command: tuple[str, ...], tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run("--db", str(folder), *command)
    assert_clean_error(result, 1)
    assert "folder" in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", [READERS[0], WRITER, ("init",)])
def test_a_missing_folder_creates_nothing(command: tuple[str, ...], tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "missing" / "ledger.db"), *command)
    assert_clean_error(result, 1)
    assert not (tmp_path / "missing").exists()


def test_a_locked_ledger_is_refused_in_bounded_time(ledger_path: Path) -> None:
    ok(*WRITER)
    before = digest(ledger_path)
    holder = sqlite3.connect(ledger_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        result = run("update", "1", "--note", "while locked", env={"PLEDGETRACK_TIMEOUT": "0.5"})
        elapsed = time.monotonic() - started
        second = run(*WRITER, env={"PLEDGETRACK_TIMEOUT": "0.5"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_clean_error(result, 1)
    assert "locked" in result.stderr
    assert_clean_error(second, 1)
    assert elapsed < 30  # bounded: the 0.5 s timeout, not a hang
    assert digest(ledger_path) == before
    assert len(json.loads(ok("list", "--format", "json").stdout)) == 1


def test_a_locked_rollback_journal_ledger_honours_the_timeout(tmp_path: Path) -> None:
    """A copy of the example is not in WAL mode: there a lock blocks readers too."""
    path = tmp_path / "rollback.db"
    ok("--db", str(path), *WRITER)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = digest(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        result = run("--db", str(path), "list", env={"PLEDGETRACK_TIMEOUT": "0.5"})
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_clean_error(result, 1)
    assert "locked" in result.stderr
    assert elapsed < 4.5  # the 0.5 s asked for, not SQLite's default of 5 s
    assert digest(path) == before


def test_reading_an_up_to_date_ledger_never_changes_it(ledger_path: Path) -> None:
    ok("add", "Invest in ports", "--by", "Mexico", "--target", "$100 million",
       "--due", "2025", "--announced", "2024-01-10", "--tag", "ports")  # fmt: skip
    ok("update", "1", "--on", "2024-02-01", "--total", "$50 million")
    before = digest(ledger_path)
    for command in [*READERS, ("summary",), ("search", "ports"), ("init",)]:
        ok(*command)
        ok(*command[:1], "--format", "json") if command[0] in {"list", "report"} else None
        assert digest(ledger_path) == before, command


def _ledger_at_version(path: Path, version: int) -> None:
    """A ledger as pledgetrack wrote it when it knew `version` migrations."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    names = [migration.name for migration in MIGRATIONS._migrations]
    if version < len(names):
        MIGRATIONS.apply(db, stop_before=names[version])
    else:
        MIGRATIONS.apply(db)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.executescript(
        """
        INSERT INTO actors (id, name, key) VALUES (1, 'Mexico', 'mexico');
        INSERT INTO pledges (id, uid, title, actor_id, kind, target_milli, unit, counts,
            announced_on, created_at)
        VALUES (1, 'u-1', 'Old pledge', 1, 'money', 1500000000000, 'USD', 'disbursed',
            '2022-07-12', '2022-07-12T00:00:00+00:00');
        INSERT INTO pledge_tags (pledge_id, tag) VALUES (1, 'border');
        INSERT INTO sources (pledge_id, url) VALUES (1, 'https://example.org/old');
        """
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("version", range(1, schema_version()))
def test_every_earlier_schema_is_upgraded_after_a_backup(version: int, ledger_path: Path) -> None:
    _ledger_at_version(ledger_path, version)
    old_bytes = digest(ledger_path)
    listed = json.loads(ok("list", "--format", "json").stdout)
    assert [(p["id"], p["title"], p["target"], p["tags"]) for p in listed] == [
        (1, "Old pledge", 1500000000, ["border"])
    ]
    conn = sqlite3.connect(ledger_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    backups = sorted(ledger_path.parent.glob(f"{ledger_path.name}.v{version}-*.bak"))
    assert len(backups) == 1, list(ledger_path.parent.iterdir())
    saved = sqlite3.connect(backups[0])
    assert saved.execute("PRAGMA user_version").fetchone()[0] == version
    assert saved.execute("SELECT title FROM pledges").fetchall() == [("Old pledge",)]
    saved.close()
    assert old_bytes != digest(ledger_path)
    # Once upgraded, the ledger is current: writing and checking work, no second backup.
    ok("update", "1", "--on", "2023-01-01", "--amount", "$1 million")
    ok("check")
    assert len(list(ledger_path.parent.glob("*.bak"))) == 1


def test_a_failed_upgrade_leaves_the_ledger_as_it_was(ledger_path: Path) -> None:
    """The upgrade is one transaction: if a migration cannot run, nothing of it stays; a second
    and third attempt find the backup the first one wrote, the same file, and write no more."""
    _ledger_at_version(ledger_path, 1)
    conn = sqlite3.connect(ledger_path)
    conn.execute("CREATE TABLE pledges_fts (blocker TEXT)")  # m002 will fail to create it
    conn.commit()
    conn.close()
    before = digest(ledger_path)
    for _ in range(3):  # each attempt fails the same way, and the backups do not pile up
        result = run("list")
        assert_clean_error(result, 1)
        assert "cannot upgrade" in result.stderr
    conn = sqlite3.connect(ledger_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    applied = conn.execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert applied == [("m001_initial",)]
    conn.close()
    assert digest(ledger_path) == before
    assert len(list(ledger_path.parent.glob("*.bak"))) == 1
    conn = sqlite3.connect(ledger_path)
    conn.execute("DROP TABLE pledges_fts")
    conn.commit()
    conn.close()
    ok("list")  # with the blocker gone the upgrade runs; its backup is a new one
    backups = list(ledger_path.parent.glob("*.bak"))
    assert len(backups) == 2, backups


def test_an_upgrade_writes_the_counted_amounts_a_fold_writes(ledger_path: Path) -> None:
    """m012 derives, in SQL, each counted amount with the day it stops counting; a pledge with
    progress in another currency is folded again, and now counts it converted."""
    from currency_converter import CurrencyConverter

    _ledger_at_version(ledger_path, 8)
    conn = sqlite3.connect(ledger_path)
    conn.executescript(
        """
        INSERT INTO pledges (id, uid, title, actor_id, kind, target_milli, unit, counts,
            announced_on, created_at, target_rate)
        VALUES (2, 'u-2', 'Stipend', 1, 'money', 4500000, 'MXN', 'disbursed', '2019-02-01',
            '2019-02-01T00:00:00+00:00', 'month');
        INSERT INTO updates (id, uid, pledge_id, happened_on, recorded_at, stage, amount_milli,
            unit, mode) VALUES
          (1, 'a', 1, '2023-01-01', '2023-01-01T00:00:00+00:00', 'disbursed', 100000, 'USD',
           'increment'),
          (2, 'b', 1, '2023-02-01', '2023-02-01T00:00:00+00:00', 'disbursed', 300000, 'USD',
           'total'),
          (3, 'c', 1, '2023-03-01', '2023-03-01T00:00:00+00:00', 'disbursed', 50000, 'USD',
           'increment'),
          (4, 'd', 1, '2023-03-15', '2023-03-15T00:00:00+00:00', 'disbursed', 7000, 'USD',
           'total'),
          (5, 'e', 1, '2023-05-02', '2023-05-02T00:00:00+00:00', 'disbursed', 1000000000, 'MXN',
           'increment'),
          (6, 'f', 1, '2023-06-01', '2023-06-01T00:00:00+00:00', 'committed', 20000, 'USD',
           'increment'),
          (7, 'g', 2, '2024-06-12', '2024-06-12T00:00:00+00:00', 'disbursed', 6250000, 'MXN',
           'increment'),
          (8, 'h', 2, '2025-11-07', '2025-11-07T00:00:00+00:00', 'disbursed', 6450000, 'MXN',
           'increment');
        INSERT INTO voids (uid, update_id, voided_at, note)
          VALUES ('v', 4, '2023-04-01T00:00:00+00:00', 'a typing mistake');
        """
    )
    conn.commit()
    conn.close()
    query = "SELECT * FROM counted_amounts ORDER BY update_id"
    ok("list")  # the upgrade
    conn = sqlite3.connect(ledger_path)
    migrated = conn.execute(query).fetchall()
    conn.close()
    assert [(row[0], row[5]) for row in migrated] == [
        (1, "2023-02-01"), (2, None), (3, None), (5, None), (7, "2025-11-07"), (8, None)
    ]  # fmt: skip
    for pledge_id in ("1", "2"):  # each folded again, as every write does
        ok("update", pledge_id, "--on", "2025-12-01", "--note", "checked")
    conn = sqlite3.connect(ledger_path)
    assert conn.execute(query).fetchall() == migrated
    conn.close()
    pesos = CurrencyConverter(decimal=True).convert(1000000, "MXN", "USD", date=date(2023, 5, 2))
    counted = json.loads(ok("show", "1", "--format", "json").stdout)["counted"]
    assert Decimal(str(counted)) == 350 + Decimal(pesos).quantize(Decimal("0.001"))
    ok("check")
