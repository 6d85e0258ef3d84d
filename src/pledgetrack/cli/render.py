"""The texts and styles of a pledge's state shared by the Rich views. Functions here build and
return; `output.emit` prints."""

from __future__ import annotations

from decimal import Decimal

from pledgetrack.domain.amounts import format_amount
from pledgetrack.domain.model import Amount, Pledge, PledgeState, Status
from pledgetrack.domain.rules import is_open

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


def status_parts(state: PledgeState) -> list[str]:
    """The status, then each flag: `["in_progress", "overdue"]`, `["fulfilled (late)"]`."""
    label = state.status.value + (" (late)" if state.late else "")
    flags = [
        name
        for name, on in (
            ("overdue", state.overdue),
            ("due soon", state.due_soon),
            ("conflict", state.conflict),
        )
        if on
    ]
    return [label, *flags]


def status_label(state: PledgeState) -> str:
    """The status with its flags, e.g. `in_progress, overdue` or `fulfilled (late)`."""
    return ", ".join(status_parts(state))


def amount_text(amount: Amount | None) -> str:
    """An amount for people, e.g. `USD 1,500,000,000`; empty for none."""
    return format_amount(amount) if amount is not None else ""


def target_text(pledge: Pledge) -> str:
    """A pledge's target with its wording (`up to EUR 50,000,000,000 a year`); empty for an
    action pledge."""
    from pledgetrack.domain.amounts import format_target, target_reading

    reading = target_reading(pledge)
    return format_target(reading) if reading is not None else ""


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


def _days(state: PledgeState) -> tuple[int, str, str] | None:
    """Days overdue or left, which of the two, and its style; None for final or open-ended
    pledges."""
    if state.days_overdue:
        return state.days_overdue, "overdue", "red"
    if state.days_left is not None and is_open(state.status):
        return state.days_left, "left", "yellow" if state.due_soon else ""
    return None


def days_text(state: PledgeState) -> tuple[str, str]:
    """`456 overdue` or `15 left`, with its style; empty for final or open-ended pledges."""
    days = _days(state)
    return (f"{days[0]} {days[1]}", days[2]) if days else ("", "")


def days_words(state: PledgeState) -> str:
    """`456 days overdue`, `1 day left`; empty for final or open-ended pledges."""
    days = _days(state)
    if days is None:
        return ""
    return f"{days[0]} {'day' if days[0] == 1 else 'days'} {days[1]}"


def deadline_text(state: PledgeState) -> str:
    """The deadline as an ISO date, or nothing when open-ended."""
    deadline = state.pledge.deadline
    return deadline.on.isoformat() if deadline and deadline.on else ""
