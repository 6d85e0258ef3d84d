"""The schema after migrating: the `pledge_status` view a migration wrote is what the live rules
compute, so a change to the rules without a migration that recreates the view fails here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from pledgetrack.storage.migrations import (
    LATEST_STATUS_VIEW,
    M003_STATUS_VIEW,
    MIGRATIONS,
    schema_version,
)
from pledgetrack.storage.status import status_view_sql

EXAMPLE = Path(__file__).resolve().parents[1] / "pledges.db.example"
VIEW = "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'pledge_status'"


def _stored_view(db: Database) -> str:
    return str(db.execute(VIEW).fetchone()[0])


def test_a_migrated_ledger_holds_the_view_of_the_current_rules() -> None:
    db = Database(memory=True)
    MIGRATIONS.apply(db)
    assert _stored_view(db) == LATEST_STATUS_VIEW
    assert _stored_view(db) == status_view_sql(), (
        "the status rules changed: add a migration that recreates pledge_status"
    )


def test_the_example_ledger_built_earlier_has_the_same_view() -> None:
    conn = sqlite3.connect(f"file:{EXAMPLE}?mode=ro", uri=True)
    try:
        stored = conn.execute(VIEW).fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    assert version == schema_version()
    assert stored == status_view_sql()


def test_each_migration_keeps_the_view_it_wrote() -> None:
    db = Database(memory=True)
    MIGRATIONS.apply(db, stop_before="m004_status_view_rules_once")
    assert _stored_view(db) == M003_STATUS_VIEW
    assert "ruled AS (" in M003_STATUS_VIEW
    MIGRATIONS.apply(db)
    assert "ruled AS MATERIALIZED (" in _stored_view(db)
