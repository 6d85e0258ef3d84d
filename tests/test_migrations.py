"""The schema after migrating: the `pledge_status` view a migration wrote is what the live rules
compute, so a change to the rules without a migration that recreates the view fails here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from conftest import ok
from pledgetrack.storage.header import APPLICATION_ID
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


def _ledger_before_recipients(path: Path, stop_before: str) -> None:
    """A ledger of a schema that knew one recipient a pledge (`pledges.recipient_id`), written as
    pledgetrack wrote it then: pledges to one actor, to an actor by an alias, to nobody; tags,
    sources, updates with sources and the derived states of the rules, an edit of the recipient."""
    conn = sqlite3.connect(path)
    db = Database(conn)
    MIGRATIONS.apply(db, stop_before=stop_before)
    applied = len(MIGRATIONS.applied(db))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {applied}")
    conn.executescript(
        """
        INSERT INTO actors (id, name, key) VALUES (1, 'Mexico', 'mexico'),
            (2, 'United States', 'united states'), (3, 'Guatemala', 'guatemala');
        INSERT INTO actor_aliases (key, name, actor_id) VALUES ('us', 'US', 2);
        INSERT INTO events (id, name, key, held_on) VALUES (1, 'Summit', 'summit', '2022-06-10');
        INSERT INTO pledges (id, uid, title, actor_id, recipient_id, event_id, kind, target_milli,
            unit, counts, announced_on, created_at)
        VALUES (1, 'u-1', 'Invest in border infrastructure', 1, 2, 1, 'money', 1500000000000,
                'USD', 'disbursed', '2022-07-12', '2022-07-12T00:00:00+00:00'),
               (2, 'u-2', 'Offer work visas', 2, 3, NULL, 'quantity', 22500000, 'visas',
                'delivered', '2022-06-10', '2022-06-10T00:00:00+00:00'),
               (3, 'u-3', 'Reopen the ports', 1, NULL, NULL, 'action', NULL, NULL, 'delivered',
                '2022-07-12', '2022-07-12T00:00:00+00:00');
        INSERT INTO pledge_tags (pledge_id, tag) VALUES (1, 'border'), (2, 'visas');
        INSERT INTO sources (pledge_id, url) VALUES (1, 'https://example.org/border'),
            (2, 'https://example.org/visas');
        INSERT INTO updates (id, uid, pledge_id, happened_on, recorded_at, stage, amount_milli,
            unit, mode, note)
        VALUES (1, 'v-1', 1, '2023-03-01', '2023-03-02T00:00:00+00:00', 'disbursed',
                500000000000, 'USD', 'increment', 'First tranche');
        INSERT INTO sources (update_id, url) VALUES (1, 'https://example.org/tranche');
        INSERT INTO pledge_states (update_id, pledge_id, happened_on, counted_milli, verdict,
            stalled, progressed, reached_on, verdict_on)
        VALUES (1, 1, '2023-03-01', 500000000000, NULL, 0, 1, NULL, NULL);
        INSERT INTO pledge_edits (pledge_id, edited_at, field, old, new)
        VALUES (2, '2022-06-11T00:00:00+00:00', 'recipient', NULL, 'Guatemala');
        """
    )
    conn.commit()
    conn.close()


def _schema(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("stop_before", ["m002_full_text_search", "m009_recipients"])
def test_an_older_ledger_keeps_each_recipient_and_everything_else(
    ledger_path: Path, tmp_path: Path, stop_before: str
) -> None:
    _ledger_before_recipients(ledger_path, stop_before)
    listed = json.loads(ok("list", "--format", "json", "--sort", "id").stdout)
    assert [(p["id"], p["recipient"], p["tags"], p["sources"]) for p in listed] == [
        (1, ["United States"], ["border"], ["https://example.org/border"]),
        (2, ["Guatemala"], ["visas"], ["https://example.org/visas"]),
        (3, [], [], []),
    ]
    assert listed[0]["counted"] == 500_000_000  # the update and its derived state are there
    shown = json.loads(ok("show", "1", "--format", "json").stdout)
    assert [(u["note"], u["sources"]) for u in shown["updates"]] == [
        ("First tranche", ["https://example.org/tranche"])
    ]
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    visas = next(p for p in document["pledges"] if p["uid"] == listed[1]["uid"])
    assert visas["edits"][0]["new"] == "Guatemala"
    assert [p["id"] for p in json.loads(ok("list", "--to", "US", "-f", "json").stdout)] == [1]
    # The full-text index still finds what it held, and its triggers index what comes next.
    assert [p["id"] for p in json.loads(ok("search", "border", "-f", "json").stdout)] == [1]
    ok("edit", "3", "--title", "Reopen the ports of entry", "--to", "US", "--to", "Guatemala")
    ok("add", "Plant trees", "--by", "Mexico", "--to", "Guatemala", "--note", "Sembrando Vida")
    assert [p["id"] for p in json.loads(ok("search", "entry", "-f", "json").stdout)] == [3]
    assert [p["id"] for p in json.loads(ok("search", "sembrando", "-f", "json").stdout)] == [4]
    assert ok("check").code == 0  # foreign keys, integrity and the rules' own checks
    view = sqlite3.connect(ledger_path).execute(
        "SELECT id, recipient FROM pledge_status ORDER BY id"
    )
    assert view.fetchall() == [
        (1, "United States"), (2, "Guatemala"), (3, "United States; Guatemala"), (4, "Guatemala")
    ]  # fmt: skip
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "init")
    assert _schema(ledger_path) == _schema(fresh)
    columns = sqlite3.connect(ledger_path).execute("PRAGMA table_info(pledges)").fetchall()
    assert "recipient_id" not in [column[1] for column in columns]


def _ledger_folded_by_id(path: Path) -> None:
    """A ledger of the schema before m014, as pledgetrack wrote it then: the facts of each
    pledge folded in the order of the updates' ids, the same day's too. Pledge 1's total and
    increment of one day, and pledge 2's two verdicts of one day, were recorded in the same
    second, their uids sorting against their ids; pledge 3's one update is alone."""
    conn = sqlite3.connect(path)
    db = Database(conn)
    MIGRATIONS.apply(db, stop_before="m014_fold_positions")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS.applied(db))}")
    conn.executescript(
        """
        INSERT INTO actors (id, name, key) VALUES (1, 'Japan', 'japan');
        INSERT INTO pledges (id, uid, title, actor_id, kind, target_milli, unit, counts,
            announced_on, created_at)
        VALUES (1, 'p-1', 'Fund clinics', 1, 'money', 1000000, 'USD', 'disbursed',
                '2024-01-10', '2024-01-10T00:00:00+00:00'),
               (2, 'p-2', 'Reopen the consulate', 1, 'action', NULL, NULL, 'delivered',
                '2024-01-10', '2024-01-10T00:00:00+00:00'),
               (3, 'p-3', 'Train nurses', 1, 'money', 1000000, 'USD', 'disbursed',
                '2024-01-10', '2024-01-10T00:00:00+00:00');
        INSERT INTO updates (id, uid, pledge_id, happened_on, recorded_at, stage, amount_milli,
            unit, mode, verdict, note)
        VALUES (1, 'v-b', 1, '2024-03-01', '2024-03-02T10:00:00+00:00', 'disbursed', 600000,
                'USD', 'total', NULL, NULL),
               (2, 'v-a', 1, '2024-03-01', '2024-03-02T10:00:00+00:00', 'disbursed', 100000,
                'USD', 'increment', NULL, NULL),
               (3, 'v-c', 1, '2024-09-01', '2024-09-02T10:00:00+00:00', NULL, NULL, NULL, NULL,
                NULL, 'checked'),
               (4, 'w-b', 2, '2024-03-01', '2024-03-02T10:00:00+00:00', NULL, NULL, NULL, NULL,
                'fulfilled', 'as reported'),
               (5, 'w-a', 2, '2024-03-01', '2024-03-02T10:00:00+00:00', NULL, NULL, NULL, NULL,
                'in_progress', NULL),
               (6, 'w-c', 2, '2024-09-01', '2024-09-02T10:00:00+00:00', NULL, NULL, NULL, NULL,
                NULL, 'checked'),
               (7, 'x-a', 3, '2024-03-01', '2024-03-02T10:00:00+00:00', 'disbursed', 300000,
                'USD', 'increment', NULL, NULL);
        INSERT INTO sources (update_id, url) VALUES (4, 'https://example.org/consulate');
        INSERT INTO pledge_states (id, update_id, pledge_id, happened_on, counted_milli, verdict,
            stalled, progressed, reached_on, verdict_on, latest)
        VALUES (1, 1, 1, '2024-03-01', 600000, NULL, 0, 1, NULL, NULL, 0),
               (2, 2, 1, '2024-03-01', 700000, NULL, 0, 1, NULL, NULL, 0),
               (3, 3, 1, '2024-09-01', 700000, NULL, 0, 1, NULL, NULL, 1),
               (4, 4, 2, '2024-03-01', 0, 'fulfilled', 0, 0, NULL, '2024-03-01', 0),
               (5, 5, 2, '2024-03-01', 0, 'in_progress', 0, 0, NULL, '2024-03-01', 0),
               (6, 6, 2, '2024-09-01', 0, 'in_progress', 0, 0, NULL, '2024-03-01', 1),
               (7, 7, 3, '2024-03-01', 300000, NULL, 0, 1, NULL, NULL, 1);
        INSERT INTO counted_amounts (update_id, pledge_id, happened_on, unit, amount_milli,
            until_on)
        VALUES (1, 1, '2024-03-01', 'USD', 600000, NULL),
               (2, 1, '2024-03-01', 'USD', 100000, NULL),
               (7, 3, '2024-03-01', 'USD', 300000, NULL);
        """
    )
    conn.commit()
    conn.close()


