"""The ledger's schema, as numbered sqlite-utils migrations (never renumbered, never reused).

Amounts are stored exactly as INTEGER thousandths of their unit (`*_milli` columns); dates are
ISO text. `PRAGMA user_version` is the number of migrations applied: the schema version.

A migration, once released, is never edited: ledgers of every earlier version upgrade through
the same steps. So this module is the schema's whole history, each view's text frozen as it
was created, and it grows by one migration with each change of the schema.
"""

from __future__ import annotations

import functools

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


# A migration is history: the view it creates is written here, as it was, never built from the
# live rules (storage/status.py), which later versions change.
M003_STATUS_VIEW = """\
CREATE VIEW pledge_status AS
SELECT p.id, p.uid, p.title, a.name AS actor, r.name AS recipient, e.name AS event, p.kind,
  CASE WHEN p.target_milli IS NULL THEN NULL ELSE (CASE WHEN p.target_milli < 0 THEN '-' ELSE '' END) || (abs(p.target_milli) / 1000) || CASE WHEN abs(p.target_milli) % 1000 = 0 THEN '' ELSE '.' || rtrim(printf('%03d', abs(p.target_milli) % 1000), '0') END END AS target, p.unit, p.counts,
  CASE WHEN p.target_milli IS NOT NULL THEN CASE WHEN st.counted_milli IS NULL THEN NULL ELSE (CASE WHEN st.counted_milli < 0 THEN '-' ELSE '' END) || (abs(st.counted_milli) / 1000) || CASE WHEN abs(st.counted_milli) % 1000 = 0 THEN '' ELSE '.' || rtrim(printf('%03d', abs(st.counted_milli) % 1000), '0') END END END AS counted,
  round(st.progress, 6) AS progress, p.deadline_on AS deadline, p.announced_on,
  st.status, st.overdue, st.days_overdue, st.due_soon, st.late, st.conflict, st.as_of
FROM pledges p
JOIN actors a ON a.id = p.actor_id
LEFT JOIN actors r ON r.id = p.recipient_id
LEFT JOIN events e ON e.id = p.event_id
JOIN (
    WITH facts AS (
      SELECT p.id AS pledge_id, p.target_milli, p.deadline_on,
        COALESCE(s.counted_milli, 0) AS counted_milli, s.verdict, s.verdict_on,
        COALESCE(s.stalled, 0) AS stalled_verdict, COALESCE(s.progressed, 0) AS progressed,
        s.reached_on, s.happened_on AS last_update_on, date('now', 'localtime') AS as_of
      FROM pledges p
      LEFT JOIN pledge_states s ON s.update_id = (
        SELECT s2.update_id FROM pledge_states s2
        WHERE s2.pledge_id = p.id AND s2.happened_on <= date('now', 'localtime')
        ORDER BY s2.happened_on DESC, s2.update_id DESC LIMIT 1)
      WHERE p.announced_on IS NULL OR p.announced_on <= date('now', 'localtime')
    ),
    ruled AS (
      SELECT f.*,
        CASE
          WHEN f.verdict IN ('fulfilled', 'partially_fulfilled', 'broken', 'withdrawn', 'superseded') THEN f.verdict
          WHEN f.target_milli IS NOT NULL AND f.counted_milli >= f.target_milli THEN 'fulfilled'
          WHEN f.stalled_verdict = 1 OR (f.last_update_on IS NOT NULL
               AND julianday(f.as_of) - julianday(f.last_update_on) > 180) THEN 'stalled'
          WHEN f.counted_milli > 0 OR f.progressed = 1 OR f.verdict = 'in_progress'
               THEN 'in_progress'
          ELSE 'not_started'
        END AS status,
        CAST(julianday(f.as_of) - julianday(f.deadline_on) AS INTEGER) AS days_past_deadline
      FROM facts f
    )
    SELECT r.pledge_id, r.status, r.counted_milli, r.as_of,
      CASE WHEN r.target_milli > 0 THEN CAST(r.counted_milli AS REAL) / r.target_milli END
        AS progress,
      COALESCE(r.status IN ('not_started', 'in_progress', 'stalled') AND r.days_past_deadline > 0, 0) AS overdue,
      CASE WHEN r.status IN ('not_started', 'in_progress', 'stalled') AND r.days_past_deadline > 0
        THEN r.days_past_deadline END AS days_overdue,
      COALESCE(r.status IN ('not_started', 'in_progress', 'stalled') AND r.days_past_deadline BETWEEN -(30) AND 0, 0)
        AS due_soon,
      COALESCE(r.status = 'fulfilled' AND r.deadline_on IS NOT NULL
        AND COALESCE(r.reached_on, r.verdict_on) > r.deadline_on, 0) AS late,
      COALESCE(r.target_milli IS NOT NULL AND (
        (r.verdict = 'fulfilled' AND r.counted_milli * 10 < r.target_milli * 9)
        OR (r.verdict = 'broken' AND r.counted_milli * 2 >= r.target_milli)
        OR (r.verdict = 'partially_fulfilled' AND r.counted_milli >= r.target_milli)), 0)
        AS conflict,
      -r.days_past_deadline AS days_left
    FROM ruled r
    ) st ON st.pledge_id = p.id"""

