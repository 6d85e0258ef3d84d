"""`pledgetrack amount`: how an amount is read — its figure, unit, qualifier, range and rate."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pledgetrack.cli.output import emit_text


def amount(
    text: Annotated[str, typer.Argument(help="An amount, e.g. 'up to €50 billion a year'.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text or json.", metavar="FORMAT")
    ] = "text",
) -> None:
    """Show how an amount is read: its figure and unit, qualifier, range and rate.

    Example: pledgetrack amount 'up to €50 billion a year'
    pledgetrack amount 'entre 10 y 20 millones de dólares' --format json
    """
    from pledgetrack.domain.amount_reader import read_amount
    from pledgetrack.domain.amounts import describe_reading
    from pledgetrack.domain.choices import parse_choice

    fmt = parse_choice(fmt, ("text", "json"), "unknown format '{text}'")
    reading = read_amount(text)
    if fmt == "json":
        from pledgetrack.formats.fields import amount_fields
        from pledgetrack.formats.writers import writer_for

        record = amount_fields(reading)
        writer_for("json").write_one(sys.stdout, tuple(record), record)
        return
    emit_text(describe_reading(reading))
