"""The ledger's schema, as numbered sqlite-utils migrations (never renumbered, never reused).

Amounts are stored exactly as INTEGER thousandths of their unit (`*_milli` columns); dates are
ISO text. `PRAGMA user_version` is the number of migrations applied: the schema version.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("pledgetrack")

STAGES = "('committed', 'obligated', 'allocated', 'disbursed', 'delivered')"
VERDICTS = (
    "('in_progress', 'stalled', 'fulfilled', 'partially_fulfilled', 'broken', "
    "'withdrawn', 'superseded')"
)


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Actors, events, pledges, tags, append-only updates, sources, edit history, derived states."""
    db.executescript(
        f"""
        CREATE TABLE actors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE
        ) STRICT;
        CREATE TABLE actor_aliases (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE
        ) STRICT;
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            held_on TEXT,
            place TEXT
        ) STRICT;
        CREATE TABLE pledges (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES actors(id),
            recipient_id INTEGER REFERENCES actors(id),
            event_id INTEGER REFERENCES events(id),
            kind TEXT NOT NULL CHECK (kind IN ('money', 'quantity', 'action')),
            target_milli INTEGER,
            unit TEXT,
            counts TEXT NOT NULL CHECK (counts IN {STAGES}),
            deadline_on TEXT,
            deadline_precision TEXT,
            deadline_basis TEXT,
            deadline_phrase TEXT,
            announced_on TEXT,
            quote TEXT,
            note TEXT,
            created_at TEXT NOT NULL,
            CHECK ((kind = 'action') = (target_milli IS NULL))
        ) STRICT;
        CREATE INDEX pledges_actor ON pledges(actor_id);
        CREATE INDEX pledges_recipient ON pledges(recipient_id);
        CREATE INDEX pledges_event ON pledges(event_id);
        CREATE INDEX pledges_deadline ON pledges(deadline_on);
        CREATE TABLE pledge_tags (
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (pledge_id, tag)
        ) STRICT;
        CREATE INDEX pledge_tags_tag ON pledge_tags(tag);
        CREATE TABLE updates (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            happened_on TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            stage TEXT CHECK (stage IN {STAGES}),
            amount_milli INTEGER,
            unit TEXT,
            mode TEXT CHECK (mode IN ('increment', 'total')),
            verdict TEXT CHECK (verdict IN {VERDICTS}),
            note TEXT,
            quote TEXT,
            CHECK ((amount_milli IS NULL) = (mode IS NULL)),
            CHECK ((amount_milli IS NULL) OR (stage IS NOT NULL))
        ) STRICT;
        CREATE INDEX updates_pledge ON updates(pledge_id, happened_on, id);
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            pledge_id INTEGER REFERENCES pledges(id) ON DELETE CASCADE,
            update_id INTEGER REFERENCES updates(id) ON DELETE CASCADE,
            url TEXT,
            citation TEXT,
            quote TEXT,
            CHECK ((pledge_id IS NULL) <> (update_id IS NULL)),
            CHECK (url IS NOT NULL OR citation IS NOT NULL)
        ) STRICT;
        CREATE INDEX sources_pledge ON sources(pledge_id);
        CREATE INDEX sources_update ON sources(update_id);
        CREATE TABLE pledge_edits (
            id INTEGER PRIMARY KEY,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            edited_at TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT
        ) STRICT;
        CREATE INDEX pledge_edits_pledge ON pledge_edits(pledge_id);
        -- Derived, rebuilt from `updates` whenever a pledge's updates or target change: the facts
        -- the status rules read, as they stand after each update (in happened_on, id order).
        CREATE TABLE pledge_states (
            update_id INTEGER PRIMARY KEY REFERENCES updates(id) ON DELETE CASCADE,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            happened_on TEXT NOT NULL,
            counted_milli INTEGER NOT NULL,
            verdict TEXT,
            stalled INTEGER NOT NULL,
            progressed INTEGER NOT NULL,
            reached_on TEXT,
            verdict_on TEXT
        ) STRICT;
        CREATE INDEX pledge_states_as_of ON pledge_states(pledge_id, happened_on, update_id);
        """
    )


FTS_TOKENIZER = "unicode61 remove_diacritics 2"  # `Lopez` finds `López`
FTS_COLUMNS = {
    "pledges": ("title", "quote", "note"),
    "updates": ("note", "quote"),
    "sources": ("url", "citation", "quote"),
}


@MIGRATIONS()
def m002_full_text_search(db: Database) -> None:
    """Full-text indexes (FTS5, kept current by triggers) over wording, notes and sources."""
    for table, columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(list(columns), create_triggers=True, tokenize=FTS_TOKENIZER)


@MIGRATIONS()
def m003_status_view(db: Database) -> None:
    """The `pledge_status` view: each pledge's status as of today (Datasette, sqlite-utils)."""
    from pledgetrack.storage.status import status_view_sql

    db.execute(status_view_sql())


@MIGRATIONS()
def m004_status_view_rules_once(db: Database) -> None:
    """Recreate `pledge_status` from the current rules text (each rule computed once per pledge)."""
    from pledgetrack.storage.status import STATUS_VIEW, status_view_sql

    db.execute(f"DROP VIEW IF EXISTS {STATUS_VIEW}")
    db.execute(status_view_sql())


def schema_version() -> int:
    """The schema version this pledgetrack writes: the number of migrations it knows."""
    return len(MIGRATIONS._migrations)