# m004 computes each rule once per pledge rather than once per flag that reads it.
M004_STATUS_VIEW = M003_STATUS_VIEW.replace(
    "    ruled AS (\n",
    "    ruled AS MATERIALIZED (  -- each rule once per pledge, not once per flag that reads it\n",
)


@MIGRATIONS()
def m003_status_view(db: Database) -> None:
    """The `pledge_status` view: each pledge's status as of today (Datasette, sqlite-utils)."""
    db.execute(M003_STATUS_VIEW)


@MIGRATIONS()
def m004_status_view_rules_once(db: Database) -> None:
    """Recreate `pledge_status` with each rule computed once per pledge."""
    db.execute("DROP VIEW IF EXISTS pledge_status")
    db.execute(M004_STATUS_VIEW)


@MIGRATIONS()
def m005_voids(db: Database) -> None:
    """Voids: an update recorded by mistake is voided, with why and when, and counts nowhere;
    the update itself stays (updates are never rewritten)."""
    db.executescript(
        """
        CREATE TABLE voids (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            update_id INTEGER NOT NULL UNIQUE REFERENCES updates(id) ON DELETE CASCADE,
            voided_at TEXT NOT NULL,
            note TEXT NOT NULL
        ) STRICT;
        """
    )


# m006: amounts as numbers of units (Datasette and sqlite-utils sort and filter them as numbers,
# not as text), and the pledge's tags.
M006_STATUS_VIEW = (
    M004_STATUS_VIEW.replace(
        "CASE WHEN p.target_milli IS NULL THEN NULL ELSE (CASE WHEN p.target_milli < 0 THEN '-' ELSE '' END) || (abs(p.target_milli) / 1000) || CASE WHEN abs(p.target_milli) % 1000 = 0 THEN '' ELSE '.' || rtrim(printf('%03d', abs(p.target_milli) % 1000), '0') END END AS target",
        "p.target_milli / 1000.0 AS target",
    )
    .replace(
        "CASE WHEN st.counted_milli IS NULL THEN NULL ELSE (CASE WHEN st.counted_milli < 0 THEN '-' ELSE '' END) || (abs(st.counted_milli) / 1000) || CASE WHEN abs(st.counted_milli) % 1000 = 0 THEN '' ELSE '.' || rtrim(printf('%03d', abs(st.counted_milli) % 1000), '0') END END END AS counted",
        "st.counted_milli / 1000.0 END AS counted",
    )
    .replace(
        "st.late, st.conflict, st.as_of\n",
        "st.late, st.conflict, st.as_of,\n"
        "  (SELECT group_concat(tag, '; ') FROM (SELECT tag FROM pledge_tags t WHERE t.pledge_id = p.id\n"
        "     ORDER BY tag)) AS tags\n",
    )
)

AMOUNT_VIEWS = """
CREATE VIEW pledge_amounts AS
SELECT p.id, p.uid, p.title, p.kind, p.target_milli / 1000.0 AS target, p.unit, p.target_milli
FROM pledges p;
CREATE VIEW update_amounts AS
SELECT u.id, u.uid, u.pledge_id, u.happened_on, u.stage, u.mode, u.amount_milli / 1000.0 AS amount,
  u.unit, u.amount_milli, v.voided_at
FROM updates u LEFT JOIN voids v ON v.update_id = u.id;
"""


