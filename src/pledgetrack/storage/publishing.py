"""What a published ledger shows in Datasette: descriptions of the tables, views and columns
people read, the internal tables hidden, and saved queries built from the status rules' own SQL
(so the published `overdue` query answers as `report --status overdue` does).
"""

from __future__ import annotations

from typing import Any

from pledgetrack.domain import rules
from pledgetrack.storage.records import FOLD_ORDER
from pledgetrack.storage.status import status_sql

HIDDEN = (
    "pledge_states", "counted_amounts", "parts_left_out", "actor_aliases", "voids",
    "pledge_edits",
    *(f"{table}_fts{suffix}" for table in ("pledges", "updates", "sources")
      for suffix in ("", "_data", "_idx", "_docsize", "_config")),
)  # fmt: skip

MILLI = "integer thousandths of the unit: 1500000000000 is 1,500,000,000"
PARENT = (
    "for a part (a tranche or component), the id of the pledge it is a part of; to count "
    "each tree once, sum the pledges whose parent_id is empty"
)

TABLES: dict[str, dict[str, Any]] = {
    "pledge_status": {
        "description": "Each pledge's status as of today, by the rules of `pledgetrack "
        "methodology`; amounts are numbers of units.",
        "columns": {
            "recipient": "who receives: the recipients in the order given, joined by `; ` "
            "(each is a row of `pledge_recipients`); empty for none",
            "target": "the target, in units of `unit`",
            "counted": "what counts toward the target so far, in units of `unit`; a parent's "
            "holds its parts', those in another currency converted at each amount's date",
            "progress": "counted ÷ target, a fraction (0.5 is 50%)",
            "status": "not_started, in_progress, stalled, fulfilled, partially_fulfilled, "
            "broken, withdrawn or superseded",
            "overdue": "1 when the status is open and the deadline has passed",
            "due_soon": f"1 when open and due within {rules.DUE_SOON_DAYS} days",
            "parent_id": PARENT,
            "parent_uid": "the uid of the pledge it is a part of (as exports name it)",
        },
    },
    "pledges": {
        "description": "The pledges as recorded; their status is in `pledge_status`.",
        "columns": {
            "target_milli": f"the target, {MILLI}",
            "counts": "the stage that counts",
            "parent_id": PARENT,
        },
        "label_column": "title",
    },
    "updates": {
        "description": "What was reported later, with its evidence (`sources`).",
        "columns": {
            "amount_milli": f"the amount, {MILLI}",
            "stage": "committed, obligated, allocated, disbursed or delivered",
            "mode": "increment (adds) or total (a new running total)",
        },
    },
    "rates": {
        "description": "Exchange rates recorded with `pledgetrack rate add`, each with its source: "
        "one `base` was worth `rate` `counter` on `valid_on`. For that pair and day (either way "
        "round) they win over the ECB's reference rates when amounts are converted; the latest "
        "recorded for a pair and day is the one used.",
        "columns": {
            "base": "the currency of one unit (ISO 4217)",
            "counter": "the currency the rate is in (ISO 4217)",
            "rate": "what one base was worth in the counter currency, an exact decimal as text",
            "valid_on": "the day the rate is for",
            "source": "where the rate was published",
            "recorded_at": "when it was recorded",
        },
    },
    "pledge_recipients": {
        "description": "Who receives each pledge: a row per recipient (an actor).",
        "columns": {"position": "the recipient's place in the pledge's list, 1 first"},
    },
    "actors": {"description": "Governments and institutions.", "label_column": "name"},
    "events": {"description": "Meetings and summits.", "label_column": "name"},
    "sources": {"description": "The evidence of pledges and updates: URLs and citations."},
    "pledge_amounts": {"description": "Each pledge's target in units beside its thousandths."},
    "update_amounts": {"description": "Each update's amount in units beside its thousandths."},
}


def overdue_query() -> str:
    """The pledges overdue on `:as_of`, most overdue first, as `report --status overdue`."""
    return f"""SELECT p.id, p.title, a.name AS actor, st.status, st.days_overdue,
  st.counted_milli / 1000.0 AS counted, p.target_milli / 1000.0 AS target, p.unit,
  p.deadline_on AS deadline
FROM ({status_sql(":as_of", str(rules.DUE_SOON_DAYS))}) st
JOIN pledges p ON p.id = st.pledge_id JOIN actors a ON a.id = p.actor_id
WHERE st.overdue = 1
ORDER BY st.days_overdue DESC, p.id"""


QUERIES = {
    "fulfilment_by_actor": {
        "title": "Pledges by actor and status, as of today",
        "sql": "SELECT actor, status, count(*) AS pledges FROM pledge_status "
        "GROUP BY actor, status ORDER BY actor, status",
    },
    "fulfilment_by_tag": {
        "title": "Pledges by tag and status, as of today",
        "sql": "SELECT t.tag, s.status, count(*) AS pledges FROM pledge_tags t "
        "JOIN pledge_status s ON s.id = t.pledge_id GROUP BY t.tag, s.status "
        "ORDER BY t.tag, s.status",
    },
    "fulfilment_by_recipient": {
        "title": "Pledges by recipient and status, as of today (a pledge to several recipients "
        "counts under each)",
        "sql": "SELECT a.name AS recipient, s.status, count(*) AS pledges FROM pledge_recipients r "
        "JOIN actors a ON a.id = r.actor_id JOIN pledge_status s ON s.id = r.pledge_id "
        "GROUP BY a.name, s.status ORDER BY a.name, s.status",
    },
    "timeline": {
        "title": "A pledge's timeline",
        "sql": "SELECT u.happened_on, u.stage, u.mode, u.amount_milli / 1000.0 AS amount, u.unit, "
        "u.verdict, u.note FROM updates u WHERE u.pledge_id = :pledge_id "
        f"ORDER BY {FOLD_ORDER}",
    },
}


def metadata(
    database: str, *, title: str, licence: str | None, source: str | None
) -> dict[str, Any]:
    """Datasette's metadata for a published ledger named `database`."""
    tables: dict[str, Any] = {name: dict(info) for name, info in TABLES.items()}
    tables.update({name: {"hidden": True} for name in HIDDEN})
    queries = {
        "overdue": {"title": "Overdue on a date (as_of: YYYY-MM-DD)", "sql": overdue_query()}
    }
    queries.update(QUERIES)
    document: dict[str, Any] = {
        "title": title,
        "databases": {database: {"tables": tables, "queries": queries}},
    }
    if licence:
        document["license"] = licence
    if source:
        document["source"] = source
    return document
