"""Reading the records of a lossless whole-ledger document (`export --what all`) as values.

Every stored field comes back as it was — uids, timestamps, deadline precision and basis, source
quotes, edit history — and every field is checked: its type and form by formats.ledger_records,
its value by the rules of services.intake, which `add`, `update` and `edit` obey; so nothing
gets in that they would refuse. What is done with the records (merged into the ledger by uid) is
services.merge's. Works on values: reads no ledger and opens no files.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pledgetrack.domain import model
from pledgetrack.domain.exchange import ExchangeRate, RateBook
from pledgetrack.domain.rules import default_stage
from pledgetrack.domain.text import quoted
from pledgetrack.errors import ImportRowError, InputError
from pledgetrack.formats.ledger_records import LedgerRecord, described, section
from pledgetrack.services.rates import validate_rate
from pledgetrack.services.record_checks import (
    validate_edit,
    validate_name_key,
    validate_pledge_record,
    validate_timestamp,
    validate_update_record,
)
from pledgetrack.services.update_intake import void_note
from pledgetrack.storage import archive

# The JSON field of an update an error names, where it differs from the documented field.
UPDATE_FIELDS = {"status": "verdict"}

MAX_KEPT_ID = 10**9
"""The largest short id a document's pledge keeps. pledgetrack numbers pledges one after another,
so no ledger comes near it; a larger id would make every later pledge's id as large, and SQLite
gives up counting at 2**63 and picks ids at random."""

Edit = tuple[str, str, str | None, str | None]
"""An edit of a pledge's field as a document holds it: (edited_at, field, old, new)."""


def check_marker(document: Any, name: str) -> dict[str, Any]:
    """The document, once it is known to be a whole-ledger export of a version this reads."""
    if not isinstance(document, dict) or document.get("format") != archive.FORMAT_NAME:
        raise ImportRowError(
            f"{name}: not a pledgetrack ledger export (make one with "
            "`pledgetrack export --what all --format json`, or import a CSV)"
        )
    LedgerRecord(name, "", document, "document")  # no field it does not know
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ImportRowError(
            f"{name}: the export format version is {described(version)}, not a whole number "
            f"(this pledgetrack reads version {archive.FORMAT_VERSION})"
        )
    if version < 1:
        raise ImportRowError(f"{name}: there is no export format version {version}")
    if version > archive.FORMAT_VERSION:
        raise ImportRowError(
            f"{name}: export format version {version} is newer than this pledgetrack reads "
            f"({archive.FORMAT_VERSION}); upgrade pledgetrack"
        )
    return document


def records_of(document: dict[str, Any], key: str, name: str) -> list[LedgerRecord]:
    """The records of one section of the document, each named for its errors."""
    return [
        LedgerRecord(name, f"{key} record {i + 1}", item, key)
        for i, item in enumerate(section(document, key, name))
    ]


def read_rate(record: LedgerRecord, *, today: date) -> ExchangeRate:
    """A rate record of a whole-ledger export, checked as `rate add` checks one."""
    value = record.number("rate")
    on = record.day("valid_on")
    if value is None or on is None:
        raise record.fail("rate" if value is None else "valid_on", "missing")
    rate = ExchangeRate(
        uid=record.uid(),
        base=record.need("base"),
        counter=record.need("counter"),
        rate=value,
        on=on,
        source=record.need("source"),
        note=record.text("note"),
        recorded_at=record.need("recorded_at"),
    )
    with record.rules({"on": "valid_on"}):
        validate_rate(rate, today=today)
    return rate


def once(record: LedgerRecord, uid: str, seen: set[str]) -> None:
    """A uid names one record: a document holding it twice is refused, never half read."""
    if uid in seen:
        raise record.fail("uid", f"uid {quoted(uid)} is in the document twice")
    seen.add(uid)


def read_edits(record: LedgerRecord) -> list[Edit]:
    """A pledge's edit history, each edit checked."""
    found = []
    for index, item in enumerate(record.items("edits")):
        edit = record.nested("edits", index, item)
        field, edited_at = edit.need("field"), edit.need("edited_at")
        with edit.rules():
            validate_edit(field, edited_at)
        found.append((edited_at, field, edit.text("old"), edit.text("new")))
    return found


def read_void(update: LedgerRecord) -> tuple[str, str, str] | None:
    """An update record's void as (uid, voided_at, note), checked; None when not voided."""
    void = update.void()
    if void is None:
        return None
    uid, voided_at, note = void.uid(), void.need("voided_at"), void.need("note")
    with void.rules():
        validate_timestamp(voided_at, "voided_at")
        if void_note(note) != note:
            raise InputError("a void's note has spaces around it", field="note")
    return uid, voided_at, note


def _amount(record: LedgerRecord, field: str, kind: model.Kind) -> model.Amount | None:
    """The amount in `field` with its `unit`, or None when the record has neither."""
    value, unit = record.number(field), record.text("unit")
    if unit is not None and not unit.strip():
        raise record.fail("unit", f"{quoted(unit)} is blank; an amount needs its unit")
    if value is not None and unit is None:
        raise record.fail("unit", f"missing: the {field} needs its unit")
    if value is None and unit is not None:
        raise record.fail("unit", f"{quoted(unit)} is the unit of no {field}")
    return model.Amount(value, unit, kind) if value is not None and unit is not None else None