@MIGRATIONS()
def m006_amounts_in_units(db: Database) -> None:
    """`pledge_status` gives amounts as numbers of units and the pledge's tags; `pledge_amounts`
    and `update_amounts` show the stored thousandths beside the amount in units."""
    db.execute("DROP VIEW IF EXISTS pledge_status")
    db.execute(M006_STATUS_VIEW)
    db.executescript(AMOUNT_VIEWS)


@MIGRATIONS()
def m007_target_wording(db: Database) -> None:
    """Keep the wording of a pledge's target: its qualifier (ceiling, floor or approximate, and
    the words that said it), a range's high end, its rate, and the text it was read from. The
    status view is left as it was: the rules do not read them."""
    db.executescript(
        """
        ALTER TABLE pledges ADD COLUMN target_qualifier TEXT CHECK (target_qualifier IS NULL
            OR (target_qualifier IN ('ceiling', 'floor', 'approximate') AND target_milli IS NOT NULL));
        ALTER TABLE pledges ADD COLUMN target_qualifier_text TEXT
            CHECK (target_qualifier_text IS NULL OR target_qualifier IS NOT NULL);
        ALTER TABLE pledges ADD COLUMN target_high_milli INTEGER CHECK (target_high_milli IS NULL
            OR (target_milli IS NOT NULL AND target_high_milli > target_milli));
        ALTER TABLE pledges ADD COLUMN target_rate TEXT CHECK (target_rate IS NULL
            OR (target_rate IN ('year', 'month', 'week', 'day') AND target_milli IS NOT NULL));
        ALTER TABLE pledges ADD COLUMN target_text TEXT
            CHECK (target_text IS NULL OR target_milli IS NOT NULL);
        """
    )


# m008: an approximate target (`about 5,000`) is reached at 95% of its number.
M008_STATUS_VIEW = M006_STATUS_VIEW.replace(
    "      SELECT p.id AS pledge_id, p.target_milli, p.deadline_on,\n",
    "      SELECT p.id AS pledge_id, p.target_milli, p.deadline_on,\n"
    "        COALESCE(p.target_qualifier = 'approximate', 0) AS approximate,\n",
).replace(
    "          WHEN f.target_milli IS NOT NULL AND f.counted_milli >= f.target_milli THEN 'fulfilled'\n",
    "          WHEN f.target_milli IS NOT NULL AND (f.counted_milli >= f.target_milli\n"
    "               OR (f.approximate = 1 AND f.counted_milli * 20 >= f.target_milli * 19)) THEN 'fulfilled'\n",
)


@MIGRATIONS()
def m008_approximate_targets(db: Database) -> None:
    """Recreate `pledge_status`: an approximate target is reached at 95% of its number."""
    db.execute("DROP VIEW IF EXISTS pledge_status")
    db.execute(M008_STATUS_VIEW)


# m009: a pledge's recipients, in the order given, `; `-joined as its tags are.
M009_STATUS_VIEW = M008_STATUS_VIEW.replace(
    "a.name AS actor, r.name AS recipient, e.name AS event",
    "a.name AS actor,\n"
    "  (SELECT group_concat(name, '; ') FROM (SELECT ra.name FROM pledge_recipients pr\n"
    "     JOIN actors ra ON ra.id = pr.actor_id WHERE pr.pledge_id = p.id ORDER BY pr.position))\n"
    "    AS recipient,\n"
    "  e.name AS event",
).replace("LEFT JOIN actors r ON r.id = p.recipient_id\n", "")


