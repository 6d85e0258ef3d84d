"""`pledgetrack due`: how a deadline phrase is read (like taskwarrior's `task calc`)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pledgetrack.cli.options import FiscalNamed, FiscalStart, read_fiscal_named, read_fiscal_start
from pledgetrack.cli.output import emit_text


def due(
    phrase: Annotated[str, typer.Argument(help="A deadline phrase, e.g. 'FY2023-2024'.")],
    from_: Annotated[
        str | None,
        typer.Option("--from", help="The announced date relative phrases count from."),
    ] = None,
    fiscal_start: FiscalStart = None,
    fiscal_named: FiscalNamed = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text or json.", metavar="FORMAT")
    ] = "text",
) -> None:
    """Show how a deadline phrase is read: its date, precision and basis.

    Example: pledgetrack due 'FY2023-2024'       pledgetrack due '+18m' --from 2022-07-12
    pledgetrack due 'a finales de 2024' --format json
    """
    from pledgetrack.cli.options import read_date
    from pledgetrack.domain.choices import parse_choice
    from pledgetrack.domain.deadlines import describe_deadline, parse_deadline

    fmt = parse_choice(fmt, ("text", "json"), "unknown format '{text}'")
    announced_on = read_date(from_, default_today=False)
    start = read_fiscal_start(fiscal_start)
    deadline = parse_deadline(
        phrase,
        announced_on=announced_on,
        fiscal_start=start,
        fiscal_named_by_start=read_fiscal_named(fiscal_named),
        counted_from="--from",
    )
    if fmt == "json":
        from pledgetrack.formats.fields import deadline_fields
        from pledgetrack.formats.writers import writer_for

        record = deadline_fields(deadline, announced_on=announced_on, fiscal_start=start)
        writer_for("json").write_one(sys.stdout, tuple(record), record)
        return
    emit_text(describe_deadline(deadline, fiscal_start=start, announced_on=announced_on))
