"""Build the example ledger from examples/seed_ledger.json through pledgetrack's own services.

Every amount, date, deadline phrase, stage and verdict is read by the one way in that `add` and
`update` use (services.intake), and every write goes through `record_pledge` / `record_update`, so
the example obeys the same rules as a user's ledger. Timestamps and pledge uids come from the
source file, never from the clock.

Usage: python examples/build_example.py [OUT.db]   (by default, as `make example` does, the copy
the package ships: src/pledgetrack/data/pledges.db.example, which pledges.db.example links to)
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from pledgetrack.domain.dates import parse_date
from pledgetrack.domain.model import NewPledge, SourceRef
from pledgetrack.errors import PledgetrackError
from pledgetrack.services.intake import PledgeText, parse_new_pledge
from pledgetrack.services.pledges import record_pledge, record_update
from pledgetrack.services.update_intake import UpdateText
from pledgetrack.storage.ledger import Ledger, open_ledger

SOURCE = Path(__file__).with_name("seed_ledger.json")
# The example `init --example` copies; the root pledges.db.example is a link to it.
DEFAULT_OUT = (
    Path(__file__).resolve().parents[1] / "src" / "pledgetrack" / "data" / "pledges.db.example"
)
# `today` for the readers and the rules (nothing after it may be recorded): the day the facts
# of the source file were last checked, fixed so that a build never depends on when it runs.
TODAY = date(2026, 12, 1)
# Pledge uids are uuid5(NAMESPACE, key): the same key gives the same uid in every build.
NAMESPACE = uuid.UUID("6f1d3c2e-5b7a-4c1e-9a0d-2e8f4b6c7d10")

PLEDGE_KEYS = {
    "key", "title", "by", "to", "target", "due", "event", "announced", "quote", "note",
    "tags", "counts", "sources", "updates", "part_of",
}  # fmt: skip
UPDATE_KEYS = {"on", "stage", "amount", "total", "verdict", "note", "quote", "sources"}
SOURCE_KEYS = {"url", "citation", "quote"}


class SeedError(Exception):
    """A mistake in the source file, named by the pledge it is in."""


def timestamp(day: date) -> str:
    """A deterministic timestamp for a day: noon UTC."""
    return f"{day.isoformat()}T12:00:00+00:00"


def pledge_uid(key: str) -> str:
    """The uid of the pledge with this key in the source file."""
    return str(uuid.uuid5(NAMESPACE, key))


def _check_keys(item: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise SeedError(f"{where}: unknown field(s) {', '.join(unknown)}")


def _sources(items: list[dict[str, str]], where: str) -> tuple[SourceRef, ...]:
    for item in items:
        _check_keys(item, SOURCE_KEYS, where)
        if not (item.get("url") or item.get("citation")):
            raise SeedError(f"{where}: a source needs a url or a citation")
    return tuple(
        SourceRef(url=s.get("url"), citation=s.get("citation"), quote=s.get("quote")) for s in items
    )


def _recipients(to: str | list[str] | None, where: str) -> tuple[str, ...]:
    """`to`: one recipient's name, or a list of them in order."""
    if to is None:
        return ()
    names = [to] if isinstance(to, str) else to
    if not names or not all(isinstance(name, str) for name in names):
        raise SeedError(f"{where}: `to` is a name or a list of names")
    return tuple(names)


def new_pledge(item: dict[str, Any], events: dict[str, dict[str, str]]) -> NewPledge:
    """A NewPledge from one entry of the source file, read as `add` reads what is typed."""
    key = item["key"]
    _check_keys(item, PLEDGE_KEYS, key)
    event = events[item["event"]] if item.get("event") else None
    sources = _sources(item.get("sources", []), key)
    if not sources:
        raise SeedError(f"{key}: every pledge in the example needs a source")
    typed = PledgeText(
        title=item["title"],
        actor=item["by"],
        recipients=_recipients(item.get("to"), key),
        target=item.get("target"),
        due=item.get("due"),
        announced=item.get("announced") or (event["date"] if event else None),
        event=event["name"] if event else None,
        event_on=event["date"] if event else None,
        event_place=event.get("place") if event else None,
        quote=item.get("quote"),
        note=item.get("note"),
        counts=item.get("counts"),
        tags=tuple(item.get("tags", ())),
        sources=sources,
    )
    return parse_new_pledge(typed, today=TODAY)


def update_text(item: dict[str, Any], where: str) -> UpdateText:
    """One dated entry of a pledge's updates, as `update` takes it."""
    _check_keys(item, UPDATE_KEYS, where)
    return UpdateText(
        on=item["on"],
        amount=item.get("amount"),
        total=item.get("total"),
        stage=item.get("stage"),
        verdict=item.get("verdict"),
        note=item.get("note"),
        quote=item.get("quote"),
        sources=_sources(item.get("sources", []), where),
    )


def fill(ledger: Ledger, document: dict[str, Any]) -> int:
    """Record every pledge of the document with its updates; returns how many pledges. A
    pledge's `part_of` is the key of its parent, an entry before it."""
    events: dict[str, dict[str, str]] = document["events"]
    ids: dict[str, int] = {}
    for item in document["pledges"]:
        key = item["key"]
        parent = item.get("part_of")
        if parent is not None and parent not in ids:
            raise SeedError(f"{key}: part_of {parent!r} is no pledge before it")
        try:
            pledge = new_pledge(item, events)
            created = pledge.announced_on or parse_date(item["updates"][0]["on"], today=TODAY)
            pledge_id = record_pledge(
                ledger,
                pledge,
                today=TODAY,
                now=timestamp(created),
                uid=pledge_uid(key),
                part_of=ids[parent] if parent is not None else None,
            )
            ids[key] = pledge_id
            for n, entry in enumerate(item.get("updates", []), start=1):
                update = update_text(entry, f"{key}, update {n}")
                record_update(
                    ledger,
                    pledge_id,
                    update,
                    today=TODAY,
                    now=timestamp(parse_date(entry["on"], today=TODAY)),
                    uid=pledge_uid(f"{key}/update/{n}"),
                )
        except PledgetrackError as error:
            raise SeedError(f"{key}: {error}") from error
    return len(document["pledges"])


def build(source: Path, out: Path) -> int:
    """Build the ledger in a temporary file beside `out`, then rename it into place."""
    wal = Path(f"{out}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise SeedError(f"{out} has unsaved changes in {wal.name}; close whatever has it open")
    document = json.loads(source.read_text(encoding="utf-8"))
    fd, temp_name = tempfile.mkstemp(prefix=".example-", suffix=".db", dir=out.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        temp.unlink()
        with open_ledger(temp, create=True, readonly=False) as ledger:
            count = fill(ledger, document)
        # The example is only read: a rollback journal means readers leave no -wal or -shm
        # beside it. A ledger copied from it switches to WAL on its first write.
        conn = sqlite3.connect(temp)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
        # A read-only reader (`make demo`) leaves an empty -wal and a -shm behind; they describe
        # the old file, so they go with it.
        for stale in (wal, Path(f"{out}-shm")):
            stale.unlink(missing_ok=True)
        temp.replace(out)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
    return count


def main(argv: list[str]) -> int:
    """Build OUT.db (by default the package's example) from the source file; exit 2 on a usage or
    source-file error."""
    if len(argv) > 1:
        print("usage: python examples/build_example.py [OUT.db]", file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else DEFAULT_OUT
    if out.is_symlink():  # write the file it links to, never replace the link with a file
        out = out.resolve()
    try:
        count = build(SOURCE, out)
    except SeedError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    print(f"Built {out} with {count} pledges from {SOURCE.name}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
