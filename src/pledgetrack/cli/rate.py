"""`pledgetrack rate add` and `rate list`: the sourced exchange rates a user records, which win
over the ECB's for their pair and day (docs/currencies.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgetrack.cli.commands import OneValueOnce
from pledgetrack.cli.options import Format
from pledgetrack.cli.output import deliver, message
from pledgetrack.cli.session import now, session, today

app = typer.Typer(
    name="rate",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def rate() -> None:
    """Record and list exchange rates of your own, with their source; for their pair and day
    they win over the ECB's reference rates in `report --in` and `summary --in`, and in the
    progress of a pledge recorded in another currency.

    Example: pledgetrack rate add USD 17.05 MXN --on 2024-03-01 --source https://example.org/fx
    """


@app.command("add", cls=OneValueOnce)
def add(
    ctx: typer.Context,
    base: Annotated[
        str,
        typer.Argument(metavar="CUR", help="The currency of one unit: USD in 1 USD = 17.05 MXN."),
    ],
    value: Annotated[str, typer.Argument(metavar="RATE", help="What it is worth: 17.05.")],
    counter: Annotated[str, typer.Argument(metavar="CUR2", help="In which currency: MXN.")],
    on: Annotated[
        str | None, typer.Option("--on", help="The day the rate is for (ISO date).", metavar="DATE")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Where the rate was published (required).", metavar="URL"),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Anything worth keeping.")] = None,
) -> None:
    """Record that one CUR was worth RATE CUR2 on a day, with its source. The latest rate
    recorded for a pair and day is the one used, either way round (MXN to USD too); pledges
    with progress in either currency are counted again at once.

    Example: pledgetrack rate add USD 17.05 MXN --on 2024-03-01 --source https://example.org/fx
    """
    from pledgetrack.services.rates import RateText, parse_new_rate, record_rate

    typed = RateText(base=base, rate=value, counter=counter, on=on, source=source, note=note)
    rate = parse_new_rate(typed, today=today(), now=now())
    ledger = session(ctx).open(write=True)
    with ledger, ledger.write():  # the id reaches stdout, or the rate is not recorded
        recorded = record_rate(ledger, rate)
        deliver(str(recorded.rate.id))
    message(f"Recorded rate {recorded.rate.id}: {recorded.rate.text()} on {rate.on}.")
    if recorded.replaced is not None:
        old = recorded.replaced
        message(f"It replaces rate {old.id} ({old.text()}) for that pair and day.")
    if recorded.refolded:
        ids = ", ".join(str(i) for i in recorded.refolded)
        plural = "s" if len(recorded.refolded) > 1 else ""
        message(f"Counted the progress of pledge{plural} {ids} again.")


@app.command("list", cls=OneValueOnce)
def list_rates(ctx: typer.Context, fmt: Format = "table") -> None:
    """List the rates recorded, by day and pair; a rate replaced by a later one for the same
    pair and day says so.

    Example: pledgetrack rate list --format csv
    """
    from pledgetrack.cli.formatters import formatter_for
    from pledgetrack.services.rates import list_rates as listed

    formatter = formatter_for(fmt)
    with session(ctx).open() as ledger:
        rows = listed(ledger)
    formatter.rates(rows)
