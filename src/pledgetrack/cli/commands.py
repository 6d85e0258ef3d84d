"""The list of commands, each in the module named after it, imported only when it is run.

`pledgetrack report` imports the report module and what it needs, not the other fifteen; the
top-level `--help` imports them all to show their one-line summaries.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

# Typer has no public hook for building one command lazily; these are the functions its own
# `Typer.command()` registration goes through.
from typer.main import get_command_from_info, get_group
from typer.models import CommandInfo

# name -> (module, function or Typer app of a command group), in the order `--help` shows them.
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
    "amount": ("pledgetrack.cli.amount", "amount"),
    "methodology": ("pledgetrack.cli.methodology", "methodology"),
    "export": ("pledgetrack.cli.export", "export"),
    "import": ("pledgetrack.cli.import_", "import_"),
    "check": ("pledgetrack.cli.check", "check"),
    "backup": ("pledgetrack.cli.backup", "backup"),
    "rate": ("pledgetrack.cli.rate", "app"),
    "publish": ("pledgetrack.cli.publish", "publish"),
    "extract": ("pledgetrack.cli.extract", "extract"),
}


def refuse_repeated_options(command: Any, ctx: Any, args: list[str]) -> None:
    """Refuse an option that takes one value given more than once (`--by A --by B`): Click
    would keep the last one silently. Flags and repeatable options may be given again."""
    from pledgetrack.errors import InputError

    single: dict[str, str] = {}  # every spelling of a one-value option -> its first spelling
    takes_value: set[str] = set()
    for param in command.get_params(ctx):
        names = [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
        if getattr(param, "is_flag", False) or not names:
            continue
        takes_value.update(names)
        if not getattr(param, "multiple", False):
            single.update(dict.fromkeys(names, names[0]))
    seen: set[str] = set()
    words = iter(args)
    for word in words:
        if word == "--":
            break
        name = word.split("=", 1)[0] if word.startswith("--") else word[:2]
        if name not in takes_value:
            if isinstance(command, TyperGroup) and not word.startswith("-"):
                break  # the command's own words are its own to check
            continue
        if name in single:
            if single[name] in seen:
                raise InputError(f"{single[name]} was given more than once; give it once")
            seen.add(single[name])
        if word == name:  # the value is the next word
            next(words, None)


class OneValueOnce(TyperCommand):
    """A command whose one-value options may be given only once, and whose output ends quietly
    when the reader of a pipe stops early (Typer would exit 1)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        refuse_repeated_options(self, ctx, args)
        return list(super().parse_args(ctx, args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            from pledgetrack.cli.output import reader_gone

            reader_gone()
            raise typer.Exit(0) from None


class LazyCommands(TyperGroup):
    """The top-level group: knows its commands by name and builds each on first use; like its
    commands, it refuses a one-value option given twice (`--db`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        refuse_repeated_options(self, ctx, args)
        return list(super().parse_args(ctx, args))

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
    if isinstance(callback, typer.Typer):  # a group of commands (`rate add`, `rate list`)
        return get_group(callback)
    return get_command_from_info(
        CommandInfo(name=name, callback=callback, cls=OneValueOnce),
        pretty_exceptions_short=True,
        rich_markup_mode=None,
    )