@MIGRATIONS()
def m009_recipients(db: Database) -> None:
    """A pledge has any number of recipients, in the order given: the `pledge_recipients` table,
    which takes over from the column `pledges.recipient_id` (each recipient moves there, first of
    its pledge), so there is one place that says who receives.

    SQLite cannot drop a column that is a foreign key, so `pledges` is rebuilt without it by
    sqlite-utils' `transform` (a new table, the rows copied with their ids, the old one dropped,
    the new one renamed into place, its indexes made again). The ledger runs its migrations with
    foreign keys off and checks every reference before the commit (storage.ledger), so dropping
    the old table deletes no tag, update, source or edit that refers to a pledge. What refers to
    `pledges` by name is put back as it was: the full-text triggers are dropped with the old table
    and created again from their own text, and the full-text index, keyed by the pledge ids the
    rebuild keeps, still holds. `pledge_status` reads the recipient, so it is dropped first and
    created again reading `pledge_recipients`; `pledge_amounts` never read it and stays.
    """
    db.executescript(
        """
        CREATE TABLE pledge_recipients (
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            actor_id INTEGER NOT NULL REFERENCES actors(id),
            position INTEGER NOT NULL CHECK (position >= 1),
            PRIMARY KEY (pledge_id, position),
            UNIQUE (pledge_id, actor_id)
        ) STRICT;
        CREATE INDEX pledge_recipients_actor ON pledge_recipients(actor_id);
        INSERT INTO pledge_recipients (pledge_id, actor_id, position)
            SELECT id, recipient_id, 1 FROM pledges WHERE recipient_id IS NOT NULL;
        DROP VIEW pledge_status;
        DROP INDEX pledges_recipient;
        """
    )
    triggers = [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'pledges' "
            "ORDER BY name"
        )
    ]
    db.table("pledges").transform(drop={"recipient_id"})
    for trigger in triggers:
        db.execute(trigger)
    db.execute(M009_STATUS_VIEW)


@MIGRATIONS()
def m010_edit_origins(db: Database) -> None:
    """Keep where each edit of a pledge's fields came from: NULL for one made in this ledger, else
    the name of the whole-ledger export an import merged it from. The status view is left as it
    was: the rules do not read edits."""
    db.executescript(
        """
        ALTER TABLE pledge_edits ADD COLUMN origin TEXT;
        """
    )


# m011: the facts in force are found by their own id (a parent's rows hold its parts' updates,
# so an update no longer names one row), and each pledge carries its parent.
M011_STATUS_VIEW = M009_STATUS_VIEW.replace(
    "      LEFT JOIN pledge_states s ON s.update_id = (\n"
    "        SELECT s2.update_id FROM pledge_states s2\n",
    "      LEFT JOIN pledge_states s ON s.id = (\n        SELECT s2.id FROM pledge_states s2\n",
).replace(
    "     ORDER BY tag)) AS tags\n",
    "     ORDER BY tag)) AS tags,\n"
    "  p.parent_id, (SELECT pp.uid FROM pledges pp WHERE pp.id = p.parent_id) AS parent_uid\n",
)


@MIGRATIONS()
def m011_parts(db: Database) -> None:
    """Parts: a pledge may be a part (a tranche, a component) of another, its parent, one level
    deep. A parent's derived states fold in its parts' updates, so a row of `pledge_states` is
    one pledge's facts after one update of its tree, with an id of its own; the rows already
    there are kept (no ledger had parts). `pledge_status` carries the parent."""
    db.execute("DROP VIEW IF EXISTS pledge_status")
    db.execute(
        "ALTER TABLE pledges ADD COLUMN parent_id INTEGER REFERENCES pledges(id) "
        "CHECK (parent_id IS NULL OR parent_id <> id)"
    )
    db.execute("CREATE INDEX pledges_parent ON pledges(parent_id)")
    db.execute(
        """
        CREATE TABLE pledge_states_m011 (
            id INTEGER PRIMARY KEY,
            update_id INTEGER NOT NULL REFERENCES updates(id) ON DELETE CASCADE,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            happened_on TEXT NOT NULL,
            counted_milli INTEGER NOT NULL,
            verdict TEXT,
            stalled INTEGER NOT NULL,
            progressed INTEGER NOT NULL,
            reached_on TEXT,
            verdict_on TEXT,
            UNIQUE (update_id, pledge_id)
        ) STRICT
        """
    )
    db.execute(
        """
        INSERT INTO pledge_states_m011 (update_id, pledge_id, happened_on, counted_milli,
            verdict, stalled, progressed, reached_on, verdict_on)
        SELECT update_id, pledge_id, happened_on, counted_milli, verdict, stalled, progressed,
            reached_on, verdict_on
        FROM pledge_states ORDER BY pledge_id, happened_on, update_id
        """
    )
    db.execute("DROP TABLE pledge_states")
    db.execute("ALTER TABLE pledge_states_m011 RENAME TO pledge_states")
    db.execute(
        "CREATE INDEX pledge_states_as_of ON pledge_states(pledge_id, happened_on, update_id)"
    )
    db.execute(M011_STATUS_VIEW)


