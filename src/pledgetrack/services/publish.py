"""Publishing a ledger read-only: a consistent snapshot (the backup's copy) and the metadata
Datasette reads beside it. Writes only into the folder the caller names; never prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from pledgetrack.errors import FileProblemError
from pledgetrack.formats.writers import writer_for
from pledgetrack.storage.backups import write_backup
from pledgetrack.storage.ledger import Ledger
from pledgetrack.storage.publishing import metadata

DATABASE = "pledges"


def publish_ledger(
    ledger: Ledger, folder: Path, *, title: str, licence: str | None, source: str | None
) -> tuple[Path, Path]:
    """Write `folder/pledges.db` and `folder/metadata.json`; returns their paths. The folder is
    made if need be; files already there are not replaced."""
    database, described = folder / f"{DATABASE}.db", folder / "metadata.json"
    for path in (database, described):
        if path.exists():
            raise FileProblemError(f"{path} already exists; publish into a new or empty folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblemError(f"cannot make the folder {folder}: {error.strerror}") from None
    write_backup(ledger, database)
    document = metadata(DATABASE, title=title, licence=licence, source=source)
    try:
        with described.open("w", encoding="utf-8") as out:
            _write_json(out, document)
    except OSError as error:
        database.unlink(missing_ok=True)
        raise FileProblemError(f"cannot write {described}: {error.strerror}") from None
    return database, described


def _write_json(out: IO[str], document: dict[str, object]) -> None:
    writer_for("json").write_one(out, (), document)
