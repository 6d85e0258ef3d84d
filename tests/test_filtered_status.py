"""Filters are applied in SQL before the status is computed (a report of overdue pledges only
computes the status of pledges whose deadline has passed). Whatever the shortcut, a filtered
report must hold exactly the pledges of the unfiltered report that match: checked here for every
status filter, on each side of every deadline in the scenario of test_report.py."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pledgetrack.domain.filters import STATUS_FILTERS, PledgeFilter
from pledgetrack.domain.model import PledgeState
from pledgetrack.services.pledge_views import search_pledges
from pledgetrack.services.reports import build_report, build_summary
from pledgetrack.storage.ledger import open_ledger
from pledgetrack.storage.status import count_matching, pledge_states
from test_report import built, scenario  # noqa: F401  (fixtures)

FINAL = {"fulfilled", "partially_fulfilled", "broken", "withdrawn", "superseded"}
OPEN = {"not_started", "in_progress", "stalled"}
DEADLINES = [date(2024, 3, 31), date(2024, 6, 30), date(2025, 9, 30), date(2026, 12, 31)]
AS_OF = sorted({d + timedelta(days=k) for d in DEADLINES for k in (-31, -30, -1, 0, 1)})


def matches(state: PledgeState, wanted: str) -> bool:
    if wanted == "overdue":
        return state.overdue
    if wanted == "due_soon":
        return state.due_soon
    if wanted == "open":
        return state.status.value in OPEN
    if wanted == "final":
        return state.status.value in FINAL
    return state.status.value == wanted


@pytest.mark.usefixtures("scenario")
@pytest.mark.parametrize("within", [0, 30])
def test_each_status_filter_keeps_exactly_the_matching_pledges(
    ledger_path: Path, within: int
) -> None:
    with open_ledger(ledger_path) as ledger:
        for as_of in AS_OF:
            everything = list(
                pledge_states(ledger.db, PledgeFilter(as_of=as_of, within_days=within))
            )
            assert everything, as_of
            for wanted in [*STATUS_FILTERS, ("overdue", "due_soon"), ("overdue", "fulfilled")]:
                statuses = wanted if isinstance(wanted, tuple) else (wanted,)
                expected = [s.pledge.id for s in everything if any(matches(s, w) for w in statuses)]
                chosen = PledgeFilter(as_of=as_of, within_days=within, statuses=statuses)
                got = [s.pledge.id for s in pledge_states(ledger.db, chosen)]
                assert sorted(got) == sorted(expected), (as_of, statuses)
                assert count_matching(ledger.db, chosen) == len(expected)
                report = build_report(ledger, chosen)
                assert report.tally.pledges == len(expected), (as_of, statuses)


@pytest.mark.usefixtures("scenario")
def test_a_limited_report_shows_the_first_pledges_of_the_full_order(ledger_path: Path) -> None:
    as_of = date(2025, 10, 1)
    with open_ledger(ledger_path) as ledger:
        for sort in ("overdue", "due", "progress", "actor", "announced", "id"):
            full = build_report(ledger, PledgeFilter(as_of=as_of, sort=sort))
            cut = build_report(ledger, PledgeFilter(as_of=as_of, sort=sort, limit=2))
            assert [s.pledge.id for s in cut.states] == [s.pledge.id for s in full.states][:2]
            assert cut.tally == full.tally  # the tally counts every pledge, not those shown


@pytest.mark.usefixtures("scenario")
def test_filters_on_the_pledge_and_on_its_status_combine(ledger_path: Path) -> None:
    as_of = date(2024, 6, 15)
    flags = ("overdue", "due_soon")
    with open_ledger(ledger_path) as ledger:
        everything = list(pledge_states(ledger.db, PledgeFilter(as_of=as_of)))
        mexico = {s.pledge.id for s in everything if s.pledge.actor == "Mexico"}
        flagged = {s.pledge.id for s in everything if s.overdue or s.due_soon}
        assert mexico & flagged and flagged - mexico  # the scenario makes both non-trivial
        chosen = PledgeFilter(as_of=as_of, actors=("mexico",), statuses=flags)
        assert {s.pledge.id for s in pledge_states(ledger.db, chosen)} == mexico & flagged
        by_tag = build_summary(ledger, PledgeFilter(as_of=as_of, statuses=flags), "tag")
        assert by_tag.overall.pledges == len(flagged)


@pytest.mark.usefixtures("scenario")
@pytest.mark.parametrize("setting", [0, 1, 2])  # default, file, memory
def test_a_report_leaves_the_connection_as_it_found_it(ledger_path: Path, setting: int) -> None:
    overdue = PledgeFilter(as_of=date(2024, 7, 1), statuses=("overdue",))
    with open_ledger(ledger_path, readonly=False) as ledger:
        db = ledger.db
        db.execute(f"PRAGMA temp_store = {setting}")
        db.execute("CREATE TEMP TABLE status_snapshot (left_behind INTEGER)")  # by a crash, say
        assert build_report(ledger, overdue).tally.pledges == 2
        build_summary(ledger, PledgeFilter(as_of=date(2024, 7, 1)), "tag")
        assert db.execute("PRAGMA temp_store").fetchone()[0] == setting
        assert db.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
        with ledger.write():  # inside a transaction SQLite cannot switch where temp tables live
            assert build_report(ledger, overdue).tally.pledges == 2
        assert db.execute("PRAGMA temp_store").fetchone()[0] == setting


@pytest.mark.usefixtures("scenario")
def test_search_filters_and_limits_like_the_report(ledger_path: Path) -> None:
    as_of = date(2024, 7, 1)
    with open_ledger(ledger_path) as ledger:
        found = list(search_pledges(ledger, "ports", PledgeFilter(as_of=as_of)))
        assert len(found) == 2  # "Reopen the ports" and the long title about ports of entry
        overdue = [s.pledge.id for s in found if s.overdue]
        chosen = PledgeFilter(as_of=as_of, statuses=("overdue",), sort="id", limit=1)
        assert [s.pledge.id for s in search_pledges(ledger, "ports", chosen)] == overdue[:1]
        mexico = PledgeFilter(as_of=as_of, actors=("Mexico",), statuses=("overdue",))
        assert {s.pledge.id for s in search_pledges(ledger, "ports", mexico)} == set(overdue)
