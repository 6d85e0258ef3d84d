"""`pledgetrack edit`: change a pledge's fields; every change is kept in its history."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli import completion
from pledgetrack.cli.options import (
    FiscalNamed,
    FiscalStart,
    NewRecipients,
    PartOfOrNone,
    PledgeId,
    read_fiscal_named,
    read_fiscal_start,
)
from pledgetrack.cli.output import message
from pledgetrack.cli.session import now, session, today


def edit(
    ctx: typer.Context,
    pledge_id: PledgeId,
    title: Annotated[str | None, typer.Option("--title", help="A new title.")] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="A new pledging actor.", autocompletion=completion.actors),
    ] = None,
    to: NewRecipients = None,
    target: Annotated[str | None, typer.Option("--target", help="A new target amount.")] = None,
    due: Annotated[str | None, typer.Option("--due", help="A new deadline phrase.")] = None,
    announced: Annotated[
        str | None, typer.Option("--announced", help="A new announced date.")
    ] = None,
    event: Annotated[str | None, typer.Option("--event", help="A new event.")] = None,
    quote: Annotated[str | None, typer.Option("--quote", help="New quoted wording.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A new note.")] = None,
    counts: Annotated[
        str | None,
        typer.Option("--counts", help="A new counting stage.", autocompletion=completion.stages),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", help="Replace the tags (repeatable).", autocompletion=completion.tags
        ),
    ] = None,
    part_of: PartOfOrNone = None,
    fiscal_start: FiscalStart = None,
    fiscal_named: FiscalNamed = None,
) -> None:
    """Change fields of a pledge (the old values stay in its history).

    Example: pledgetrack edit 1 --title "Border infrastructure investment" --due 2025

    Recipients: pledgetrack edit 3 --to "Northern Central America" --to Haiti (the list is
    replaced); pledgetrack edit 3 --to none (no recipient)

    Make pledge 5 a part of pledge 4 (or of none again): pledgetrack edit 5 --part-of 4
    """
    from pledgetrack.services.intake import PledgeText
    from pledgetrack.services.pledges import edit_pledge, uncounted_in_parent

    edits = PledgeText(
        title=title, actor=by, recipients=tuple(to) if to is not None else None, target=target,
        due=due, announced=announced, event=event, quote=quote, note=note, counts=counts,
        tags=tuple(tag) if tag is not None else None, fiscal_start=read_fiscal_start(fiscal_start),
        fiscal_named_by_start=read_fiscal_named(fiscal_named), part_of=part_of,
    )  # fmt: skip
    with session(ctx).open(write=True) as ledger:
        edited = edit_pledge(ledger, pledge_id, edits, today=today(), now=now())
        left_out = uncounted_in_parent(ledger, edited)
    if left_out is not None:
        message(left_out)
    message(f"Updated pledge {pledge_id}.")
