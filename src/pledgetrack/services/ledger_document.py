"""Reading the lossless whole-ledger JSON document (`export --what all --format json`) back in.

Every stored field comes back as it was — uids, timestamps, short ids when they are free, deadline
precision and basis, source quotes, edit history — so that a re-export is byte for byte the same.
Every field is checked: its type and form by formats.ledger_records, its value by the rules of
services.intake, which `add`, `update` and `edit` obey; so nothing gets in that they would refuse.
Runs inside the caller's transaction; never opens files and never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pledgetrack.domain import model
from pledgetrack.domain.exchange import ExchangeRate
from pledgetrack.domain.rules import default_stage
from pledgetrack.domain.text import quoted
from pledgetrack.errors import ImportRowError, InputError
from pledgetrack.formats.ledger_records import LedgerRecord, described, section
from pledgetrack.services.duplicates import Duplicates, duplicate_message
from pledgetrack.services.intake import (
    void_note,
)
from pledgetrack.services.rates import refold, validate_rate
from pledgetrack.services.record_checks import (
    validate_edit,
    validate_name_key,
    validate_pledge_record,
    validate_timestamp,
    validate_update_record,
)
from pledgetrack.storage import archive, records
from pledgetrack.storage.rates import insert_rate, rate_book, rate_uids

# The JSON field of an update an error names, where it differs from the documented field.
_UPDATE_FIELDS = {"status": "verdict"}

MAX_KEPT_ID = 10**9
"""The largest short id a document's pledge keeps. pledgetrack numbers pledges one after another,
so no ledger comes near it; a larger id would make every later pledge's id as large, and SQLite
gives up counting at 2**63 and picks ids at random."""


def _check_marker(document: Any, name: str) -> dict[str, Any]:
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


def _records(document: dict[str, Any], key: str, name: str) -> list[LedgerRecord]:
    return [
        LedgerRecord(name, f"{key} record {i + 1}", item, key)
        for i, item in enumerate(section(document, key, name))
    ]


def import_document(
    db: Any,
    document: Any,
    *,
    name: str,
    now: str,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    allow_duplicates: bool = False,
) -> list[int]:
    """Add what the document has and the ledger lacks; returns [pledges, updates, skipped].

    Every record is checked, one the ledger already has (and so skips) too, as a CSV's rows are:
    the document gets in whole, or not at all.
    """
    document = _check_marker(document, name)
    for actor in _records(document, "actors", name):
        _merge_actor(db, actor)
    for event in _records(document, "events", name):
        event_name, key = event.need("name"), event.need("key")
        held_on, place = event.day("held_on"), event.text("place")
        with event.rules():
            validate_name_key(event_name, key, actor=False)
        archive.merge_event(db, event_name, key, held_on.isoformat() if held_on else None, place)
    rates = _records(document, "rates", name)
    added_rates = _add_rates(db, rates, today=today)
    pledges = _records(document, "pledges", name)
    updates = _records(document, "updates", name)
    total = len(pledges) + len(updates)

    def tick(done: int) -> None:
        if progress is not None and done % 100 == 0:
            progress(done, total)

    added = _add_pledges(db, pledges, today=today, tick=tick, allow_duplicates=allow_duplicates)
    added_updates = _add_updates(db, updates, today=today, tick=lambda n: tick(len(pledges) + n))
    skipped = total + len(rates) - added - added_updates - added_rates
    return [added, added_updates, skipped, added_rates]


def _add_rates(db: Any, rates: list[LedgerRecord], *, today: date) -> int:
    """Check every rate record, then add those whose uid the ledger lacks, folding again the
    pledges they may count differently; returns how many were added."""
    known = rate_uids(db)
    in_document: set[str] = set()
    fresh = []
    for record in rates:
        uid = record.uid()
        _once(record, uid, in_document)
        value = record.number("rate")
        on = record.day("valid_on")
        if value is None or on is None:
            raise record.fail("rate" if value is None else "valid_on", "missing")
        rate = ExchangeRate(
            uid=uid,
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
        if uid not in known:
            fresh.append(rate)
    for rate in fresh:
        insert_rate(db, rate)
    refold(db, {code for rate in fresh for code in rate.pair})
    return len(fresh)


def _merge_actor(db: Any, actor: LedgerRecord) -> None:
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
    archive.merge_actor(db, actor_name, key, aliases)


def _add_pledges(
    db: Any,
    pledges: list[LedgerRecord],
    *,
    today: date,
    tick: Callable[[int], None],
    allow_duplicates: bool = False,
) -> int:
    """Check every pledge record, then add those whose uid the ledger lacks, with their short
    ids when every one is free; returns how many were added."""
    known = archive.existing_uids(db, "pledges")
    duplicates = Duplicates(db)
    fresh = []
    in_document: set[str] = set()
    for record in pledges:
        uid, kept_id = record.uid(), record.whole("id", 1, MAX_KEPT_ID)
        _once(record, uid, in_document)
        created_at = record.need("created_at")
        with record.rules():
            validate_timestamp(created_at, "created_at")
        new, edits = _new_pledge(record, today=today), _edits(record)
        if uid not in known:
            seen, pledge_id = duplicates.match(new)
            if seen and not allow_duplicates:
                raise record.fail("title", duplicate_message(pledge_id))
            duplicates.add(new)
            known.add(uid)
            fresh.append((uid, kept_id, created_at, new, edits))
    ids = [kept_id for _, kept_id, _, _, _ in fresh]
    wanted = [i for i in ids if i is not None]
    keep_ids = (
        len(wanted) == len(ids)
        and len(set(wanted)) == len(wanted)
        and not archive.taken_pledge_ids(db, wanted)
    )
    for done, (uid, kept_id, created_at, new, edits) in enumerate(fresh, 1):
        pledge_id = records.insert_pledge(
            db, new, uid=uid, created_at=created_at, pledge_id=kept_id if keep_ids else None
        )
        for field, old, value, edited_at in edits:
            records.record_edit(db, pledge_id, field=field, old=old, new=value, edited_at=edited_at)
        tick(done)
    return len(fresh)


def _once(record: LedgerRecord, uid: str, seen: set[str]) -> None:
    """A uid names one record: a document holding it twice is refused, never half read."""
    if uid in seen:
        raise record.fail("uid", f"uid {quoted(uid)} is in the document twice")
    seen.add(uid)


def _edits(record: LedgerRecord) -> list[tuple[str, str | None, str | None, str]]:
    """A pledge's edit history: (field, old, new, edited_at) each."""
    found = []
    for index, item in enumerate(record.items("edits")):
        edit = record.nested("edits", index, item)
        field, edited_at = edit.need("field"), edit.need("edited_at")
        with edit.rules():
            validate_edit(field, edited_at)
        found.append((field, edit.text("old"), edit.text("new"), edited_at))
    return found