@MIGRATIONS()
def m012_rates(db: Database) -> None:
    """Exchange rates the user records, with their source; and, derived like `pledge_states`,
    each amount that counts toward a money pledge, in its own currency, from its day until a
    later running total or reading replaces it: what a converted total reads."""
    db.executescript(
        """
        CREATE TABLE rates (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            base TEXT NOT NULL CHECK (base GLOB '[A-Z][A-Z][A-Z]'),
            counter TEXT NOT NULL CHECK (counter GLOB '[A-Z][A-Z][A-Z]' AND counter <> base),
            rate TEXT NOT NULL CHECK (CAST(rate AS REAL) > 0),
            valid_on TEXT NOT NULL,
            source TEXT NOT NULL CHECK (trim(source) <> ''),
            note TEXT,
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX rates_day ON rates(valid_on, base, counter);
        CREATE TABLE counted_amounts (
            update_id INTEGER PRIMARY KEY REFERENCES updates(id) ON DELETE CASCADE,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            happened_on TEXT NOT NULL,
            unit TEXT NOT NULL,
            amount_milli INTEGER NOT NULL,
            until_on TEXT
        ) STRICT;
        CREATE INDEX counted_amounts_pledge
            ON counted_amounts(pledge_id, happened_on, until_on, unit, amount_milli);
        """
    )
    # The amounts the fold counted until now: at the counting stage, in the target's currency,
    # not voided; each until the next running total there (for a level, the next reading).
    db.execute(
        """
        INSERT INTO counted_amounts (update_id, pledge_id, happened_on, unit, amount_milli, until_on)
        SELECT u.id, u.pledge_id, u.happened_on, u.unit, u.amount_milli,
          (SELECT min(n.happened_on) FROM updates n
           WHERE n.pledge_id = u.pledge_id AND n.stage = u.stage AND n.unit = u.unit
             AND n.amount_milli IS NOT NULL AND (n.mode = 'total' OR p.target_rate IS NOT NULL)
             AND (n.happened_on, n.id) > (u.happened_on, u.id)
             AND n.id NOT IN (SELECT update_id FROM voids))
        FROM updates u JOIN pledges p ON p.id = u.pledge_id
        WHERE p.kind = 'money' AND u.amount_milli IS NOT NULL AND u.stage = p.counts
          AND u.unit = p.unit AND u.id NOT IN (SELECT update_id FROM voids)
        """
    )


