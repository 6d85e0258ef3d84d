"""The one way in for an update: what `update` typed, an updates CSV row or a JSON update record
becomes a checked `NewUpdate` here, read with the readers and rules `add` uses for a pledge
(services.intake), and a void is checked before it is recorded. Every error is an InputError
naming its field. Pure: no I/O, no clock (today comes in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pledgetrack.domain import model, rules
from pledgetrack.domain.amount_reader import read_amount
from pledgetrack.domain.amounts import figure_only, to_milli
from pledgetrack.domain.exchange import RateBook, is_currency
from pledgetrack.domain.model import Kind, NewUpdate, Pledge, SourceRef, parse_stage, parse_verdict
from pledgetrack.domain.text import quoted
from pledgetrack.errors import EvidenceMissingError, InputError, UnitMismatchError
from pledgetrack.services.intake import parse_day, reading, validate_sources


@dataclass(frozen=True)
class UpdateText:
    """A new update as typed: `amount` is an increment, `total` a new running total."""

    on: str | None = None
    amount: str | None = None
    total: str | None = None
    stage: str | None = None
    verdict: str | None = None
    note: str | None = None
    quote: str | None = None
    sources: tuple[SourceRef, ...] = ()
    plain_amount: bool = False  # the amount as a CSV's `amount` and `unit` cells write it


UPDATE_FIGURE = "an update records the figure reported"


def parse_new_update(
    text: UpdateText, pledge: Pledge, *, today: date, rates: RateBook
) -> NewUpdate:
    """A checked NewUpdate for `pledge` from what was typed; the date is today unless given.
    An amount in another currency than the pledge's must convert on that date with `rates`."""
    if text.amount is not None and text.total is not None:
        raise InputError(
            "give --amount (an increment) or --total (a running total), not both", field="amount"
        )
    typed = text.amount if text.amount is not None else text.total
    if text.stage is not None and typed is None:
        raise InputError("--stage goes with --amount or --total", field="stage")
    happened_on = parse_day(text.on, "happened_on", today=today) or today
    stage = None
    if text.stage is not None:
        with reading("stage"):
            stage = parse_stage(text.stage)
    amount = None
    if typed is not None:
        default_unit = pledge.target.unit if pledge.target else None
        with reading("amount"):
            said = read_amount(
                typed,
                allow_negative=text.amount is not None,
                default_unit=default_unit,
                plain=text.plain_amount,
            )
            amount = figure_only(said, why=UPDATE_FIGURE)
            to_milli(amount.value)
    verdict = None
    if text.verdict is not None:
        with reading("status"):
            verdict = parse_verdict(text.verdict)
    new = NewUpdate(
        happened_on=happened_on,
        stage=stage or (pledge.counts if amount is not None else None),
        amount=amount,
        mode=None
        if amount is None
        else model.Mode.INCREMENT
        if text.amount is not None
        else model.Mode.TOTAL,
        verdict=verdict,
        note=text.note,
        quote=text.quote,
        sources=text.sources,
    )
    validate_update(pledge, new, today=today, rates=rates)
    return new


def validate_update(pledge: Pledge, new: NewUpdate, *, today: date, rates: RateBook) -> None:
    """Refuse an update that is dated in the future, lacks its evidence, or mixes units (an
    amount in another currency than a money target is kept when `rates` convert it on its
    date)."""
    if (new.amount is None) != (new.mode is None) or (new.amount is None) != (new.stage is None):
        raise InputError("an amount needs its stage and mode, and they need it", field="amount")
    validate_sources(new.sources)
    if new.happened_on > today:
        raise InputError(
            f"the update is dated {new.happened_on}, after today ({today}): "
            "record what has happened",
            field="happened_on",
        )
    verdict = new.verdict
    if verdict is not None and rules.is_final(verdict) and not new.sources:
        raise EvidenceMissingError(
            f"the verdict '{verdict.value}' is final and needs a source (--source URL)",
            field="status",
        )
    if verdict is not None and rules.needs_note(verdict) and not (new.note and new.note.strip()):
        raise EvidenceMissingError(
            f"the verdict '{verdict.value}' needs a note saying why (--note TEXT)", field="status"
        )
    if new.amount is not None and pledge.target is None:
        raise InputError(
            f"pledge {pledge.id} is an action, with no target to count an amount toward: "
            f"record the amount in a note, or give the pledge a target (edit {pledge.id} "
            "--target AMOUNT)",
            field="amount",
        )
    if new.amount is not None and pledge.target and new.amount.unit != pledge.target.unit:
        validate_conversion(pledge, new.amount, new.happened_on, rates)
    if new.amount is None and new.verdict is None and not new.note and not new.sources:
        raise InputError(
            "nothing to record: give --amount, --total, --status, --note or --source",
            field="amount",
        )


def validate_conversion(pledge: Pledge, amount: model.Amount, on: date, rates: RateBook) -> None:
    """Refuse an amount in another unit than the pledge's target unless both are currencies and
    the amount converts on its date (it is then kept as entered, and counted converted)."""
    target = pledge.target
    assert target is not None
    if target.kind is not Kind.MONEY or not is_currency(amount.unit):
        raise UnitMismatchError(
            f"pledge {pledge.id} counts {target.unit}; the amount is in {amount.unit} (record "
            "it in a note, or in the pledge's unit)",
            field="unit",
        )
    conversion = rates.convert(amount, target.unit, on)
    if conversion.value is None:
        raise UnitMismatchError(
            f"pledge {pledge.id} counts {target.unit}, and {amount.unit} cannot be converted "
            f"to it on {on}: {conversion.why_not}; record a rate first (pledgetrack rate add "
            f"{amount.unit} RATE {target.unit} --on {on} --source URL)",
            field="unit",
        )


def validate_void(pledge_id: int, update: model.Update | None, which: str, note: str | None) -> str:
    """The note of a void of `update` (named `which` by the user), once the void is allowed: the
    update belongs to the pledge, is not voided yet, and the note says why."""
    if update is None or update.pledge_id != pledge_id:
        raise InputError(
            f"pledge {pledge_id} has no update {quoted(which)}; `show {pledge_id}` lists its "
            "updates with their numbers",
            field="void",
        )
    if update.void is not None:
        raise InputError(
            f"update {update.id} was voided already ({update.void.voided_at}): "
            f"{quoted(update.void.note)}",
            field="void",
        )
    return void_note(note)


def void_note(note: str | None) -> str:
    """Why an update was voided: a void always says why."""
    if note is None or not note.strip():
        raise InputError("a void needs --note saying why the update was wrong", field="note")
    return note.strip()
