"""Full-text search over pledges, updates and sources, through the FTS5 indexes of migration 2.

The user's words are quoted with sqlite-utils' `quote_fts`, so `U.S.`, `fact-sheet`, `NOT` or a
stray `"` are searched as written, never read as query syntax.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlite_utils import Database

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.domain.model import PledgeState
from pledgetrack.storage.selection import pledge_states

MATCHING_PLEDGES = """
SELECT rowid FROM pledges_fts WHERE pledges_fts MATCH :fts
UNION SELECT u.pledge_id FROM updates u
  WHERE u.id IN (SELECT rowid FROM updates_fts WHERE updates_fts MATCH :fts)
UNION SELECT COALESCE(s.pledge_id, u.pledge_id) FROM sources s
  LEFT JOIN updates u ON u.id = s.update_id
  WHERE s.id IN (SELECT rowid FROM sources_fts WHERE sources_fts MATCH :fts)
"""


def search_states(db: Database, text: str, pledge_filter: PledgeFilter) -> Iterator[PledgeState]:
    """Pledges whose title, wording, notes (their own or their updates') or sources match."""
    query = db.quote_fts(text)
    if not query.strip():
        return iter(())
    return pledge_states(
        db, pledge_filter, restrict=MATCHING_PLEDGES, restrict_params={"fts": query}
    )
