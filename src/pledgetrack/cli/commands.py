"""The list of commands: each lives in the module named after it."""

from __future__ import annotations

import typer

from pledgetrack.cli import (
    add,
    backup,
    check,
    delete,
    due,
    edit,
    export,
    import_,
    init,
    methodology,
    report,
    search,
    show,
    summary,
    update,
)
from pledgetrack.cli import list as list_command


def register(app: typer.Typer) -> None:
    """Add every command to the app, in the order `--help` shows them."""
    app.command("init")(init.init)
    app.command("add")(add.add)
    app.command("update")(update.update)
    app.command("show")(show.show)
    app.command("list")(list_command.list_pledges)
    app.command("report")(report.report)
    app.command("summary")(summary.summary)
    app.command("search")(search.search)
    app.command("edit")(edit.edit)
    app.command("delete")(delete.delete)
    app.command("due")(due.due)
    app.command("methodology")(methodology.methodology)
    app.command("export")(export.export)
    app.command("import")(import_.import_)
    app.command("check")(check.check)
    app.command("backup")(backup.backup)
