"""`pledgetrack publish DIR`: a read-only snapshot of the ledger with Datasette's metadata, and
with `--serve`, Datasette itself on this machine."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from pledgetrack.cli.output import deliver, message
from pledgetrack.cli.session import session
from pledgetrack.errors import FileProblemError


def publish(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty folder.")],
    title: Annotated[
        str, typer.Option("--title", help="The published ledger's title.")
    ] = "Diplomatic pledges",
    licence: Annotated[
        str | None, typer.Option("--license", help="The licence of the data, e.g. CC BY 4.0.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Who compiled it, and from what.")
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Start Datasette on 127.0.0.1 and print its URL.")
    ] = False,
    port: Annotated[int, typer.Option("--port", help="The port for --serve.")] = 8001,
) -> None:
    """Publish the ledger read-only: DIR/pledges.db, a consistent snapshot, and DIR/metadata.json
    for Datasette (what each table and column means, saved queries: overdue on a date,
    fulfilment by actor and by tag, a pledge's timeline). `datasette publish` can then put it
    on a host; --serve shows it here (needs `pip install 'pledgetrack[publish]'`).

    Example: pledgetrack publish site --title "US-Mexico pledges" --license "CC BY 4.0" --serve
    """
    from pledgetrack.services.publish import publish_ledger

    target = folder.expanduser()
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent)) or shutil.which(
        "datasette"
    )
    if serve and datasette is None:
        raise FileProblemError(
            "Datasette is not installed: pip install 'pledgetrack[publish]', then publish again"
        )
    with session(ctx).open() as ledger:
        database, described = publish_ledger(
            ledger, target, title=title, licence=licence, source=source
        )
    message(f"Published {database} and {described}.")
    if not serve or datasette is None:
        return
    url = f"http://127.0.0.1:{port}/"
    command = [datasette, "serve", "--immutable", str(database), "--metadata", str(described),
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.DEVNULL) as server:
        deliver(url)
        message("Datasette is serving it; Ctrl-C stops it.")
        try:
            server.wait()
        finally:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=10)
