"""`pledgetrack methodology`: the status rules (docs/rules.md) in plain words."""

from __future__ import annotations


def methodology() -> None:
    """Print the rules that decide each pledge's status and flags, as of a date.

    Example: pledgetrack methodology
    """
    from pledgetrack.cli.output import emit_text
    from pledgetrack.domain.methodology import METHODOLOGY

    emit_text(METHODOLOGY)
