"""`pledgetrack add`: record a pledge, echoing how its target and deadline were read."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli import completion
from pledgetrack.cli.options import (
    Counts,
    FiscalNamed,
    FiscalStart,
    PartOf,
    Recipients,
    Sources,
    read_fiscal_named,
    read_fiscal_start,
    read_sources,
)
from pledgetrack.cli.output import deliver, message
from pledgetrack.cli.session import now, session, today


def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="A short title for the pledge.")],
    by: Annotated[
        str, typer.Option("--by", help="Who pledges (an actor).", autocompletion=completion.actors)
    ],
    to: Recipients = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="How much: '$1.5 billion', 'EUR 675m', '20,000 refugees'."),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="Deadline phrase: 2024-09-30, FY2024, 'between 2022 and 2024'."),
    ] = None,
    announced: Annotated[
        str | None, typer.Option("--announced", help="When it was announced (ISO date).")
    ] = None,
    event: Annotated[str | None, typer.Option("--event", help="The meeting or summit.")] = None,
    event_on: Annotated[
        str | None, typer.Option("--event-on", help="When the event was held.", metavar="DATE")
    ] = None,
    event_place: Annotated[
        str | None, typer.Option("--event-place", help="Where the event was held.")
    ] = None,
    source: Sources = None,
    quote: Annotated[
        str | None, typer.Option("--quote", help="The wording as quoted in the source.")
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="A tag (repeatable).", autocompletion=completion.tags),
    ] = None,
    counts: Counts = None,
    part_of: PartOf = None,
    note: Annotated[str | None, typer.Option("--note", help="Anything worth keeping.")] = None,
    fiscal_start: FiscalStart = None,
    fiscal_named: FiscalNamed = None,
) -> None:
    """Record a pledge.

    Example: pledgetrack add "Invest in border infrastructure" --by Mexico --to "United States"
    --target '$1.5 billion' --due 'between 2022 and 2024' --announced 2022-07-12
    --source https://example.org/statement --tag border

    Several recipients: pledgetrack add "Offer H-2B visas" --by "United States"
    --to "Northern Central America" --to Haiti --target "22,500 visas"

    A tranche or component of a pledge already recorded: pledgetrack add "Grants" --by EU
    --target 'EUR 600 million' --part-of 4
    """
    from pledgetrack.domain.amount_reader import read_amount
    from pledgetrack.domain.amounts import describe_reading, target_reading
    from pledgetrack.domain.deadlines import describe_deadline
    from pledgetrack.domain.home_currencies import currency_note
    from pledgetrack.services.intake import PledgeText, parse_new_pledge
    from pledgetrack.services.parts import parse_part_of
    from pledgetrack.services.pledges import get_pledge, record_pledge, uncounted_in_parent

    start = read_fiscal_start(fiscal_start)
    typed = PledgeText(
        title=title, actor=by, recipients=tuple(to or ()), target=target, due=due,
        announced=announced, event=event, event_on=event_on, event_place=event_place, quote=quote,
        note=note, counts=counts, tags=tuple(tag or ()), sources=read_sources(source),
        fiscal_start=start,
        fiscal_named_by_start=read_fiscal_named(fiscal_named),
    )  # fmt: skip
    new = parse_new_pledge(typed, today=today())
    parent_id = parse_part_of(part_of, detach=False) if part_of is not None else None
    ledger = session(ctx).open(create=True, write=True)
    with ledger, ledger.write():  # the id reaches stdout, or the pledge is not recorded
        pledge_id = record_pledge(ledger, new, today=today(), now=now(), part_of=parent_id)
        left_out = uncounted_in_parent(ledger, get_pledge(ledger, pledge_id))
        deliver(str(pledge_id))
    if new.target is not None and target is not None:
        reading = target_reading(new)
        assert reading is not None
        message(f"read target as {describe_reading(reading)}")
        note = currency_note(read_amount(target), by)
        if note is not None:
            message(note)
    if new.deadline is not None:
        message(
            "due "
            + describe_deadline(new.deadline, fiscal_start=start, announced_on=new.announced_on)
        )
    if parent_id is not None:
        message(f"part of pledge {parent_id}")
    if left_out is not None:
        message(left_out)
    message(f"Added pledge {pledge_id}.")
