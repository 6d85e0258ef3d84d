"""Checks of values that arrive already read — the records of a whole-ledger document, the
stored cells of a CSV export: each must be what `add`, `update` or `edit` would have recorded
from the same text, so nothing gets in through an import that the commands refuse.

The records' amounts and deadline phrases are read again with the readers of `add`; the rules
themselves are those of `services.intake`. Pure: no I/O, no clock (today comes in).
"""

from __future__ import annotations

from datetime import date

from pledgetrack.domain.amounts import format_amount, format_plain, parse_amount, to_milli
from pledgetrack.domain.dates import parse_timestamp
from pledgetrack.domain.exchange import RateBook
from pledgetrack.domain.model import Amount, Kind, Mode, NewPledge, NewUpdate, Pledge
from pledgetrack.domain.names import actor_key, name_key
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError
from pledgetrack.services.intake import EDIT_FIELDS, check_deadline, reading, validate_new_pledge
from pledgetrack.services.targets import validate_record_wording
from pledgetrack.services.update_intake import validate_update


def validate_pledge_record(new: NewPledge, *, today: date, known: NewPledge | None = None) -> None:
    """Refuse a pledge that arrives as values (the whole-ledger JSON) unless `add` could have
    recorded it: the rules of every way in hold, and its target and deadline phrase, read again
    as `add` reads them, give the same amount, unit, date, precision and basis.

    `known` is the same pledge as the ledger holds it, if it does: a target or a deadline that
    is as it holds them was read again when it was recorded, and is not read once more."""
    validate_new_pledge(new, today=today)
    if known is None or _target_of(new) != _target_of(known):
        if new.target is not None:
            _check_amount(new.target, "target", allow_negative=False)
        validate_record_wording(new)
    same_deadline = known is not None and (known.deadline, known.announced_on) == (
        new.deadline,
        new.announced_on,
    )
    if new.deadline is not None and not same_deadline:
        check_deadline(new.deadline, new.announced_on)


def _target_of(new: NewPledge) -> tuple[object, ...]:
    return (new.target, new.target_qualifier, new.target_qualifier_text, new.target_high,
            new.target_rate, new.target_text)  # fmt: skip


def validate_update_record(pledge: Pledge, new: NewUpdate, *, today: date, rates: RateBook) -> None:
    """Refuse an update that arrives as values unless `update` could have recorded it: its amount
    read again gives the same amount and unit (negative only as an increment)."""
    validate_update(pledge, new, today=today, rates=rates)
    if new.amount is not None:
        _check_amount(new.amount, "amount", allow_negative=new.mode is Mode.INCREMENT)


def _check_amount(amount: Amount, field: str, *, allow_negative: bool) -> None:
    typed = f"{format_plain(amount.value)} {amount.unit}"
    with reading(field):
        read = parse_amount(typed, allow_negative=allow_negative, plain=True)
        to_milli(read.value)
    if read.kind is not amount.kind:
        raise InputError(
            f"{quoted(amount.unit)} is a {'currency' if read.kind is Kind.MONEY else 'unit'}: "
            f"a {read.kind.value} amount, not a {amount.kind.value} one",
            field="kind",
        )
    if read != amount:
        raise InputError(
            f"{quoted(amount.unit)} is not a unit as pledgetrack keeps it: {quoted(typed)} reads "
            f"as {format_amount(read)}",
            field="unit",
        )


def validate_timestamp(text: str, field: str) -> None:
    """Refuse a recorded time (`created_at`, `recorded_at`, `edited_at`) pledgetrack would not
    write (domain.dates.parse_timestamp)."""
    with reading(field):
        parse_timestamp(text)


def validate_name_key(name: str, key: str, *, actor: bool) -> None:
    """Refuse an actor, alias or event record without a name, or whose matching key is not the
    one its name gives (an actor's with the built-in aliases: `actor_key`)."""
    if not name.strip():
        raise InputError("a name is needed", field="name")
    expected = actor_key(name) if actor else name_key(name)
    if key != expected:
        raise InputError(
            f"{quoted(key)} is not the key {quoted(name)} is matched by ({quoted(expected)})",
            field="key",
        )


def validate_edit(field: str, edited_at: str) -> None:
    """Refuse an edit record of a field `edit` does not change, or at no readable time."""
    if field not in EDIT_FIELDS:
        raise InputError(
            f"{quoted(field)} is not a field `edit` changes; one of: {', '.join(EDIT_FIELDS)}",
            field="field",
        )
    validate_timestamp(edited_at, "edited_at")
