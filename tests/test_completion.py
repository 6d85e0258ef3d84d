"""Shell completion through the real console script, as bash asks for it: command names, the
fixed words of options, and the ids, actors and tags of the ledger named by --db or
PLEDGETRACK_DB (a ledger that cannot be read completes nothing)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import SCRIPT, ok


def complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash would offer for the last word of `line` (a trailing space: a new word)."""
    words = line.split()
    index = len(words) if line.endswith(" ") else len(words) - 1
    done = subprocess.run(
        [str(SCRIPT)],
        env={
            **os.environ,
            **(env or {}),
            "_PLEDGETRACK_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(index),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [word for word in done.stdout.splitlines() if word]


@pytest.fixture
def ledger(ledger_path: Path) -> Path:
    ok("add", "Visas", "--by", "United States", "--tag", "visas", "--tag", "labor")
    ok("add", "Border", "--by", "Mexico", "--tag", "border")
    return ledger_path


def test_commands_and_fixed_words(ledger: Path) -> None:
    assert complete("pledgetrack rep") == ["report"]
    assert complete("pledgetrack list --status ov") == ["overdue"]
    assert complete("pledgetrack update 1 --stage d") == ["disbursed", "delivered"]
    assert complete("pledgetrack update 1 --status f") == ["fulfilled"]
    assert complete("pledgetrack list --sort pr") == ["progress"]
    assert complete("pledgetrack report --format nd") == ["ndjson"]


def test_ids_actors_and_tags_come_from_the_ledger(ledger: Path, tmp_path: Path) -> None:
    assert complete("pledgetrack show ") == ["1", "2"]
    assert complete("pledgetrack list --actor Me") == ["Mexico"]
    assert complete("pledgetrack add X --by Un") == ["United States"]
    # --to, once or again, on add, edit and the filters
    assert complete("pledgetrack add X --by Mexico --to Un") == ["United States"]
    assert complete("pledgetrack add X --to Mexico --to Un") == ["United States"]
    assert complete("pledgetrack edit 1 --to Me") == ["Mexico"]
    assert complete("pledgetrack summary --to Me") == ["Mexico"]
    assert complete("pledgetrack report --tag la") == ["labor"]
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    assert complete(f"pledgetrack --db {other} show ") == []
    assert complete("pledgetrack show ", env={"PLEDGETRACK_DB": str(tmp_path / "none.db")}) == []


def test_the_completion_script_is_shown_for_the_shell_it_runs_in() -> None:
    done = subprocess.run(
        ["bash", "-c", f"'{SCRIPT}' --show-completion"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "complete -o default -F _pledgetrack_completion pledgetrack" in done.stdout
