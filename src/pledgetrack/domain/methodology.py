"""The rules of DESIGN §3 in plain words, as `pledgetrack methodology` prints them.

Built from the same constants the rules use (stages, verdicts, thresholds); pure text, no I/O.
The SQL that applies these rules is storage/status.py; a change to one must change the other.
"""

from __future__ import annotations

from pledgetrack.domain.model import Stage, Verdict

STALE_DAYS = 180
DUE_SOON_DAYS = 30

_STAGES = ", ".join(s.value for s in Stage)
_FINAL = ", ".join(v.value for v in Verdict if v.is_final)

METHODOLOGY = f"""\
How pledgetrack decides a pledge's status as of a date A (--as-of, default today)

Only what happened on or before A counts: updates dated after A are ignored, and pledges
announced after A are not shown at all.

Progress
  Stages, in order: {_STAGES}.
  Each pledge counts one stage toward its target: disbursed for money, delivered for
  quantities, unless the pledge says otherwise (--counts). "Counted" is the sum of the
  increments recorded at that stage, or the latest running total recorded there plus the
  increments after it. Amounts at the other stages are shown beside it, never added to it.
  Progress = counted / target. Action pledges have no number, so no progress.

Verdicts
  A user may record: in_progress, stalled, and the final verdicts {_FINAL}.
  A final verdict needs a source; partially_fulfilled, broken and withdrawn also need a
  note saying why.

Status: the first rule that applies
  1. The latest verdict dated on or before A is final: the status is that verdict.
  2. The pledge has a target and counted >= target: fulfilled.
  3. The latest verdict is stalled, or the pledge has updates and the latest of them is more
     than {STALE_DAYS} days before A: stalled. A stalled verdict stays in force until later
     progress or another verdict is recorded.
  4. Any counted progress, any progress at another stage, or an in_progress verdict:
     in_progress.
  5. Otherwise: not_started.

Flags beside the status (D is the deadline; open statuses are not_started, in_progress and
stalled)
  overdue       the status is open and A is after D; days overdue = A - D.
  due soon      the status is open and D is 0 to {DUE_SOON_DAYS} days after A (--within changes it).
  late          the pledge is fulfilled, and the day the target was first reached (or, if it
                never was, the day of the fulfilled verdict) is after D.
  conflict      a recorded verdict disagrees with the numbers: fulfilled with progress below
                90%, broken with progress of 50% or more, partially_fulfilled with progress
                of 100% or more.

Kept rates (summary)
  kept          fulfilled / all pledges except withdrawn and superseded.
  of final      fulfilled / pledges with a final status.

A deadline written as a period (a month, a quarter, a fiscal year, "2022-2024") means its
last day. Datasette and sqlite-utils users see the same status, as of today, in the
pledge_status view of the ledger.
"""
