"""`pledgetrack list`: one pledge a line, with its counted progress and status."""

from __future__ import annotations

import typer

from pledgetrack.cli.options import (
    Actor,
    AsOf,
    DueAfter,
    DueBefore,
    EventFilter,
    Format,
    Limit,
    Recipient,
    Sort,
    StatusFilter,
    TagFilter,
    build_filter,
    read_format,
)
from pledgetrack.cli.session import session


def list_pledges(
    ctx: typer.Context,
    as_of: AsOf = None,
    actor: Actor = None,
    to: Recipient = None,
    event: EventFilter = None,
    tag: TagFilter = None,
    status: StatusFilter = None,
    due_before: DueBefore = None,
    due_after: DueAfter = None,
    sort: Sort = None,
    limit: Limit = None,
    fmt: Format = "table",
) -> None:
    """List pledges, one a line (by id unless --sort says otherwise).

    Example: pledgetrack list --actor Mexico --format json
    """
    from pledgetrack.cli.render import output_pledges
    from pledgetrack.services.pledges import list_pledges as select

    fmt = read_format(fmt)
    pledge_filter = build_filter(
        as_of=as_of, actor=actor, to=to, event=event, tag=tag, status=status,
        due_before=due_before, due_after=due_after, sort=sort, default_sort="id", limit=limit,
    )  # fmt: skip
    with session(ctx).open() as ledger:
        states = select(ledger, pledge_filter)
    output_pledges(states, fmt)
