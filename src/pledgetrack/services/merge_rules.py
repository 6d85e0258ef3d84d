"""What a merge of another ledger's export does with each field of each kind of record: the one
table a new field or a new kind of record is added to (docs/formats.md#merging).

- an actor or event is the same one when its key is; of two names for it the fuller one is kept
  (the longer, then the first in order), so both ledgers end with the same; an event's date or
  place fills in one that is missing, and two that differ are a conflict;
- a pledge is the same one when its uid is. Each field `edit` changes is merged on its own, by
  the pledge's edit history on both sides: a field only one side changed since the edits both
  hold takes that side's value, a field both changed to different values (or that differs with
  no edit to say which side changed it) is a conflict; sources and edits are added; its
  `created_at` never changes;
- an update is the same one when its uid is, and never changes; a void is added to an update
  that has none, and two different voids of one update are a conflict;
- an exchange rate is the same one when its uid is, and never changes: one this ledger lacks is
  added (and the pledges it may count differently are counted again), another value for the
  same uid is refused.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pledgetrack.domain.names import actor_key, name_key

SECTIONS = ("actors", "events", "rates", "pledges", "updates")
"""The document's sections in the order they are merged: what a record names comes first."""


@dataclass(frozen=True)
class MergedField:
    """A field of a pledge, merged on its own: the record fields that hold it, the pledge's
    attributes compared (the record's fields by default), and how a name is matched."""

    fields: tuple[str, ...]
    attributes: tuple[str, ...] = ()
    key: Callable[[str], str] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The pledge's attributes that hold the field."""
        return self.attributes or self.fields

    def value(self, pledge: Any) -> tuple[Any, ...]:
        """What is compared of a pledge (a Pledge or NewPledge): names by their matching key."""
        values = tuple(getattr(pledge, a) for a in self.names)
        if self.key is None:
            return values
        return tuple(self._keyed(v) for v in values)

    def _keyed(self, value: Any) -> Any:
        assert self.key is not None
        if isinstance(value, str):
            return self.key(value)
        if isinstance(value, tuple):  # a list of names: recipients
            return tuple(self._keyed(v) for v in value)
        return value


TARGET = (
    "kind", "target", "target_qualifier", "target_qualifier_text", "target_high", "target_rate",
    "target_text",
)  # fmt: skip
PLEDGE_FIELDS: dict[str, MergedField] = {
    "title": MergedField(("title",)),
    "actor": MergedField(("actor",), key=actor_key),
    "recipient": MergedField(("recipient",), ("recipients",), key=actor_key),
    "target": MergedField((*TARGET, "unit"), TARGET),
    "deadline": MergedField(
        ("deadline", "deadline_precision", "deadline_basis", "deadline_phrase"), ("deadline",)
    ),
    "announced_on": MergedField(("announced_on",)),
    "event": MergedField(("event",), key=name_key),
    "quote": MergedField(("quote",)),
    "note": MergedField(("note",)),
    "counts": MergedField(("counts",)),
    "tags": MergedField(("tags",)),
}
"""The fields of a pledge `edit` changes, by the name its history gives them."""

PARENT = "parent_uid"
"""The pledge a part belongs to: merged by its edit history as each of PLEDGE_FIELDS is, but
written as a link between two pledges of the ledger (services.parts), once all are in."""

PLEDGE_APART = {
    "uid": "the pledge's identity",
    "id": "this ledger's own short id: not merged",
    "created_at": "never changes: another one for the same uid is refused",
    "parent_uid": "merged by its edits as the fields above (PARENT), and written as a link",
    "sources": "those this ledger lacks are added",
    "edits": "the history that decides each field; those this ledger lacks are added",
}
"""The other fields of a pledge record, and what a merge does with them."""

UPDATE_APART = {
    "uid": "the update's identity",
    "void": "added to an update this ledger holds unvoided; two different ones are a conflict",
}
"""An update's fields a merge treats apart; every other one never changes: another value for the
same uid is refused."""

RATE_APART = {"uid": "the rate's identity"}
"""A rate's fields a merge treats apart; every other one never changes: another value for the
same uid is refused."""

ACTOR_FIELDS = {"key": "identity", "name": "the fuller name", "aliases": "added"}
"""The fields of an actor record, and what a merge does with them."""
EVENT_FIELDS = {
    "key": "identity",
    "name": "the fuller name",
    "held_on": "filled in; two that differ are a conflict",
    "place": "filled in; two that differ are a conflict",
}
"""The fields of an event record, and what a merge does with them."""

PREFERENCES = ("mine", "theirs")


def fuller_name(mine: str, theirs: str) -> str:
    """Of two names of one actor, alias or event, the one both ledgers keep: the longer, then
    the first in order."""
    return min(mine, theirs, key=lambda name: (-len(name), name))


def decide(*, mine_changed: bool, theirs_changed: bool) -> str:
    """Whose value a field that differs takes: `theirs` when only the other ledger changed it
    since the edits both hold, `mine` when only this one did, else `conflict`."""
    if theirs_changed and not mine_changed:
        return "theirs"
    if mine_changed and not theirs_changed:
        return "mine"
    return "conflict"
