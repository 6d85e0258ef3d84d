"""Merging another ledger's whole-ledger export into this one by uid (docs/formats.md#merging):
first the plan — what is added, which fields are updated, which conflict, what is unchanged —
then, unless it is a dry run, its writes, in the caller's one transaction.

The plan reads the ledger and writes nothing. A record the ledger holds exactly as the file
does is unchanged and needs no check; every other is read and checked as services.ledger_document
says, and merged as services.merge_rules says. A conflict is left as this ledger has it (its
edits held back, so the next import finds it again) unless `prefer` settles it; settling it
records an edit saying so. Never opens files and never prints.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pledgetrack.domain.exchange import RateBook
from pledgetrack.domain.model import NewPledge, NewUpdate, Pledge
from pledgetrack.domain.text import quoted
from pledgetrack.errors import ImportRowError
from pledgetrack.formats.ledger_records import LedgerRecord, section
from pledgetrack.services import ledger_document as document_records
from pledgetrack.services.duplicates import Duplicates, duplicate_message
from pledgetrack.services.ledger_document import Edit
from pledgetrack.services.merge_plan import Change, MergePlan, NewPledgeRow, PledgeMerge
from pledgetrack.services.merge_rules import PARENT, PLEDGE_FIELDS, SECTIONS, decide, fuller_name
from pledgetrack.services.parts import ImportedLink
from pledgetrack.services.pledge_fields import COUNTING_FIELDS, field_text
from pledgetrack.services.record_checks import validate_pledge_record
from pledgetrack.storage import archive, merging
from pledgetrack.storage.rates import rate_book

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Fresh:
    """A pledge record whose uid this ledger lacks, read and checked."""

    record: LedgerRecord
    uid: str
    kept_id: int | None
    created_at: str
    new: NewPledge
    edits: list[Edit]


class _Merge:
    """One merge being planned: this ledger's records, the file's, and the plan so far."""

    def __init__(
        self, db: Any, plan: MergePlan, *, today: date, now: str, allow_duplicates: bool
    ) -> None:
        self.db, self.plan, self.today, self.now = db, plan, today, now
        self.allow_duplicates = allow_duplicates
        self.mine = merging.ledger_side(db)
        self.ids = merging.pledge_ids(db)
        self.pledges: dict[str, Pledge] = {}  # the pledges as merged, by uid, once read
        self.seen: dict[str, set[str]] = {"rates": set(), "pledges": set(), "updates": set()}
        self._rates: RateBook | None = None  # the ledger's rates and the file's new ones
        self.units: dict[str, set[str]] | None = None  # the units of each pledge's progress
        self.alias_owners = {  # each alias key: its name and its actor's key
            alias["key"]: (alias["name"], actor["key"])
            for actor in self.mine["actors"].values()
            for alias in actor["aliases"]
        }

    def record(self, key: str, index: int, raw: Any) -> LedgerRecord:
        """Record `index` of a section, read as one (its fields checked)."""
        return LedgerRecord(self.plan.name, f"{key} record {index + 1}", raw, key)

    def unchanged(self, key: str, index: int, raw: Any) -> bool:
        """Whether a record is one the ledger holds exactly as it is (its uid or key once)."""
        identity = "key" if key in ("actors", "events") else "uid"
        uid = raw.get(identity) if isinstance(raw, dict) else None
        if not isinstance(uid, str) or self.mine[key].get(uid) != raw:
            return False
        if key in self.seen:
            if uid in self.seen[key]:
                document_records.once(self.record(key, index, raw), uid, self.seen[key])
            self.seen[key].add(uid)
            self.plan.unchanged[key] += 1
        return True

    # actors and events

    def actor(self, record: LedgerRecord) -> None:
        name, key, aliases = document_records.read_actor(record)
        writes, mine = self.plan.writes, self.mine["actors"].get(key)
        if mine is None:
            writes.actors.append((name, key))
            self.plan.added["actors"] += 1
            self.mine["actors"][key] = {"name": name, "key": key, "aliases": []}
        elif fuller_name(mine["name"], name) != mine["name"]:
            writes.actor_names.append((key, name))
            self.plan.updated.append(Change("actor", key, None, "name", mine["name"], name))
        for alias_name, alias_key in aliases:
            owner = self.alias_owners.get(alias_key)
            if owner is None:
                writes.aliases.append((alias_key, alias_name, key))
                self.alias_owners[alias_key] = (alias_name, key)
                self.plan.added["aliases"] += 1
            elif owner[1] == key and fuller_name(owner[0], alias_name) != owner[0]:
                writes.alias_names.append((alias_key, alias_name))
                self.plan.updated.append(Change("actor", key, None, "alias", owner[0], alias_name))

    def event(self, record: LedgerRecord) -> None:
        name, key, held_on, place = document_records.read_event(record)
        writes, mine = self.plan.writes, self.mine["events"].get(key)
        if mine is None:
            writes.events.append((name, key, held_on, place))
            self.plan.added["events"] += 1
            self.mine["events"][key] = {
                "name": name,
                "key": key,
                "held_on": held_on,
                "place": place,
            }
            return
        if fuller_name(mine["name"], name) != mine["name"]:
            writes.event_columns.append((key, "name", name))
            self.plan.updated.append(Change("event", key, None, "name", mine["name"], name))
        for column, theirs in (("held_on", held_on), ("place", place)):
            ours = mine[column]
            if theirs is None or theirs == ours:
                continue
            change = Change("event", key, None, column, ours, theirs)
            if ours is not None:
                self.plan.conflicts.append(change)
                if self.plan.prefer != "theirs":
                    continue
            else:
                self.plan.updated.append(change)
            writes.event_columns.append((key, column, theirs))

    # pledges

    def pledge(self, record: LedgerRecord, fresh: list[_Fresh]) -> None:
        uid = record.uid()
        document_records.once(record, uid, self.seen["pledges"])
        created_at = document_records.read_created_at(record)
        kept = document_records.kept_id(record)
        mine = self.mine["pledges"].get(uid)
        ours = self.values(mine) if mine is not None else None
        new = document_records.read_pledge(record, today=self.today, known=ours)
        edits = document_records.read_edits(record)
        parent = record.uid("parent_uid") if record.text("parent_uid") is not None else None
        if mine is None and parent is not None:  # linked once every pledge is in
            fail = functools.partial(record.fail, "parent_uid")
            self.plan.writes.links.append(ImportedLink(uid, parent, True, fail))
        if mine is None or ours is None:
            fresh.append(_Fresh(record, uid, kept, created_at, new, list(dict.fromkeys(edits))))
            return
        pledge_id = self.ids[uid]
        if created_at != mine["created_at"]:
            raise record.fail(
                "created_at",
                f"this ledger's pledge {pledge_id} with this uid was created at "
                f"{mine['created_at']}, not {quoted(created_at)}; a pledge's creation never "
                "changes",
            )
        self.merge_pledge(record, pledge_id, mine, ours, new, edits, parent)

    def merge_pledge(
        self,
        record: LedgerRecord,
        pledge_id: int,
        mine: dict[str, Any],
        ours: NewPledge,
        theirs: NewPledge,
        edits: list[Edit],
        parent: str | None,
    ) -> None:
        """Merge a pledge both ledgers hold, field by field, its parent too (`parent`: the
        file's)."""
        plan, uid = self.plan, mine["uid"]
        held = {(e["edited_at"], e["field"], e["old"], e["new"]) for e in mine["edits"]}
        added = [e for e in dict.fromkeys(edits) if e not in held]
        mine_moved = {e[1] for e in held.difference(edits)}
        theirs_moved = {e[1] for e in added}
        taken: set[str] = set()
        kept_back: set[str] = set()
        settling: list[tuple[Edit, str | None]] = []
        for name, rule in PLEDGE_FIELDS.items():
            if all(mine[f] == record.data.get(f) for f in rule.fields):  # as written: the same
                continue
            if rule.value(ours) == rule.value(theirs):
                continue
            change = Change(
                "pledge", uid, pledge_id, name, field_text(ours, name), field_text(theirs, name)
            )
            whose = decide(mine_changed=name in mine_moved, theirs_changed=name in theirs_moved)
            if whose == "theirs":
                taken.add(name)
                plan.updated.append(change)
            elif whose == "conflict":
                plan.conflicts.append(change)
                if plan.prefer is None:
                    kept_back.add(name)
                    continue
                before, after = (change.mine, change.theirs)
                if plan.prefer == "theirs":
                    taken.add(name)
                else:
                    before, after = after, before
                settling.append(((self.now, name, before, after), None))
        if self.merge_parent(record, pledge_id, mine, parent, mine_moved, theirs_moved) == (
            "conflict"
        ):
            if plan.prefer is None:
                kept_back.add(PARENT)
            else:
                before, after = mine["parent_uid"], parent
                if plan.prefer == "mine":
                    before, after = after, before
                settling.append(((self.now, PARENT, before, after), None))
        merged = ours
        if taken:
            names = [a for name in taken for a in PLEDGE_FIELDS[name].names]
            attributes = {a: getattr(theirs, a) for a in names}
            merged = dataclasses.replace(ours, **attributes)
            _check_merged(record, merged, ours, pledge_id, taken, self.today)
            self.check_units(record, pledge_id, uid, merged)
        self.pledges[uid] = _pledge(pledge_id, uid, mine["created_at"], merged)
        known = {(s.url, s.citation, s.quote) for s in ours.sources}
        sources = [s for s in theirs.sources if (s.url, s.citation, s.quote) not in known]
        kept = [(e, plan.name) for e in added if e[1] not in kept_back] + settling
        if not (taken or kept or sources):
            if not kept_back:
                plan.unchanged["pledges"] += 1
            return
        plan.writes.changes.append(PledgeMerge(pledge_id, merged, taken, kept, sources))
        plan.added["edits"] += len(kept) - len(settling)
        plan.added["sources"] += len(sources)
        if taken & COUNTING_FIELDS:
            plan.writes.refresh.add(pledge_id)

    def merge_parent(
        self,
        record: LedgerRecord,
        pledge_id: int,
        mine: dict[str, Any],
        parent: str | None,
        mine_moved: set[str],
        theirs_moved: set[str],
    ) -> str | None:
        """Merge the parent of a pledge both ledgers hold, by its edits as the other fields
        (None: the same parent); a parent taken from the file is linked once every pledge is
        in. Returns whose parent the pledge keeps, or `conflict`."""
        if mine["parent_uid"] == parent:
            return None
        plan = self.plan
        change = Change("pledge", mine["uid"], pledge_id, PARENT, mine["parent_uid"], parent)
        whose = decide(mine_changed=PARENT in mine_moved, theirs_changed=PARENT in theirs_moved)
        if whose == "conflict":
            plan.conflicts.append(change)
        elif whose == "theirs":
            plan.updated.append(change)
        if whose == "theirs" or (whose == "conflict" and plan.prefer == "theirs"):
            fail = functools.partial(record.fail, "parent_uid")
            plan.writes.links.append(ImportedLink(mine["uid"], parent, True, fail))
        return whose

    def check_units(self, record: LedgerRecord, pledge_id: int, uid: str, new: NewPledge) -> None:
        """Refuse a target taken from the file in another unit than progress this ledger
        recorded (as `edit` refuses it)."""
        if self.units is None:
            self.units = {}
            for update in self.mine["updates"].values():
                if update["unit"] is not None:
                    self.units.setdefault(update["pledge_uid"], set()).add(update["unit"])
        target = new.target.unit if new.target else None
        other = sorted(self.units.get(uid, set()) - {target})
        if other:
            raise record.fail(
                "target",
                f"this ledger's pledge {pledge_id} has progress in {', '.join(other)}; the "
                f"file's target is in {target or 'no unit'}; edit the target of pledge "
                f"{pledge_id} here, then import again with --prefer mine",
            )

    def add_pledges(self, fresh: list[_Fresh]) -> None:
        """The pledges this ledger lacks, with their own short ids when every one is free."""
        duplicates = Duplicates(self.db)
        wanted = [one.kept_id for one in fresh]
        given = [i for i in wanted if i is not None]
        keep_ids = (
            bool(wanted)
            and len(given) == len(wanted)
            and len(set(given)) == len(given)
            and not archive.taken_pledge_ids(self.db, given)
        )
        next_id = merging.next_pledge_id(self.db)
        for one in fresh:
            seen, known_id = duplicates.match(one.new)
            if seen and not self.allow_duplicates:
                raise one.record.fail("title", duplicate_message(known_id))
            duplicates.add(one.new)
            pledge_id = one.kept_id if keep_ids and one.kept_id is not None else next_id
            next_id = max(next_id, pledge_id + 1)
            row = NewPledgeRow(one.uid, pledge_id, one.created_at, one.new, one.edits, one.record)
            self.plan.writes.pledges.append(row)
            self.pledges[one.uid] = _pledge(pledge_id, one.uid, one.created_at, one.new)
            self.plan.added["pledges"] += 1
            self.plan.added["edits"] += len(one.edits)

    def pledge_of(self, uid: str) -> Pledge | None:
        """The pledge with this uid as merged, or as this ledger holds it; None if neither has
        it."""
        if uid not in self.pledges:
            mine = self.mine["pledges"].get(uid)
            if mine is None:
                return None
            pledge_id = self.ids[uid]
            self.pledges[uid] = _pledge(pledge_id, uid, mine["created_at"], self.values(mine))
        return self.pledges[uid]

    def values(self, mine: dict[str, Any]) -> NewPledge:
        """A pledge this ledger holds, from its record (checked when it was recorded)."""
        return document_records.pledge_values(LedgerRecord("the ledger", "", mine, "pledges"))

    # rates

    def rate(self, record: LedgerRecord) -> None:
        rate = document_records.read_rate(record, today=self.today)
        document_records.once(record, rate.uid, self.seen["rates"])
        mine = self.mine["rates"].get(rate.uid)
        if mine is None:
            self.plan.writes.rates.append(rate)
            self.plan.added["rates"] += 1
            return
        ours = document_records.read_rate(
            LedgerRecord("the ledger", "", mine, "rates"), today=self.today
        )
        for name, theirs, held in (
            (f.name, getattr(rate, f.name), getattr(ours, f.name)) for f in dataclasses.fields(rate)
        ):
            if theirs != held:
                field_name = {"on": "valid_on"}.get(name, name)
                raise record.fail(
                    field_name,
                    "this ledger holds the rate with this uid with another "
                    f"{field_name}; a rate never changes (record a new one)",
                )
        self.plan.unchanged["rates"] += 1

    @property
    def rates(self) -> RateBook:
        """The rates an update's conversion is checked with: the ledger's, and the file's new
        ones (read before its updates)."""
        if self._rates is None:
            self._rates = rate_book(self.db, self.plan.writes.rates)
        return self._rates

    # updates

    def update(self, record: LedgerRecord) -> None:
        uid, pledge_uid = record.uid(), record.uid("pledge_uid")
        document_records.once(record, uid, self.seen["updates"])
        pledge = self.pledge_of(pledge_uid)
        if pledge is None:
            raise record.fail("pledge_uid", f"no pledge with uid {quoted(pledge_uid)}")
        recorded_at, new = document_records.read_update(
            record, pledge, today=self.today, rates=self.rates
        )
        void = document_records.read_void(record)
        plan, writes = self.plan, self.plan.writes
        mine = self.mine["updates"].get(uid)
        if mine is None:
            writes.updates.append((pledge, uid, recorded_at, new))
            plan.added["updates"] += 1
            if void is not None:
                writes.voids.append((uid, *void))
                plan.added["voids"] += 1
            writes.refresh.add(pledge.id)
            return
        _same_update(record, mine, pledge_uid, recorded_at, new, pledge)
        ours = mine["void"]
        if void is None or ours == dict(zip(("uid", "voided_at", "note"), void, strict=True)):
            plan.unchanged["updates"] += 1
        elif ours is None:
            writes.voids.append((uid, *void))
            plan.added["voids"] += 1
            writes.refresh.add(pledge.id)
        else:
            held, said = f"{ours['note']} ({ours['voided_at']})", f"{void[2]} ({void[1]})"
            plan.conflicts.append(Change("update", uid, pledge.id, "void", held, said))
            if plan.prefer == "theirs":
                writes.void_replacements.append((uid, *void))


def plan_merge(
    db: Any,
    document: Any,
    *,
    name: str,
    today: date,
    now: str,
    prefer: str | None = None,
    allow_duplicates: bool = False,
    progress: Progress | None = None,
) -> MergePlan:
    """The plan of merging a whole-ledger document into the ledger; reads, never writes.

    A bad record stops it with an error naming the file, the record and the field.
    """
    document = document_records.check_marker(document, name)
    plan = MergePlan(name=name, prefer=prefer)
    merge = _Merge(db, plan, today=today, now=now, allow_duplicates=allow_duplicates)
    sections = {key: section(document, key, name) for key in SECTIONS}
    total, done = len(sections["pledges"]) + len(sections["updates"]), 0
    fresh: list[_Fresh] = []
    readers: dict[str, Callable[[LedgerRecord], None]] = {
        "actors": merge.actor,
        "events": merge.event,
        "rates": merge.rate,
        "pledges": lambda record: merge.pledge(record, fresh),
        "updates": merge.update,
    }
    for key in SECTIONS:  # in order: what a record names is merged before it
        for index, raw in enumerate(sections[key]):
            if not merge.unchanged(key, index, raw):
                readers[key](merge.record(key, index, raw))
            if key in ("pledges", "updates"):
                done += 1
                _tick(progress, done, total)
        if key == "pledges":
            merge.add_pledges(fresh)
    return plan


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and done % 500 == 0:
        progress(done, total)


def _pledge(pledge_id: int, uid: str, created_at: str, new: NewPledge) -> Pledge:
    """A pledge as stored, from what it holds."""
    fields = {f.name: getattr(new, f.name) for f in dataclasses.fields(Pledge)
              if hasattr(new, f.name)}  # fmt: skip
    return Pledge(**{**fields, "id": pledge_id, "uid": uid, "created_at": created_at})


def _check_merged(
    record: LedgerRecord,
    merged: NewPledge,
    ours: NewPledge,
    pledge_id: int,
    taken: set[str],
    today: date,
) -> None:
    """Refuse a merged pledge that breaks a rule: the fields taken from the file must still make
    a pledge with those this ledger keeps."""
    try:
        with record.rules():
            validate_pledge_record(merged, today=today, known=ours)
    except ImportRowError as error:
        fields = ", ".join(sorted(taken))
        raise ImportRowError(
            f"{error} (taking its {fields} into this ledger's pledge {pledge_id}, which keeps "
            f"its other fields; edit pledge {pledge_id} so the two agree, then import again)"
        ) from None


def _same_update(
    record: LedgerRecord,
    mine: dict[str, Any],
    pledge_uid: str,
    recorded_at: str,
    new: NewUpdate,
    pledge: Pledge,
) -> None:
    """Refuse an update whose uid this ledger holds with other values: an update never changes
    (a correction is a new update)."""
    ours = document_records.update_values(
        LedgerRecord("the ledger", "", mine, "updates"), pledge.kind
    )
    for field_name, theirs, held in (
        ("pledge_uid", pledge_uid, mine["pledge_uid"]),
        ("recorded_at", recorded_at, mine["recorded_at"]),
        *((f.name, getattr(new, f.name), getattr(ours, f.name)) for f in dataclasses.fields(new)),
    ):
        if theirs != held:
            raise record.fail(
                field_name,
                "this ledger holds the update with this uid with another "
                f"{field_name}; an update never changes (record a correction as a new update)",
            )
