"""`pledgetrack check`: the integrity and consistency of the ledger, one finding a line."""

from __future__ import annotations

import sys

import typer

from pledgetrack.cli.output import message
from pledgetrack.cli.session import session
from pledgetrack.errors import LedgerError


def check(ctx: typer.Context) -> None:
    """Check the ledger: SQLite's integrity and foreign keys, then each pledge's updates
    (running totals that go down, updates dated before the announcement, amounts in another
    unit than the target), then parts whose targets add up to more than their parent's. Exits
    1 when anything is found.

    Example: pledgetrack check
    """
    from pledgetrack.domain.text import clean_line
    from pledgetrack.services.checks import check_ledger

    with session(ctx).open() as ledger:
        result = check_ledger(ledger)
    for problem in result.problems:
        where = "ledger" if problem.pledge_id is None else f"pledge {problem.pledge_id}"
        sys.stdout.write(f"{where}: {clean_line(problem.text)}\n")
    sys.stdout.flush()
    found = len(result.problems)
    if found:
        raise LedgerError(f"{found} problem{'s' if found != 1 else ''} found")
    message(f"No problems found ({result.pledges} pledges, {result.updates} updates checked).")
