"""`pledgetrack search`: full-text search over titles, wording, notes and sources."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli.options import (
    Actor,
    AsOf,
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


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for.")],
    as_of: AsOf = None,
    actor: Actor = None,
    to: Recipient = None,
    event: EventFilter = None,
    tag: TagFilter = None,
    status: StatusFilter = None,
    sort: Sort = None,
    limit: Limit = None,
    fmt: Format = "table",
) -> None:
    """Find pledges by the words of their title, wording (quote), notes and sources, including
    the notes and sources of their updates. Every word must appear; punctuation is taken as
    written (U.S., fact-sheet), and accents are ignored.

    Example: pledgetrack search "H-2B visas" --status open
    """
    from pledgetrack.cli.render import output_pledges
    from pledgetrack.services.pledges import search_pledges

    fmt = read_format(fmt)
    pledge_filter = build_filter(
        as_of=as_of, actor=actor, to=to, event=event, tag=tag, status=status, sort=sort,
        default_sort="id", limit=limit,
    )  # fmt: skip
    with session(ctx).open() as ledger:
        states = search_pledges(ledger, text, pledge_filter)
    output_pledges(states, fmt)
