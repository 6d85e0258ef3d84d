"""Reading the lossless whole-ledger JSON document (`export --what all --format json`) back in.

Every stored field comes back as it was — uids, timestamps, short ids when they are free, deadline
precision and basis, source quotes, edit history — so that a re-export is byte for byte the same.
Runs inside the caller's transaction; never opens files and never prints.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pledgetrack.domain import model
from pledgetrack.domain.amounts import MAX_UNITS, to_milli
from pledgetrack.domain.rules import default_stage
from pledgetrack.errors import ImportRowError, InputError
from pledgetrack.services.intake import validate_new_pledge, validate_update
from pledgetrack.storage import archive, records

# The JSON field of an update an error names, where it differs from the documented field.
_UPDATE_FIELDS = {"status": "verdict"}

E = TypeVar("E", bound=enum.Enum)


class _Record:
    """One record of a section, with typed getters whose errors name file, record and field."""

    def __init__(self, name: str, section: str, index: int, value: Any) -> None:
        self.label = f"{section} record {index + 1}"
        self.where = f"{name} {self.label}"
        if not isinstance(value, dict):
            raise ImportRowError(f"{self.where}: not a JSON object")
        self.data: dict[str, Any] = value
        uid = value.get("uid")
        if isinstance(uid, str):
            self.where += f" (uid {uid})"

    def fail(self, field: str, why: str) -> ImportRowError:
        return ImportRowError(f"{self.where}, field {field}: {why}")

    def refuse(self, error: InputError, renamed: dict[str, str] | None = None) -> ImportRowError:
        """A rule the record breaks, as an error naming its field."""
        field = error.field or "uid"
        return self.fail((renamed or {}).get(field, field), str(error))

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.data.get(field)
        if value is None:
            if required:
                raise self.fail(field, "missing")
            return None
        if not isinstance(value, str):
            raise self.fail(field, f"expected text, found {type(value).__name__}")
        return value

    def need(self, field: str) -> str:
        value = self.text(field, required=True)
        assert value is not None
        return value

    def decimal(self, field: str) -> Decimal | None:
        value = self.data.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
            raise self.fail(field, f"expected a number, found {value!r}")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.fail(field, f"expected a number, found {value!r}") from None
        if not number.is_finite():
            raise self.fail(field, f"expected a finite number, found {value!r}")
        return number

    def day(self, field: str) -> date | None:
        value = self.text(field)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(field, f"expected an ISO date, found '{value}'") from None

    def choice(self, field: str, enum_type: type[E]) -> E | None:
        value = self.text(field)
        if value is None:
            return None
        try:
            return enum_type(value)
        except ValueError:
            names = ", ".join(str(e.value) for e in enum_type)
            raise self.fail(field, f"unknown value '{value}'; use one of: {names}") from None

    def items(self, field: str) -> list[Any]:
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(field, "expected a list")
        return value

    def sources(self) -> tuple[model.SourceRef, ...]:
        found = []
        for item in self.items("sources"):
            if not isinstance(item, dict) or not all(
                v is None or isinstance(v, str) for v in item.values()
            ):
                raise self.fail("sources", "each source is an object of url, citation, quote")
            if not item.get("url") and not item.get("citation"):
                raise self.fail("sources", "a source needs a url or a citation")
            found.append(model.SourceRef(item.get("url"), item.get("citation"), item.get("quote")))
        return tuple(found)


def _section(document: dict[str, Any], key: str, name: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise ImportRowError(f"{name}: '{key}' is not a list")
    return value


def _check_marker(document: Any, name: str) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != archive.FORMAT_NAME:
        raise ImportRowError(
            f"{name}: not a pledgetrack ledger export (make one with "
            "`pledgetrack export --what all --format json`, or import a CSV)"
        )
    version = document.get("version")
    if not isinstance(version, int) or version > archive.FORMAT_VERSION:
        raise ImportRowError(
            f"{name}: export format version {version!r} is newer than this pledgetrack reads "
            f"({archive.FORMAT_VERSION}); upgrade pledgetrack"
        )
    return document


def import_document(
    db: Any,
    document: Any,
    *,
    name: str,
    now: str,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Add what the document has and the ledger lacks; returns [pledges, updates, skipped]."""
    document = _check_marker(document, name)
    for index, item in enumerate(_section(document, "actors", name)):
        actor = _Record(name, "actors", index, item)
        aliases = []
        for number, alias in enumerate(actor.items("aliases")):
            entry = _Record(name, f"{actor.label}, aliases", number, alias)
            aliases.append((entry.need("name"), entry.need("key")))
        archive.merge_actor(db, actor.need("name"), actor.need("key"), aliases)
    for index, item in enumerate(_section(document, "events", name)):
        event = _Record(name, "events", index, item)
        archive.merge_event(
            db, event.need("name"), event.need("key"), event.text("held_on"), event.text("place")
        )
    pledges = [
        _Record(name, "pledges", i, p) for i, p in enumerate(_section(document, "pledges", name))
    ]
    updates = [
        _Record(name, "updates", i, u) for i, u in enumerate(_section(document, "updates", name))
    ]
    total = len(pledges) + len(updates)
    known = archive.existing_uids(db, "pledges")
    fresh = []
    for record in pledges:
        if record.need("uid") not in known:
            known.add(record.need("uid"))
            fresh.append(record)
    ids = [p.data.get("id") for p in fresh]
    wanted = [i for i in ids if isinstance(i, int) and not isinstance(i, bool) and i > 0]
    keep_ids = (
        len(wanted) == len(ids)
        and len(set(wanted)) == len(wanted)
        and not archive.taken_pledge_ids(db, wanted)
    )
    for done, record in enumerate(fresh, 1):
        pledge_id = records.insert_pledge(
            db,
            _new_pledge(record, today=today),
            uid=record.need("uid"),
            created_at=record.need("created_at"),
            pledge_id=record.data["id"] if keep_ids else None,
        )
        for index, item in enumerate(record.items("edits")):
            edit = _Record(name, f"{record.label}, edits", index, item)
            records.record_edit(
                db,
                pledge_id,
                field=edit.need("field"),
                old=edit.text("old"),
                new=edit.text("new"),
                edited_at=edit.need("edited_at"),
            )
        if progress is not None and done % 100 == 0:
            progress(done, total)
    by_uid = archive.pledge_ids_by_uid(db)
    known = archive.existing_uids(db, "updates")
    cache: dict[int, model.Pledge] = {}
    added = 0
    for done, update in enumerate(updates, len(pledges) + 1):
        uid = update.need("uid")
        if uid in known:
            continue
        pledge_uid = update.need("pledge_uid")
        if pledge_uid not in by_uid:
            raise update.fail("pledge_uid", f"no pledge with uid '{pledge_uid}'")
        pledge_id = by_uid[pledge_uid][0]
        if pledge_id not in cache:
            cache[pledge_id] = records.pledge(db, pledge_id)
        pledge = cache[pledge_id]
        new = _new_update(update, pledge.kind)
        try:
            validate_update(pledge, new, today=today)
        except InputError as error:
            raise update.refuse(error, _UPDATE_FIELDS) from None
        records.insert_update(
            db, pledge_id, new, uid=uid, recorded_at=update.need("recorded_at"), refresh=False
        )
        known.add(uid)
        added += 1
        if progress is not None and done % 100 == 0:
            progress(done, total)
    for pledge_id in sorted(cache):
        records.refresh_states(db, pledge_id)
    skipped = (len(pledges) - len(fresh)) + (len(updates) - added)
    return [len(fresh), added, skipped]