def test_an_older_ledger_is_folded_again_in_the_order_every_ledger_shares(
    ledger_path: Path, tmp_path: Path
) -> None:
    _ledger_folded_by_id(ledger_path)
    for as_of in ("2024-06-30", "2024-12-31"):  # back past the latest facts, and on them
        report = json.loads(ok("report", "--flat", "--as-of", as_of, "-f", "json").stdout)
        assert {r["id"]: (r["counted"], r["status"]) for r in report if r["id"] < 3} == {
            1: (600, "in_progress"), 2: (None, "fulfilled"),
        }, as_of  # fmt: skip
    shown = json.loads(ok("show", "1", "--format", "json").stdout)
    assert [u["uid"] for u in shown["updates"]] == ["v-a", "v-b", "v-c"]
    conn = sqlite3.connect(ledger_path)
    try:
        assert conn.execute(VIEW).fetchone()[0] == status_view_sql()
        assert conn.execute(
            "SELECT id, counted, status FROM pledge_status WHERE id < 3 ORDER BY id"
        ).fetchall() == [(1, 600, "stalled"), (2, None, "fulfilled")]  # as of today, long after
        assert conn.execute(
            "SELECT p.uid, u.uid, s.position, s.latest, s.counted_milli FROM pledge_states s "
            "JOIN updates u ON u.id = s.update_id JOIN pledges p ON p.id = s.pledge_id "
            "ORDER BY p.uid, s.position"
        ).fetchall() == [
            ("p-1", "v-a", 0, 0, 100000), ("p-1", "v-b", 1, 0, 600000),
            ("p-1", "v-c", 2, 1, 600000),
            ("p-2", "w-a", 0, 0, 0), ("p-2", "w-b", 1, 0, 0), ("p-2", "w-c", 2, 1, 0),
            ("p-3", "x-a", 0, 1, 300000),
        ]  # fmt: skip
        # The increment counted until the total replaced it, the same day.
        assert conn.execute(
            "SELECT u.uid, c.until_on FROM counted_amounts c JOIN updates u ON u.id = c.update_id "
            "ORDER BY u.uid"
        ).fetchall() == [("v-a", "2024-03-01"), ("v-b", None), ("x-a", None)]
        # A pledge whose order is the same either way keeps its row as it was.
        assert conn.execute("SELECT id FROM pledge_states WHERE update_id = 7").fetchone() == (7,)
    finally:
        conn.close()
    assert ok("check").code == 0
    fresh = tmp_path / "fresh.db"
    ok("--db", str(fresh), "init")
    assert _schema(ledger_path) == _schema(fresh)
