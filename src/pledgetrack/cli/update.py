"""`pledgetrack update`: record progress, a verdict, a note or evidence for a pledge."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli.options import Sources, read_date, read_sources
from pledgetrack.cli.output import message
from pledgetrack.cli.session import now, session


def update(
    ctx: typer.Context,
    pledge_id: Annotated[int, typer.Argument(metavar="ID", help="The pledge's id.")],
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (ISO date; default today).")
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="An increment: '500 million USD', '-10 visas'.")
    ] = None,
    total: Annotated[
        str | None, typer.Option("--total", help="A new running total at the stage.")
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="committed, obligated, allocated, disbursed or delivered."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="A verdict: in_progress, stalled, fulfilled, partially_fulfilled, broken, "
            "withdrawn, superseded.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What happened, or why.")] = None,
    source: Sources = None,
    quote: Annotated[str | None, typer.Option("--quote", help="The words of the evidence.")] = None,
) -> None:
    """Record progress or a verdict for a pledge.

    Example: pledgetrack update 1 --on 2023-03-01 --amount '500 million USD' --stage disbursed
    --source https://example.org/report
    """
    from pledgetrack.domain.amounts import parse_amount
    from pledgetrack.domain.model import Mode, NewUpdate, parse_stage, parse_verdict
    from pledgetrack.errors import InputError
    from pledgetrack.services.pledges import get_pledge, record_update

    if amount is not None and total is not None:
        raise InputError("give --amount (an increment) or --total (a running total), not both")
    if stage is not None and amount is None and total is None:
        raise InputError("--stage goes with --amount or --total")
    happened_on = read_date(on)
    assert happened_on is not None
    stage_value = parse_stage(stage) if stage else None
    verdict = parse_verdict(status) if status else None
    typed = amount if amount is not None else total
    with session(ctx).open(write=True) as ledger:
        pledge = get_pledge(ledger, pledge_id)
        default_unit = pledge.target.unit if pledge.target else None
        value = (
            parse_amount(typed, allow_negative=amount is not None, default_unit=default_unit)
            if typed is not None
            else None
        )
        new = NewUpdate(
            happened_on=happened_on,
            stage=stage_value,
            amount=value,
            mode=(Mode.INCREMENT if amount is not None else Mode.TOTAL) if value else None,
            verdict=verdict,
            note=note,
            quote=quote,
            sources=read_sources(source),
        )
        update_id = record_update(ledger, pledge_id, new, now=now())
    message(f"Recorded update {update_id} for pledge {pledge_id}.")
