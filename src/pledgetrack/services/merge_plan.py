"""The plan of a merge of another ledger's export: what it adds, which fields it updates, which
conflict, what it leaves unchanged (what `import --dry-run` shows), and the rows that do it.

services.merge makes it; services.merge_writes writes it. Plain values, no I/O.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pledgetrack.domain.exchange import ExchangeRate
from pledgetrack.domain.model import NewPledge, NewUpdate, Pledge, SourceRef
from pledgetrack.formats.ledger_records import LedgerRecord
from pledgetrack.services.ledger_document import Edit
from pledgetrack.services.parts import ImportedLink
from pledgetrack.storage import merging


@dataclass(frozen=True)
class Change:
    """A field of a record both ledgers hold, where they differ: this ledger's value (`mine`)
    and the file's (`theirs`), as the edit history writes them."""

    record: str  # pledge, update, actor or event
    uid: str  # the pledge's or update's uid; the actor's or event's key
    pledge_id: int | None  # in this ledger: the pledge, or the update's pledge
    field: str
    mine: str | None
    theirs: str | None


@dataclass(frozen=True)
class NewPledgeRow:
    """A pledge this ledger lacks, with its id here and its edit history, and the record it was
    read from (which a rule its writing breaks names)."""

    uid: str
    pledge_id: int
    created_at: str
    new: NewPledge
    edits: list[Edit]
    record: LedgerRecord


@dataclass(frozen=True)
class PledgeMerge:
    """What a merge changes in a pledge both ledgers hold: the fields it takes (from `new`), the
    edits it adds with their origin (None: made here, settling a conflict), the sources."""

    pledge_id: int
    new: NewPledge
    fields: set[str]
    edits: list[tuple[Edit, str | None]]
    sources: list[SourceRef]


@dataclass
class MergeWrites:
    """The rows a merge writes."""

    actors: list[tuple[str, str]] = field(default_factory=list)
    actor_names: list[tuple[str, str]] = field(default_factory=list)
    aliases: list[tuple[str, str, str]] = field(default_factory=list)
    alias_names: list[tuple[str, str]] = field(default_factory=list)
    events: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    rates: list[ExchangeRate] = field(default_factory=list)
    event_columns: list[tuple[str, str, str | None]] = field(default_factory=list)
    pledges: list[NewPledgeRow] = field(default_factory=list)
    changes: list[PledgeMerge] = field(default_factory=list)
    updates: list[tuple[Pledge, str, str, NewUpdate]] = field(default_factory=list)
    voids: list[merging.Void] = field(default_factory=list)
    void_replacements: list[merging.Void] = field(default_factory=list)
    refresh: set[int] = field(default_factory=set)
    links: list[ImportedLink] = field(default_factory=list)


@dataclass
class MergePlan:
    """What merging a file does: counts of what it adds and leaves unchanged, the fields it
    updates, the conflicts it finds (settled when `prefer` is given), and the writes."""

    name: str
    prefer: str | None
    added: Counter[str] = field(default_factory=Counter)
    updated: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    unchanged: Counter[str] = field(default_factory=Counter)
    writes: MergeWrites = field(default_factory=MergeWrites)

    @property
    def unsettled(self) -> int:
        """The conflicts left as this ledger has them."""
        return 0 if self.prefer else len(self.conflicts)
