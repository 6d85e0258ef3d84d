"""`pledgetrack delete`: remove a pledge and everything recorded about it."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pledgetrack.cli.options import PledgeId
from pledgetrack.cli.output import message
from pledgetrack.cli.session import now, session
from pledgetrack.domain.text import clean_line
from pledgetrack.errors import InputError


def delete(
    ctx: typer.Context,
    pledge_id: PledgeId,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a pledge with its updates, sources and history (asks first on a terminal).

    Example: pledgetrack delete 3 --yes

    The parts of a deleted pledge are kept: each then stands on its own.
    """
    from pledgetrack.services.pledges import delete_pledge, get_pledge, part_ids

    with session(ctx).open(write=True) as ledger:
        pledge = get_pledge(ledger, pledge_id)
        parts = part_ids(ledger, pledge_id)
        if not yes:
            if not sys.stdin.isatty():
                raise InputError(f"deleting pledge {pledge_id} needs --yes when not on a terminal")
            kept = f" Its parts ({_ids(parts)}) will stand on their own." if parts else ""
            if not typer.confirm(f"Delete pledge {pledge_id}, '{clean_line(pledge.title)}'?{kept}"):
                message("Nothing deleted.")
                return
        _, parts = delete_pledge(ledger, pledge_id, now=now())
    if len(parts) == 1:
        message(f"Pledge {parts[0]}, its part, now stands on its own.")
    elif parts:
        message(f"Pledges {_ids(parts)}, its parts, now stand on their own.")
    message(f"Deleted pledge {pledge_id}.")


def _ids(ids: list[int]) -> str:
    return ", ".join(map(str, ids))
