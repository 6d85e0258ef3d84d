"""The list of commands, each in the module named after it, imported only when it is run.

`pledgetrack report` imports the report module and what it needs, not the other fifteen; the
top-level `--help` imports them all to show their one-line summaries.
"""

from __future__ import annotations

import importlib
from typing import Any

from typer.core import TyperGroup

# Typer has no public hook for building one command lazily; these are the functions its own
# `Typer.command()` registration goes through.
from typer.main import get_command_from_info
from typer.models import CommandInfo

# name -> (module, function), in the order `--help` shows them.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("pledgetrack.cli.init", "init"),
    "add": ("pledgetrack.cli.add", "add"),
    "update": ("pledgetrack.cli.update", "update"),
    "show": ("pledgetrack.cli.show", "show"),
    "list": ("pledgetrack.cli.list", "list_pledges"),
    "report": ("pledgetrack.cli.report", "report"),
    "summary": ("pledgetrack.cli.summary", "summary"),
    "search": ("pledgetrack.cli.search", "search"),
    "edit": ("pledgetrack.cli.edit", "edit"),
    "delete": ("pledgetrack.cli.delete", "delete"),
    "due": ("pledgetrack.cli.due", "due"),
    "methodology": ("pledgetrack.cli.methodology", "methodology"),
    "export": ("pledgetrack.cli.export", "export"),
    "import": ("pledgetrack.cli.import_", "import_"),
    "check": ("pledgetrack.cli.check", "check"),
    "backup": ("pledgetrack.cli.backup", "backup"),
}


class LazyCommands(TyperGroup):
    """The top-level group: knows its commands by name and builds each on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = command(cmd_name)
        return self.commands.get(cmd_name)


def command(name: str) -> Any:
    """The Click command Typer builds for the command called `name`."""
    module_name, function = COMMANDS[name]
    callback = getattr(importlib.import_module(module_name), function)
    return get_command_from_info(
        CommandInfo(name=name, callback=callback),
        pretty_exceptions_short=True,
        rich_markup_mode=None,
    )