def read_pledge(
    record: LedgerRecord, *, today: date, known: model.NewPledge | None = None
) -> model.NewPledge:
    """A pledge record as the pledge it holds, checked by the rules of `add` (`known`: the
    pledge as the ledger holds it, whose checked parts are not checked again)."""
    new = pledge_values(record)
    with record.rules():
        validate_pledge_record(new, today=today, known=known)
    return new


def pledge_values(record: LedgerRecord) -> model.NewPledge:
    """The pledge a record holds, its fields read by type and form but not by the rules (a
    pledge the ledger holds was checked when it was recorded)."""
    kind = record.choice("kind", model.Kind)
    if kind is None:
        raise record.fail("kind", "missing")
    target = _amount(record, "target", kind)
    phrase = record.text("deadline_phrase")
    on = record.day("deadline")
    precision = record.choice("deadline_precision", model.Precision)
    basis = record.choice("deadline_basis", model.Basis)
    if phrase is None and (on, precision, basis) != (None, None, None):
        raise record.fail(
            "deadline_phrase", "missing: a deadline keeps the phrase it was read from"
        )
    return model.NewPledge(
        title=record.need("title"),
        actor=record.need("actor"),
        kind=kind,
        counts=record.choice("counts", model.Stage) or default_stage(kind),
        recipients=record.names("recipient"),
        target=target,
        deadline=model.Deadline(on, precision, basis, phrase) if phrase is not None else None,
        announced_on=record.day("announced_on"),
        event=record.text("event"),
        quote=record.text("quote"),
        note=record.text("note"),
        tags=record.texts("tags"),
        sources=record.sources(),
        target_qualifier=record.choice("target_qualifier", model.Qualifier),
        target_qualifier_text=record.text("target_qualifier_text"),
        target_high=record.number("target_high"),
        target_rate=record.choice("target_rate", model.Rate),
        target_text=record.text("target_text"),
    )


def read_update(
    record: LedgerRecord, pledge: model.Pledge, *, today: date, rates: RateBook
) -> tuple[str, model.NewUpdate]:
    """An update record of `pledge` as (recorded_at, the update), checked by the rules of
    `update` (an amount in another currency must convert with `rates`)."""
    new = update_values(record, pledge.kind)
    recorded_at = record.need("recorded_at")
    with record.rules(UPDATE_FIELDS):
        validate_update_record(pledge, new, today=today, rates=rates)
        validate_timestamp(recorded_at, "recorded_at")
    return recorded_at, new


def update_values(record: LedgerRecord, pledge_kind: model.Kind) -> model.NewUpdate:
    """The update a record holds (of a pledge of `pledge_kind`), its fields read by type and
    form but not by the rules."""
    happened_on = record.day("happened_on")
    if happened_on is None:
        raise record.fail("happened_on", "missing")
    kind = model.Kind.MONEY if pledge_kind is model.Kind.MONEY else model.Kind.QUANTITY
    return model.NewUpdate(
        happened_on=happened_on,
        stage=record.choice("stage", model.Stage),
        amount=_amount(record, "amount", kind),
        mode=record.choice("mode", model.Mode),
        verdict=record.choice("verdict", model.Verdict),
        note=record.text("note"),
        quote=record.text("quote"),
        sources=record.sources(),
    )


def read_actor(actor: LedgerRecord) -> tuple[str, str, list[tuple[str, str]]]:
    """An actor record as (name, key, [(alias name, alias key)]), each key the one its name
    gives."""
    actor_name, key = actor.need("name"), actor.need("key")
    with actor.rules():
        validate_name_key(actor_name, key, actor=True)
    aliases = []
    for number, item in enumerate(actor.items("aliases")):
        alias = actor.nested("aliases", number, item)
        alias_name, alias_key = alias.need("name"), alias.need("key")
        with alias.rules():
            validate_name_key(alias_name, alias_key, actor=False)
        aliases.append((alias_name, alias_key))
    return actor_name, key, aliases


def read_event(event: LedgerRecord) -> tuple[str, str, str | None, str | None]:
    """An event record as (name, key, held_on, place)."""
    event_name, key = event.need("name"), event.need("key")
    held_on, place = event.day("held_on"), event.text("place")
    with event.rules():
        validate_name_key(event_name, key, actor=False)
    return event_name, key, held_on.isoformat() if held_on else None, place


def read_created_at(record: LedgerRecord) -> str:
    """When a pledge record says its pledge was created."""
    created_at = record.need("created_at")
    with record.rules():
        validate_timestamp(created_at, "created_at")
    return created_at


def kept_id(record: LedgerRecord) -> int | None:
    """The short id a pledge record asks to keep (older exports wrote one), if any."""
    return record.whole("id", 1, MAX_KEPT_ID)
