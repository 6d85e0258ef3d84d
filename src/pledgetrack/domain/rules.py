"""The numbers and sets the status rules read, written once (docs/rules.md).

The SQL that applies the rules (storage/status.py), the text of `pledgetrack methodology`, the
option defaults and the filters are all derived from these. Pure: imports only the model.
"""

from __future__ import annotations

from fractions import Fraction

from pledgetrack.domain.model import Kind, Stage, Status, Verdict

# Statuses in the order the rules try them, as `report` and `summary` list them.
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.STALLED)
FINAL_VERDICTS = (
    Verdict.FULFILLED,
    Verdict.PARTIALLY_FULFILLED,
    Verdict.BROKEN,
    Verdict.WITHDRAWN,
    Verdict.SUPERSEDED,
)
FINAL_STATUSES = tuple(Status(v.value) for v in FINAL_VERDICTS)
# Final verdicts that also need a note saying why.
VERDICTS_NEEDING_A_NOTE = (Verdict.PARTIALLY_FULFILLED, Verdict.BROKEN, Verdict.WITHDRAWN)
# Statuses left out of the kept rate's denominator: the pledge no longer stands.
GONE_STATUSES = (Status.WITHDRAWN, Status.SUPERSEDED)

STALE_DAYS = 180
"""A pledge whose latest update is more than this many days before the as-of date is stalled."""

DUE_SOON_DAYS = 30
"""An open pledge is due soon when its deadline is this many days ahead or fewer (`--within`)."""

# A recorded verdict conflicts with the numbers when progress (counted / target) is:
APPROXIMATE_REACHED = Fraction(19, 20)  # `about 5,000`: reached at 95% of the number
CONFLICT_FULFILLED_BELOW = Fraction(9, 10)  # `fulfilled` below this
CONFLICT_BROKEN_FROM = Fraction(1, 2)  # `broken` at or above this
CONFLICT_PARTIAL_FROM = Fraction(1)  # `partially_fulfilled` at or above this


def is_final(verdict: Verdict) -> bool:
    """Whether a verdict settles the pledge (and so needs a source)."""
    return verdict in FINAL_VERDICTS


def is_open(status: Status) -> bool:
    """Whether a status can still change by progress: not started, in progress or stalled."""
    return status in OPEN_STATUSES


def needs_note(verdict: Verdict) -> bool:
    """Whether a verdict needs a note saying why."""
    return verdict in VERDICTS_NEEDING_A_NOTE


def default_stage(kind: Kind) -> Stage:
    """The stage that counts toward fulfilment unless the pledge names another (`--counts`)."""
    return Stage.DISBURSED if kind is Kind.MONEY else Stage.DELIVERED


def percent(share: Fraction) -> str:
    """A threshold as people read it: Fraction(9, 10) -> `90%`."""
    return f"{share * 100}%"
