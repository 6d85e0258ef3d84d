"""`pledgetrack update`: record progress, a verdict, a note or evidence for a pledge."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli import completion
from pledgetrack.cli.options import PledgeId, Sources, StageOf, read_sources
from pledgetrack.cli.output import message
from pledgetrack.cli.session import now, session, today


def update(
    ctx: typer.Context,
    pledge_id: PledgeId,
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (ISO date; default today).")
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="An increment: '500 million USD', '-10 visas'.")
    ] = None,
    total: Annotated[
        str | None, typer.Option("--total", help="A new running total at the stage.")
    ] = None,
    stage: StageOf = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="A verdict: in_progress, stalled, fulfilled, partially_fulfilled, broken, "
            "withdrawn, superseded.",
            autocompletion=completion.verdicts,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What happened, or why.")] = None,
    source: Sources = None,
    quote: Annotated[str | None, typer.Option("--quote", help="The words of the evidence.")] = None,
    void: Annotated[
        str | None,
        typer.Option(
            "--void",
            help="Void update N (its number in `show`, or its uid), recorded by mistake; "
            "give --note saying why. It then counts nowhere.",
            metavar="N",
        ),
    ] = None,
) -> None:
    """Record progress or a verdict for a pledge, or void an update recorded by mistake.

    Example: pledgetrack update 1 --on 2023-03-01 --amount '500 million USD' --stage disbursed
    --source https://example.org/report
    pledgetrack update 1 --void 4 --note 'the ministry reported it twice'
    """
    from pledgetrack.services.pledges import (
        get_pledge,
        record_update,
        uncounted_in_parent,
        void_update,
    )
    from pledgetrack.services.update_intake import UpdateText

    if void is not None:
        given = [name for name, value in (("--on", on), ("--amount", amount), ("--total", total),
                 ("--stage", stage), ("--status", status), ("--source", source),
                 ("--quote", quote)) if value]  # fmt: skip
        if given:
            from pledgetrack.errors import InputError

            raise InputError(f"--void records only why (--note); not {', '.join(given)}")
        with session(ctx).open(write=True) as ledger:
            voided = void_update(ledger, pledge_id, void, note, now=now())
        message(f"Voided update {voided} of pledge {pledge_id}; it counts nowhere now.")
        return

    typed = UpdateText(
        on=on, amount=amount, total=total, stage=stage, verdict=status, note=note, quote=quote,
        sources=read_sources(source),
    )  # fmt: skip
    from pledgetrack.services.rates import update_conversion

    with session(ctx).open(write=True) as ledger:
        update_id = record_update(ledger, pledge_id, typed, today=today(), now=now())
        conversion = update_conversion(ledger, update_id)
        left_out = uncounted_in_parent(ledger, get_pledge(ledger, pledge_id), on_update=True)
    message(f"Recorded update {update_id} for pledge {pledge_id}.")
    if conversion is not None:
        message(f"It counts converted: {conversion.text()}.")
    if left_out is not None:
        message(left_out)