# m013: a pledge's latest facts are marked, and found by an index of their own; the facts in
# force are those, unless they came after the as-of date.
M013_STATUS_VIEW = M011_STATUS_VIEW.replace(
    """    WITH facts AS (
      SELECT p.id AS pledge_id, p.target_milli, p.deadline_on,
        COALESCE(p.target_qualifier = 'approximate', 0) AS approximate,
        COALESCE(s.counted_milli, 0) AS counted_milli, s.verdict, s.verdict_on,
        COALESCE(s.stalled, 0) AS stalled_verdict, COALESCE(s.progressed, 0) AS progressed,
        s.reached_on, s.happened_on AS last_update_on, date('now', 'localtime') AS as_of
      FROM pledges p
      LEFT JOIN pledge_states s ON s.id = (
        SELECT s2.id FROM pledge_states s2
        WHERE s2.pledge_id = p.id AND s2.happened_on <= date('now', 'localtime')
        ORDER BY s2.happened_on DESC, s2.update_id DESC LIMIT 1)
      WHERE p.announced_on IS NULL OR p.announced_on <= date('now', 'localtime')
    ),
    ruled AS MATERIALIZED (""",
    "    WITH ruled AS MATERIALIZED (",
).replace(
    "      FROM facts f\n",
    """      FROM (
        SELECT p.id AS pledge_id, p.target_milli, p.deadline_on,
          COALESCE(p.target_qualifier = 'approximate', 0) AS approximate,
          COALESCE(c.counted_milli, s.counted_milli, 0) AS counted_milli,
          COALESCE(c.verdict, s.verdict) AS verdict,
          COALESCE(c.verdict_on, s.verdict_on) AS verdict_on,
          COALESCE(c.stalled, s.stalled, 0) AS stalled_verdict,
          COALESCE(c.progressed, s.progressed, 0) AS progressed,
          COALESCE(c.reached_on, s.reached_on) AS reached_on,
          COALESCE(c.happened_on, s.happened_on) AS last_update_on, date('now', 'localtime') AS as_of
        FROM pledges p
        LEFT JOIN pledge_states c ON c.pledge_id = p.id AND c.latest = 1
          AND c.happened_on <= date('now', 'localtime')
        LEFT JOIN pledge_states s ON s.id = (  -- only when the latest facts came later
          SELECT s2.id FROM pledge_states s2
          WHERE c.pledge_id IS NULL AND s2.pledge_id = p.id AND s2.happened_on <= date('now', 'localtime')
          ORDER BY s2.happened_on DESC, s2.update_id DESC LIMIT 1)
        WHERE p.announced_on IS NULL OR p.announced_on <= date('now', 'localtime')
      ) f
""",
)


@MIGRATIONS()
def m013_latest_facts(db: Database) -> None:
    """Mark each pledge's latest facts (`pledge_states.latest`: after the last of the updates
    its facts fold, in the order they happened), and index them apart, with every fact the
    rules read: a report as of a date on or after them reads them there, one probe a pledge,
    and looks further back only for the pledges updated since. `pledge_status` reads them."""
    db.execute("DROP VIEW IF EXISTS pledge_status")
    db.execute(
        "ALTER TABLE pledge_states ADD COLUMN latest INTEGER NOT NULL DEFAULT 0 "
        "CHECK (latest IN (0, 1))"
    )
    db.execute(
        """
        UPDATE pledge_states SET latest = 1 WHERE id IN (
            SELECT (SELECT s2.id FROM pledge_states s2 WHERE s2.pledge_id = s.pledge_id
                    ORDER BY s2.happened_on DESC, s2.update_id DESC LIMIT 1)
            FROM (SELECT DISTINCT pledge_id FROM pledge_states) s)
        """
    )
    db.execute(
        "CREATE INDEX pledge_states_latest ON pledge_states(pledge_id, latest, happened_on, "
        "counted_milli, verdict, verdict_on, stalled, progressed, reached_on) WHERE latest = 1"
    )
    db.execute(M013_STATUS_VIEW)


# m014: the facts in force on an earlier date are the row latest in its pledge's fold, found by
# its place there, not by its update's id.
M014_STATUS_VIEW = M013_STATUS_VIEW.replace(
    "          ORDER BY s2.happened_on DESC, s2.update_id DESC LIMIT 1)\n",
    "          ORDER BY s2.happened_on DESC, s2.position DESC LIMIT 1)\n",
)


