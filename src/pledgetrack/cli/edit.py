"""`pledgetrack edit`: change a pledge's fields; every change is kept in its history."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli.options import FiscalStart, read_fiscal_start
from pledgetrack.cli.output import message
from pledgetrack.cli.session import now, session


def edit(
    ctx: typer.Context,
    pledge_id: Annotated[int, typer.Argument(metavar="ID", help="The pledge's id.")],
    title: Annotated[str | None, typer.Option("--title", help="A new title.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="A new pledging actor.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="A new recipient.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="A new target amount.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="A new deadline phrase.")] = None,
    announced: Annotated[
        str | None, typer.Option("--announced", help="A new announced date.")
    ] = None,
    event: Annotated[str | None, typer.Option("--event", help="A new event.")] = None,
    quote: Annotated[str | None, typer.Option("--quote", help="New quoted wording.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A new note.")] = None,
    counts: Annotated[str | None, typer.Option("--counts", help="A new counting stage.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Replace the tags (repeatable).")
    ] = None,
    fiscal_start: FiscalStart = None,
) -> None:
    """Change fields of a pledge (the old values stay in its history).

    Example: pledgetrack edit 1 --title "Border infrastructure investment" --due 2025
    """
    from pledgetrack.cli.options import read_date
    from pledgetrack.domain.amounts import parse_amount
    from pledgetrack.domain.deadlines import parse_deadline
    from pledgetrack.domain.model import parse_stage
    from pledgetrack.services.pledges import PledgeChanges, edit_pledge, get_pledge

    amount = parse_amount(target) if target is not None else None
    announced_on = read_date(announced, default_today=False)
    start = read_fiscal_start(fiscal_start)
    stage = parse_stage(counts) if counts else None
    with session(ctx).open(write=True) as ledger:
        current = get_pledge(ledger, pledge_id)
        deadline = None
        if due is not None:
            deadline = parse_deadline(
                due, announced_on=announced_on or current.announced_on, fiscal_start=start
            )
        changes = PledgeChanges(
            title=title, actor=by, recipient=to, target=amount, deadline=deadline,
            announced_on=announced_on, event=event, quote=quote, note=note, counts=stage,
            tags=tuple(tag) if tag is not None else None,
        )  # fmt: skip
        edit_pledge(ledger, pledge_id, changes, now=now())
    message(f"Updated pledge {pledge_id}.")