def _check_thousandths(record: _Record, field: str, value: Decimal | None) -> None:
    """The ledger keeps amounts to the thousandth, up to 100 trillion like `add` and `update`;
    refuse what it cannot store exactly."""
    if value is not None:
        if abs(value) > MAX_UNITS:
            raise record.fail(field, f"{value} is absurdly large (over 100 trillion)")
        try:
            to_milli(value)
        except InputError as error:
            raise record.fail(field, str(error)) from None


def _new_pledge(record: _Record, *, today: date) -> model.NewPledge:
    kind = record.choice("kind", model.Kind)
    if kind is None:
        raise record.fail("kind", "missing")
    value = record.decimal("target")
    unit = record.text("unit")
    if (kind is model.Kind.ACTION) != (value is None):
        raise record.fail(
            "target", f"a {kind.value} pledge {'has no' if value is None else 'has a'} target"
        )
    if value is not None and unit is None:
        raise record.fail("unit", "a target needs its unit")
    _check_thousandths(record, "target", value)
    target = model.Amount(value, unit, kind) if value is not None and unit is not None else None
    phrase = record.text("deadline_phrase")
    deadline = None
    if phrase is not None:
        deadline = model.Deadline(
            on=record.day("deadline"),
            precision=record.choice("deadline_precision", model.Precision),
            basis=record.choice("deadline_basis", model.Basis),
            phrase=phrase,
        )
    tags = record.items("tags")
    if not all(isinstance(t, str) for t in tags):
        raise record.fail("tags", "expected a list of text")
    new = model.NewPledge(
        title=record.need("title"),
        actor=record.need("actor"),
        kind=kind,
        counts=record.choice("counts", model.Stage) or default_stage(kind),
        recipient=record.text("recipient"),
        target=target,
        deadline=deadline,
        announced_on=record.day("announced_on"),
        event=record.text("event"),
        quote=record.text("quote"),
        note=record.text("note"),
        tags=tuple(tags),
        sources=record.sources(),
    )
    try:
        validate_new_pledge(new, today=today)
    except InputError as error:
        raise record.refuse(error) from None
    return new


def _new_update(record: _Record, pledge_kind: model.Kind) -> model.NewUpdate:
    happened_on = record.day("happened_on")
    if happened_on is None:
        raise record.fail("happened_on", "missing")
    value = record.decimal("amount")
    unit = record.text("unit")
    mode = record.choice("mode", model.Mode)
    stage = record.choice("stage", model.Stage)
    if (value is None) != (mode is None) or (value is not None and (unit is None or stage is None)):
        raise record.fail("amount", "an amount goes with its unit, stage and mode")
    _check_thousandths(record, "amount", value)
    kind = model.Kind.MONEY if pledge_kind is model.Kind.MONEY else model.Kind.QUANTITY
    return model.NewUpdate(
        happened_on=happened_on,
        stage=stage,
        amount=model.Amount(value, unit, kind) if value is not None and unit is not None else None,
        mode=mode,
        verdict=record.choice("verdict", model.Verdict),
        note=record.text("note"),
        quote=record.text("quote"),
        sources=record.sources(),
    )
