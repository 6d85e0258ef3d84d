"""`pledgetrack delete`: remove a pledge and everything recorded about it."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pledgetrack.cli.options import PledgeId
from pledgetrack.cli.output import message
from pledgetrack.cli.session import session
from pledgetrack.domain.text import clean_line
from pledgetrack.errors import InputError


def delete(
    ctx: typer.Context,
    pledge_id: PledgeId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a pledge with its updates, sources and history (asks first on a terminal).

    Example: pledgetrack delete 3 --yes
    """
    from pledgetrack.services.pledges import delete_pledge, get_pledge

    with session(ctx).open(write=True) as ledger:
        pledge = get_pledge(ledger, pledge_id)
        if not yes:
            if not sys.stdin.isatty():
                raise InputError(f"deleting pledge {pledge_id} needs --yes when not on a terminal")
            if not typer.confirm(f"Delete pledge {pledge_id}, '{clean_line(pledge.title)}'?"):
                message("Nothing deleted.")
                return
        delete_pledge(ledger, pledge_id)
    message(f"Deleted pledge {pledge_id}.")
