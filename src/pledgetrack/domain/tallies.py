"""What a report and a summary hold: counts by status, flags and totals per unit over a set of
pledges, the kept rates derived from them (docs/rules.md#kept-rates), and the totals converted
into one currency with what could not be (docs/currencies.md). Pure values."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pledgetrack.domain import rules
from pledgetrack.domain.model import Amount, PledgeState, Status
from pledgetrack.domain.progress import LeftOut


@dataclass(frozen=True)
class UnitTotal:
    """What was pledged and what is counted in one currency or unit."""

    unit: str
    kind: str
    pledges: int
    pledged: Decimal
    counted: Decimal
    rate: str | None = None  # a level's totals stand apart: `MXN a month`

    @property
    def label(self) -> str:
        """The unit as people read it: `USD`, `visas`, `MXN a month`."""
        return f"{self.unit} a {self.rate}" if self.rate else self.unit

    @property
    def progress(self) -> Decimal | None:
        """Counted ÷ pledged, as a fraction."""
        return self.counted / self.pledged if self.pledged > 0 else None


@dataclass(frozen=True)
class NotConverted:
    """An amount with no rate into the report's currency: its pledge is left out of the
    converted totals."""

    pledge_id: int
    what: str  # "target" or "progress"
    amount: Amount
    on: date | None
    why: str


@dataclass(frozen=True)
class ConvertedTotals:
    """What was pledged and counted in money, converted into one currency (one total per rate:
    one-off amounts, and levels `a month` apart), and the amounts that could not be."""

    currency: str
    totals: tuple[UnitTotal, ...] = ()
    not_converted: tuple[NotConverted, ...] = ()

    @property
    def left_out(self) -> int:
        """How many pledges the converted totals leave out."""
        return len({item.pledge_id for item in self.not_converted})


@dataclass(frozen=True)
class ConversionNote:
    """How a report's amounts were converted: into which currency, by which rule, from which
    rates; `rate_date` is then, announced, as-of or the date."""

    currency: str
    rate_date: str
    rule: str
    sources: str


@dataclass(frozen=True)
class Tally:
    """Counts by status, flags and totals per unit over a set of pledges, each tree of a parent
    and its parts counted once; `parts` are those counted in their parent, not on their own; with
    a conversion, the money totals in one currency too."""

    pledges: int = 0
    by_status: dict[Status, int] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0
    totals: tuple[UnitTotal, ...] = ()
    parts: int = 0
    left_out: tuple[tuple[int, LeftOut], ...] = ()  # parts their parent does not count, and why:
    # in no total
    converted: ConvertedTotals | None = None

    @property
    def kept_rate(self) -> Decimal | None:
        """Fulfilled ÷ all pledges but withdrawn and superseded."""
        fulfilled = self.by_status.get(Status.FULFILLED, 0)
        gone = sum(self.by_status.get(status, 0) for status in rules.GONE_STATUSES)
        return _ratio(fulfilled, self.pledges - gone)

    @property
    def kept_rate_final(self) -> Decimal | None:
        """Fulfilled ÷ pledges with a final status."""
        fulfilled = self.by_status.get(Status.FULFILLED, 0)
        final = sum(n for status, n in self.by_status.items() if status in rules.FINAL_STATUSES)
        return _ratio(fulfilled, final)


@dataclass(frozen=True)
class Report:
    """The report: the pledges shown, and the tally of all the filter selects. Unless `flat`,
    each part shown follows its parent (when the parent is shown too), and the limit counted the
    pledges at the top; flat, each pledge is a row of its own in the filter's order."""

    states: list[PledgeState]
    tally: Tally
    as_of_text: str
    conversion: ConversionNote | None = None
    flat: bool = False

    def is_under_parent(self, state: PledgeState) -> bool:
        """Whether this pledge is shown under its parent (indented, and counted in it)."""
        return not self.flat and state.pledge.parent_id in self.parent_ids

    @functools.cached_property
    def parent_ids(self) -> frozenset[int]:
        """The ids of the pledges shown that may have parts under them."""
        return frozenset(s.pledge.id for s in self.states if s.pledge.parent_id is None)

    @property
    def shown(self) -> int:
        """How many rows the limit counted: the pledges at the top, or, flat, every row."""
        return len(self.states) - (0 if self.flat else sum(map(self.is_under_parent, self.states)))

    @property
    def selected(self) -> int:
        """How many rows there would be without the limit, counted as `shown` counts them."""
        return self.tally.pledges + (self.tally.parts if self.flat else 0)


@dataclass(frozen=True)
class SummaryGroup:
    """One line of a summary: a group's name and its tally."""

    name: str
    tally: Tally


@dataclass(frozen=True)
class Summary:
    """Scorecards, one per group, and the tally of everything selected."""

    by: str
    groups: list[SummaryGroup]
    overall: Tally
    conversion: ConversionNote | None = None

    @property
    def overlapping(self) -> bool:
        """Whether a pledge is in more than one group (one with several recipients or tags): the
        groups then add up to more than the overall tally, which counts each pledge once."""
        return sum(group.tally.pledges for group in self.groups) > self.overall.pledges


def _ratio(part: int, whole: int) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole > 0 else None
