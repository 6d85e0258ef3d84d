"""Probable duplicates on import: a pledge whose actor, title and announced date match one the
ledger (or the same file) already has is the same pledge recorded twice, whatever its uid says.
Titles match regardless of case, accents, dots and spacing; actors by their key or an alias.
"""

from __future__ import annotations

from typing import Any

from pledgetrack.domain.model import NewPledge
from pledgetrack.domain.names import actor_key, name_key
from pledgetrack.storage import archive

Key = tuple[str, str, str | None]


class Duplicates:
    """The pledges an import must not add again, as it goes: the ledger's, then the file's."""

    def __init__(self, db: Any) -> None:
        stored, self._aliases = archive.pledge_matches(db)
        self._known: dict[Key, int | None] = {
            (actor, name_key(title), announced): pledge_id
            for (actor, title, announced), pledge_id in stored.items()
        }

    def _key(self, new: NewPledge) -> Key:
        actor = actor_key(new.actor)
        announced = new.announced_on.isoformat() if new.announced_on else None
        return self._aliases.get(actor, actor), name_key(new.title), announced

    def match(self, new: NewPledge) -> tuple[bool, int | None]:
        """Whether `new` is probably a pledge already seen, and the ledger's id for it (None for
        an earlier record of the same file)."""
        key = self._key(new)
        return key in self._known, self._known.get(key)

    def add(self, new: NewPledge) -> None:
        """Remember a pledge the import adds, so the file cannot add it twice."""
        self._known.setdefault(self._key(new), None)


def duplicate_message(pledge_id: int | None) -> str:
    """Why a record is refused as a probable duplicate, and how to add it anyway."""
    which = f"pledge {pledge_id}" if pledge_id is not None else "an earlier record of this file"
    return (
        f"probably {which} again (same actor, title and announced date); "
        "give --allow-duplicates to add it anyway"
    )