@MIGRATIONS()
def m014_fold_positions(db: Database) -> None:
    """Each row of `pledge_states` keeps its place in its pledge's fold (`position`, from 0),
    and the fold orders a pledge's updates as every ledger holding them does: by the day they
    happened, then when they were recorded, then uid. Not by this ledger's ids: two ledgers
    that merge, or a copy imported from an export, number the same updates in other orders.
    The facts in force on a date are those of the row with the greatest place among the rows
    dated by then, found by an index on the places; the latest facts, the last place.

    The table is rebuilt with the column, each row keeping its id; a row's place is its
    update's in that order, and each pledge's last row is marked latest. The facts the rows hold
    were folded in the order of the ids, and only the fold can fold them again: the upgrade
    does so (storage.ledger) for the pledges whose same-day updates that order changes.
    `pledge_status` reads the places.
    """
    db.execute("DROP VIEW IF EXISTS pledge_status")
    db.execute(
        """
        CREATE TABLE pledge_states_m014 (
            id INTEGER PRIMARY KEY,
            update_id INTEGER NOT NULL REFERENCES updates(id) ON DELETE CASCADE,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            happened_on TEXT NOT NULL,
            counted_milli INTEGER NOT NULL,
            verdict TEXT,
            stalled INTEGER NOT NULL,
            progressed INTEGER NOT NULL,
            reached_on TEXT,
            verdict_on TEXT,
            latest INTEGER NOT NULL DEFAULT 0 CHECK (latest IN (0, 1)),
            UNIQUE (update_id, pledge_id)
        ) STRICT
        """
    )
    db.execute(
        """
        INSERT INTO pledge_states_m014 (id, update_id, pledge_id, position, happened_on,
            counted_milli, verdict, stalled, progressed, reached_on, verdict_on, latest)
        SELECT id, update_id, pledge_id, position, happened_on, counted_milli, verdict, stalled,
            progressed, reached_on, verdict_on, position = last
        FROM (
            SELECT s.*,
              row_number() OVER (PARTITION BY s.pledge_id
                ORDER BY u.happened_on, u.recorded_at, u.uid) - 1 AS position,
              count(*) OVER (PARTITION BY s.pledge_id) - 1 AS last
            FROM pledge_states s JOIN updates u ON u.id = s.update_id
        )
        """
    )
    db.execute("DROP TABLE pledge_states")
    db.execute("ALTER TABLE pledge_states_m014 RENAME TO pledge_states")
    db.execute(
        "CREATE INDEX pledge_states_as_of ON pledge_states(pledge_id, happened_on, position)"
    )
    db.execute(
        "CREATE INDEX pledge_states_latest ON pledge_states(pledge_id, latest, happened_on, "
        "counted_milli, verdict, verdict_on, stalled, progressed, reached_on) WHERE latest = 1"
    )
    db.execute(M014_STATUS_VIEW)


@MIGRATIONS()
def m015_parts_left_out(db: Database) -> None:
    """The parts each parent leaves out of its counted amount, and why, derived like
    `pledge_states` when the parent's facts are folded: a part of a parent with no target, a
    part in another unit when not both are money, or a money part in another currency with an
    amount that has no rate into its parent's on its date (`unit`, `amount_milli`, `on_date`:
    the first such amount; `why`: the reason the rates give). What a converted total reads to
    know which parts a parent counts.

    The rows that need no rate are written here; a parent with a part in another currency had
    that part left out by an earlier pledgetrack, which now counts it converted: only the fold
    can say so, and the upgrade folds such parents again (storage.ledger).
    """
    db.executescript(
        """
        CREATE TABLE parts_left_out (
            part_id INTEGER PRIMARY KEY REFERENCES pledges(id) ON DELETE CASCADE,
            parent_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            reason TEXT NOT NULL CHECK (reason IN ('no_target', 'unit', 'no_rate')),
            unit TEXT,
            amount_milli INTEGER,
            on_date TEXT,
            why TEXT,
            CHECK ((reason = 'no_rate') = (amount_milli IS NOT NULL))
        ) STRICT;
        CREATE INDEX parts_left_out_parent ON parts_left_out(parent_id);
        INSERT INTO parts_left_out (part_id, parent_id, reason)
        SELECT c.id, c.parent_id, CASE WHEN p.target_milli IS NULL THEN 'no_target' ELSE 'unit' END
        FROM pledges c JOIN pledges p ON p.id = c.parent_id
        WHERE c.target_milli IS NOT NULL AND (p.target_milli IS NULL
          OR (c.unit <> p.unit AND NOT (c.kind = 'money' AND p.kind = 'money')));
        """
    )


LATEST_STATUS_VIEW = M014_STATUS_VIEW
"""The text of `pledge_status` in a ledger of the current schema; the live rules must match it."""


@functools.cache
def schema_version() -> int:
    """The schema version this pledgetrack writes: the number of migrations it knows (all of
    them are pending on an empty database, one without sqlite-utils' plugins, whose loading
    would cost every command that opens a ledger some 15 ms)."""
    return len(MIGRATIONS.pending(Database(memory=True, execute_plugins=False)))
