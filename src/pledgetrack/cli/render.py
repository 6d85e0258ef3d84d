"""The texts and styles of a pledge's state shared by the Rich views. Functions here build and
return; `output.emit` prints."""

from __future__ import annotations

from decimal import Decimal

from pledgetrack.domain.amounts import format_amount
from pledgetrack.domain.model import Amount, PledgeState, Status

STATUS_STYLES = {
    Status.FULFILLED: "green",
    Status.PARTIALLY_FULFILLED: "cyan",
    Status.BROKEN: "red",
    Status.WITHDRAWN: "dim",
    Status.SUPERSEDED: "dim",
    Status.STALLED: "yellow",
    Status.IN_PROGRESS: "",
    Status.NOT_STARTED: "",
}


def status_style(state: PledgeState) -> str:
    """Green fulfilled, red overdue or broken, yellow due soon or stalled, dim withdrawn."""
    if state.overdue:
        return "red"
    if state.due_soon:
        return "yellow"
    return STATUS_STYLES[state.status]


def status_label(state: PledgeState) -> str:
    """The status with its flags, e.g. `in_progress, overdue` or `fulfilled (late)`."""
    label = state.status.value
    flags = [name for name, on in (("overdue", state.overdue), ("due soon", state.due_soon)) if on]
    if state.late:
        label += " (late)"
    if state.conflict:
        flags.append("conflict")
    return ", ".join([label, *flags])


def amount_text(amount: Amount | None) -> str:
    """An amount for people, e.g. `USD 1,500,000,000`; empty for none."""
    return format_amount(amount) if amount is not None else ""


def counted_text(state: PledgeState) -> str:
    """The counted amount in the target's unit."""
    target = state.pledge.target
    if target is None or state.counted is None:
        return ""
    return format_amount(Amount(state.counted, target.unit, target.kind))


def percent_text(progress: Decimal | None) -> str:
    """Progress as a whole percentage."""
    if progress is None:
        return ""
    return f"{(progress * 100).quantize(Decimal(1))}%"
