"""Parts of a pledge (docs/concepts.md#parts): which pledge may be a part of which, checked the
same way for `add --part-of`, `edit --part-of` and an import's `parent_uid`.

A tree is one level deep: a parent is no part, a part has no parts, no pledge is a part of
itself (so there are no cycles). An import links its pledges once they are all in, so a part may
come before its parent in the file. Runs inside the caller's transaction; never prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pledgetrack.domain.model import Pledge
from pledgetrack.domain.progress import Exclusion
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError, PartLinkError
from pledgetrack.storage import archive, records, states

NONE = "none"


def parse_part_of(text: str, *, detach: bool) -> int | None:
    """`--part-of ID`: a pledge's id; with `detach` (`edit`), also `none`, for none."""
    typed = text.strip()
    if detach and typed.lower() == NONE:
        return None
    if typed.isascii() and typed.isdigit():
        return int(typed)
    also = " or none" if detach else ""
    raise InputError(f"--part-of takes a pledge's id{also}, not {quoted(text)}", field="parent_uid")


def check_link(db: Any, part_id: int, parent_id: int) -> Pledge:
    """The pledge `parent_id`, once `part_id` may be a part of it; PledgeNotFoundError if there
    is no such pledge, PartLinkError if the link would loop or nest."""
    if part_id == parent_id:
        raise PartLinkError(f"pledge {part_id} cannot be a part of itself", field="parent_uid")
    parent = records.pledge(db, parent_id)
    if parent.parent_id == part_id:
        raise PartLinkError(
            f"pledge {parent_id} is a part of pledge {part_id}, which cannot be a part of it too",
            field="parent_uid",
        )
    own = states.part_ids(db, part_id)
    if own:
        raise PartLinkError(
            f"pledge {part_id} has parts of its own ({', '.join(map(str, own))}), and a part "
            "has none: one level of parts is kept",
            field="parent_uid",
        )
    if parent.parent_id is not None:
        raise PartLinkError(
            f"pledge {parent_id} is a part of pledge {parent.parent_id}, and a part has no parts "
            f"of its own: make it a part of pledge {parent.parent_id} instead",
            field="parent_uid",
        )
    return parent


def link_part(db: Any, part_id: int, parent_id: int | None) -> Pledge | None:
    """Make `part_id` a part of `parent_id` (None: of no pledge), once allowed, and refresh the
    states it changes; returns the new parent."""
    parent = check_link(db, part_id, parent_id) if parent_id is not None else None
    states.set_parent(db, part_id, parent_id)
    return parent


def parent_note(db: Any, part: Pledge, parent: Pledge, *, on_update: bool = False) -> str | None:
    """What to tell the user of how a parent counts a part, as its facts were last folded: left
    out (another unit, a parent without a target, an amount with no rate into the parent's
    currency), or counted converted into the parent's currency; None when it counts as it is,
    or has no target. `on_update`: only what an update can change, an amount with no rate."""
    if part.target is None:
        return None
    counts = f"counts {parent.target.unit}" if parent.target else "has no target"
    both = f"pledge {part.id} counts {part.target.unit} and its parent {parent.id} {counts}"
    why = states.left_out_of(db, parent.id).get(part.id)
    if on_update and (why is None or why.reason is not Exclusion.NO_RATE):
        return None
    if why is not None:
        said = (
            f"{both}: its progress is left out of pledge {parent.id}'s, and of the totals with it"
        )
        if why.reason is Exclusion.NO_RATE:
            said += f", {why.text()}; a rate for that day (rate add) would count it"
        return said
    if parent.target is not None and part.target.unit != parent.target.unit:
        return (
            f"{both}: its progress counts in pledge {parent.id}'s converted into "
            f"{parent.target.unit}, each amount at the rate of its own date (and none of it "
            "while an amount has no rate)"
        )
    return None


@dataclass(frozen=True)
class ImportedLink:
    """A record of an import file and the parent it names (None: none): its uid, the parent's
    uid, whether the import links it — a record the import adds, or a parent a merge takes
    from the file — and the error naming its line or record and the `parent_uid` field. A
    link that is not applied is still checked: its parent must exist."""

    uid: str
    parent_uid: str | None
    new: bool
    fail: Callable[[str], Exception]


def link_imported(db: Any, links: Iterable[ImportedLink]) -> None:
    """Make each linked record a part of the pledge its `parent_uid` names, in the file or in
    the ledger (or of none); a uid found in neither, or a link that would nest or loop, is a bad
    record."""
    links = list(links)
    if not links:  # most imports: no need to know every pledge's uid
        return
    by_uid = archive.pledge_ids_by_uid(db)
    parents: set[int] = set()
    for link in links:
        if link.parent_uid == link.uid:
            raise link.fail("a pledge cannot be a part of itself")
        if link.parent_uid is not None and link.parent_uid not in by_uid:
            raise link.fail(
                f"no pledge with uid {quoted(link.parent_uid)} in the file or the ledger"
            )
        if link.new:
            part_id = by_uid[link.uid][0]
            parent_id = by_uid[link.parent_uid][0] if link.parent_uid is not None else None
            try:
                if parent_id is not None:
                    check_link(db, part_id, parent_id)
            except InputError as error:
                raise link.fail(str(error)) from None
            parents.update(states.set_parent(db, part_id, parent_id, refresh=False))
    states.refresh_many(db, parents)