def _add_updates(
    db: Any, updates: list[LedgerRecord], *, today: date, tick: Callable[[int], None]
) -> int:
    """Check every update record against its pledge, then add those whose uid the ledger lacks;
    returns how many were added."""
    by_uid = archive.pledge_ids_by_uid(db)
    known = archive.existing_uids(db, "updates")
    cache: dict[int, model.Pledge] = {}
    book = rate_book(db)
    touched: set[int] = set()
    added = 0
    in_document: set[str] = set()
    for done, update in enumerate(updates, 1):
        uid, pledge_uid = update.uid(), update.uid("pledge_uid")
        _once(update, uid, in_document)
        if pledge_uid not in by_uid:
            raise update.fail("pledge_uid", f"no pledge with uid {quoted(pledge_uid)}")
        pledge_id = by_uid[pledge_uid][0]
        if pledge_id not in cache:
            cache[pledge_id] = records.pledge(db, pledge_id)
        new = _new_update(update, cache[pledge_id].kind)
        recorded_at = update.need("recorded_at")
        with update.rules(_UPDATE_FIELDS):
            validate_update_record(cache[pledge_id], new, today=today, rates=book)
            validate_timestamp(recorded_at, "recorded_at")
        void = _void(update)
        if uid not in known:
            records.insert_update(
                db, pledge_id, new, uid=uid, recorded_at=recorded_at, refresh=False
            )
            known.add(uid)
            touched.add(pledge_id)
            added += 1
        if void is not None and archive.add_void(db, uid, *void):
            touched.add(pledge_id)
        tick(done)
    for pledge_id in sorted(touched):
        records.refresh_states(db, pledge_id)
    return added


def _void(update: LedgerRecord) -> tuple[str, str, str] | None:
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


def _new_pledge(record: LedgerRecord, *, today: date) -> model.NewPledge:
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
    new = model.NewPledge(
        title=record.need("title"),
        actor=record.need("actor"),
        kind=kind,
        counts=record.choice("counts", model.Stage) or default_stage(kind),
        recipient=record.text("recipient"),
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
    with record.rules():
        validate_pledge_record(new, today=today)
    return new


def _new_update(record: LedgerRecord, pledge_kind: model.Kind) -> model.NewUpdate:
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
