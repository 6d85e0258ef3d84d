"""Two whole-ledger exports that diverged from one: the merge benchmark's ledgers.

From the NDJSON export of a ledger (`export --what all --format ndjson`), `diverge` writes what
two analysts' ledgers would hold after working apart for a while: each edits a few thousand
pledges (titles and notes, with their edit history), records a few thousand updates (notes with
a source, and increments at the counting stage), voids a hundred updates and adds a hundred
pledges; some of the same pledges are edited on both sides, in other fields (they merge) or in
the same field with other values (they conflict), and some updates are voided on both sides
with other notes (they conflict too). Deterministic for a seed. Imports nothing from
pledgetrack: the records reach the ledgers through its own import.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIDES = ("A", "B")
CONFLICTS = 300  # pledges whose title both sides edit, to other values
BOTH = 500  # pledges one side retitles and the other annotates: merged without conflict
EDITED = 2500  # pledges only one side edits (a note), per side
UPDATES = 2500  # new updates per side
VOIDS = 100  # updates only one side voids, per side
VOID_CONFLICTS = 20  # updates both sides void, with other notes
NEW_PLEDGES = 100  # per side


@dataclass(frozen=True)
class Diverged:
    """The two documents written, and what they were made to hold."""

    files: dict[str, Path]
    conflicts: int


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _read(path: Path) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = []
    for line in lines[1:]:
        ((section, record),) = json.loads(line, parse_float=str).items()
        records.append((section, record))
    return json.loads(lines[0]), records


def _edit(record: dict[str, Any], field: str, value: str, at: str) -> None:
    record["edits"].append({"edited_at": at, "field": field, "old": record[field], "new": value})
    record[field] = value


def diverge(export: Path, folder: Path, *, seed: int = 2026) -> Diverged:
    """Write `A.ndjson` and `B.ndjson` into `folder`, both grown apart from `export`."""
    header, base = _read(export)
    shared = random.Random(f"{seed}:shared")
    pledges = [r for s, r in base if s == "pledges"]
    updates = [r for s, r in base if s == "updates"]
    order = list(range(len(pledges)))
    shared.shuffle(order)
    conflicting = order[:CONFLICTS]
    both = order[CONFLICTS : CONFLICTS + BOTH]
    rest = order[CONFLICTS + BOTH :]
    alone = {"A": rest[:EDITED], "B": rest[EDITED : 2 * EDITED]}
    voided = shared.sample(range(len(updates)), 2 * VOIDS + VOID_CONFLICTS)
    files = {}
    for n, side in enumerate(SIDES):
        rng = random.Random(f"{seed}:{side}")
        mine = json.loads(json.dumps([r for _, r in base]))  # a deep copy of the records
        mine_pledges = [r for r in mine if "created_at" in r]
        mine_updates = [r for r in mine if "pledge_uid" in r]
        at = f"2025-12-0{n + 1}T12:00:00+00:00"
        for i in conflicting:
            record = mine_pledges[i]
            _edit(record, "title", f"{record['title']} (as {side} has it)", at)
        for i in both:
            record = mine_pledges[i]
            if side == "A":
                _edit(record, "title", f"{record['title']} (retitled)", at)
            else:
                _edit(record, "note", "Annotated on the other side", at)
        for i in alone[side]:
            _edit(mine_pledges[i], "note", f"Checked by analyst {side}", at)
        mine_voided = voided[n * VOIDS : (n + 1) * VOIDS] + voided[2 * VOIDS :]
        for i in mine_voided:
            mine_updates[i]["void"] = {
                "uid": _uid(rng), "voided_at": at, "note": f"Recorded twice ({side})",
            }  # fmt: skip
        for k in range(UPDATES):
            pledge = mine_pledges[rng.randrange(len(mine_pledges))]
            update: dict[str, Any] = {
                "uid": _uid(rng), "pledge_uid": pledge["uid"], "happened_on": "2025-11-30",
                "recorded_at": f"{at[:11]}13:{k // 60 % 60:02d}:{k % 60:02d}+00:00",
                "stage": None, "amount": None, "unit": None, "mode": None, "verdict": None,
                "note": f"Reported by the ministry ({side} {k})", "quote": None,
                "sources": [{"url": f"https://example.org/{side}/{k}", "citation": None,
                             "quote": None}],
                "void": None,
            }  # fmt: skip
            if pledge["unit"] is not None and k % 5 == 0:
                update.update(stage=pledge["counts"], amount="1", unit=pledge["unit"])
                update["mode"] = "increment"
            mine.append(update)
        for k in range(NEW_PLEDGES):
            pledge = json.loads(json.dumps(mine_pledges[rng.randrange(len(mine_pledges))]))
            pledge.update(uid=_uid(rng), created_at=at, edits=[])
            pledge["title"] = f"New pledge {k + 1} recorded by {side}"
            mine.append(pledge)
        path = folder / f"{side}.ndjson"
        with path.open("w", encoding="utf-8") as out:
            out.write(json.dumps(header) + "\n")
            for record in mine:
                section = _section(record)
                out.write(json.dumps({section: record}, ensure_ascii=False) + "\n")
        files[side] = path
    return Diverged(files, CONFLICTS + VOID_CONFLICTS)


def _section(record: dict[str, Any]) -> str:
    if "pledge_uid" in record:
        return "updates"
    if "created_at" in record:
        return "pledges"
    return "actors" if "aliases" in record else "events"
