"""`pledgetrack import`, run as command lines: all or nothing, bad rows named by line
and column, rows already in the ledger skipped."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import SCRIPT, assert_clean_error, digest, ok, run

PLEDGE_HEADER = ["title", "actor", "recipient", "target", "unit", "deadline_phrase",
                 "announced_on", "tags", "sources", "status", "counted"]  # fmt: skip


def pledge_csv(rows: int, *, bad: dict[int, dict[str, str]] | None = None) -> str:
    """A CSV of `rows` pledges; `bad` replaces cells of some data rows (1-based)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, PLEDGE_HEADER, lineterminator="\n")
    writer.writeheader()
    for n in range(1, rows + 1):
        row = {
            "title": f"Pledge {n}",
            "actor": "Mexico" if n % 2 else "United States",
            "recipient": "Guatemala",
            "target": str(1000 * n),
            "unit": "USD" if n % 3 else "visas",
            "deadline_phrase": "FY2024" if n % 2 else "+2y",
            "announced_on": "2022-06-10",
            "tags": "border;aid",
            "sources": "https://example.org/a;Reuters, 2022-06-10",
            "status": "fulfilled",  # computed: ignored
            "counted": "999",  # computed: ignored
        }
        row.update((bad or {}).get(n, {}))
        writer.writerow(row)
    return out.getvalue()


def listed(*args: str) -> list[dict[str, object]]:
    records = json.loads(ok("list", "--format", "json", "--as-of", "2026-01-01", *args).stdout)
    assert isinstance(records, list)
    return records


@pytest.fixture
def ledger(ledger_path: Path) -> Path:
    ok("init")
    return ledger_path


def test_thousand_rows_one_bad_imports_nothing_then_all(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "pledges.csv"
    path.write_text(pledge_csv(1000, bad={6: {"target": "lots"}}), encoding="utf-8")
    before = digest(ledger)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "pledges.csv line 7, column target:" in result.stderr
    assert "lots" in result.stderr
    assert digest(ledger) == before
    assert listed() == []

    path.write_text(pledge_csv(1000), encoding="utf-8")
    done = ok("import", str(path))
    assert "Imported 1000 pledges, 0 updates; skipped 0" in done.stderr
    records = listed("--limit", "2000")
    assert len(records) == 1000
    first = records[0]
    assert first["title"] == "Pledge 1"
    assert first["target"] == 1000
    assert first["unit"] == "USD"
    assert first["deadline"] == "2024-09-30"
    assert first["tags"] == ["aid", "border"]
    assert first["sources"] == ["https://example.org/a", "Reuters, 2022-06-10"]
    assert first["status"] == "not_started"  # the `status` column was not believed
    second = records[1]
    assert second["deadline"] == "2024-06-10"  # +2y from the announced date
    assert records[2]["unit"] == "visas"


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"announced_on": "01/02/2022"}, "announced_on"),
        ({"deadline_phrase": "sometime soon"}, "deadline_phrase"),
        ({"title": ""}, "title"),
        ({"target": "-5"}, "target"),
    ],
)
def test_bad_cell_is_named(
    ledger: Path, tmp_path: Path, cells: dict[str, str], column: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(pledge_csv(5, bad={3: cells}), encoding="utf-8")
    before = digest(ledger)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert f"line 4, column {column}:" in result.stderr
    assert digest(ledger) == before


def test_same_export_twice_adds_nothing(ledger: Path, tmp_path: Path) -> None:
    ok("add", "Visas", "--by", "US", "--target", "22,500 visas", "--announced", "2022-06-10")
    ok("update", "1", "--on", "2023-01-01", "--amount", "100 visas")
    whole = tmp_path / "all.json"
    ok("export", "--what", "all", "--format", "json", "-o", str(whole))
    pledges = tmp_path / "p.csv"
    ok("export", "-o", str(pledges))
    updates = tmp_path / "u.csv"
    ok("export", "--what", "updates", "-o", str(updates))
    before = digest(ledger)
    again = ok("import", str(whole))
    assert "added 0 pledges, 0 updates; unchanged 1 pledge, 1 update." in again.stderr
    assert "skipped 1 already" in ok("import", str(pledges)).stderr
    assert "skipped 1 already" in ok("import", str(updates)).stderr
    assert len(listed()) == 1
    assert digest(ledger) == before


def test_updates_by_pledge_id_and_by_uid(ledger: Path, tmp_path: Path) -> None:
    ok("add", "Refugees", "--by", "US", "--target", "20,000 refugees", "--announced", "2022-06-10")
    uid = listed()[0]["uid"]
    by_id = tmp_path / "by_id.csv"
    by_id.write_text(
        "pledge_id,happened_on,amount,unit,mode,stage\n"
        "1,2023-09-30,6320,refugees,total,delivered\n"
        "1,2024-03-31,1000,,,\n",
        encoding="utf-8",
    )
    assert "Imported 0 pledges, 2 updates" in ok("import", str(by_id)).stderr
    by_uid = tmp_path / "by_uid.csv"
    by_uid.write_text(
        "pledge_uid,happened_on,status,note,sources\n"
        f"{uid},2024-06-30,fulfilled,,https://example.org/report\n",
        encoding="utf-8",
    )
    ok("import", str(by_uid))
    state = listed()[0]
    assert state["counted"] == 7320
    assert state["status"] == "fulfilled"
    assert state["conflict"] is True  # 7,320 of 20,000 is not fulfilled: the numbers disagree


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("pledge_id,happened_on,note\n9,2024-01-01,x\n", "line 2, column pledge_id:"),
        ("pledge_uid,happened_on,note\nnope,2024-01-01,x\n", "line 2, column pledge_uid:"),
        ("pledge_id,happened_on,amount,stage\n1,2024-01-01,5,sent\n", "line 2, column stage:"),
        ("pledge_id,happened_on,status\n1,2024-01-01,fulfilled\n", "line 2, column status:"),
        ("pledge_id,happened_on,note\n1,someday,x\n", "line 2, column happened_on:"),
        ("pledge_id,happened_on,amount,unit\n1,2024-01-01,5,GTQ\n", "line 2, column unit:"),
    ],
)
def test_bad_update_rows(ledger: Path, tmp_path: Path, body: str, where: str) -> None:
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10")
    path = tmp_path / "u.csv"
    path.write_text(body, encoding="utf-8")
    before = digest(ledger)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert f"u.csv {where}" in result.stderr
    assert digest(ledger) == before


def test_unreadable_files_are_clean_errors(ledger: Path, tmp_path: Path) -> None:
    before = digest(ledger)
    cases: list[tuple[Path, str]] = []
    cases.append((tmp_path / "missing.csv", "no file"))
    cases.append((tmp_path, "is a folder"))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("title,actor\nOk,Mexico\nCaf\u00e9,M\u00e9xico\n".encode("latin-1"))
    cases.append((latin, "latin.csv line 3, column 4: byte 0xE9 is not UTF-8"))
    quote = tmp_path / "quote.csv"
    quote.write_text('title,actor\nOk,Mexico\n"Never closed,Mexico\n', encoding="utf-8")
    cases.append((quote, "quote.csv line 3: cannot read CSV: a quoted cell is never closed"))
    neither = tmp_path / "neither.csv"
    neither.write_text("name,amount\nx,1\n", encoding="utf-8")
    cases.append((neither, "neither.csv line 1: the header names neither"))
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": "pledgetrack-ledger", "version": 1,\n "actors": [}', "utf-8")
    cases.append((bad_json, "bad.json line 2, column"))
    for path, expected in cases:
        result = run("import", str(path))
        assert_clean_error(result, 1)
        assert expected in result.stderr, result.stderr
    assert digest(ledger) == before


def test_bom_is_fine(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + pledge_csv(2).encode("utf-8"))
    assert "Imported 2 pledges" in ok("import", str(path)).stderr
    assert listed()[0]["title"] == "Pledge 1"


def test_dry_run_writes_nothing(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(pledge_csv(3), encoding="utf-8")
    before = digest(ledger)
    result = ok("import", str(path), "--dry-run")
    assert "Would import 3 pledges, 0 updates" in result.stderr
    assert "nothing written" in result.stderr
    record = json.loads(ok("import", str(path), "--dry-run", "--format", "json").stdout)
    assert record == {
        "file": str(path), "dry_run": True, "added": {"pledges": 3, "updates": 0}, "skipped": 0,
    }  # fmt: skip
    assert digest(ledger) == before
    assert listed() == []


def test_import_needs_a_ledger(ledger_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(pledge_csv(1), encoding="utf-8")
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "pledgetrack init" in result.stderr
    assert not ledger_path.exists()


def test_guard_quote_is_taken_off(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "title,actor,note\n'=SUM(A1),Mexico,'-5 and counting\n'plain,Mexico,\n", encoding="utf-8"
    )
    ok("import", str(path))
    first, second = listed()
    assert first["title"] == "=SUM(A1)"
    assert first["note"] == "-5 and counting"
    assert second["title"] == "'plain"  # only the guard an export adds is taken off


def whole_ledger() -> dict[str, object]:
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("counts", "sent", "unknown value 'sent'"),
        ("target", "1E+30", "absurdly large (over 100 trillion)"),
        ("target", "22500.0001", "more than 3 decimal places"),
    ],
)
def test_json_bad_record_is_named(
    ledger: Path, tmp_path: Path, field: str, value: str, why: str
) -> None:
    ok("add", "Visas", "--by", "US", "--target", "22,500 visas", "--announced", "2022-06-10")
    document = whole_ledger()
    pledges = document["pledges"]
    assert isinstance(pledges, list)
    pledges[0]["uid"] = "new-uid"
    pledges[0][field] = value
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = digest(ledger)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert f"ledger.json pledges record 1 (uid new-uid), field {field}: " in result.stderr
    assert why in result.stderr
    assert digest(ledger) == before


def test_json_into_a_ledger_with_other_pledges_gets_new_ids(ledger: Path, tmp_path: Path) -> None:
    ok("add", "Visas", "--by", "US", "--target", "22,500 visas", "--announced", "2022-06-10")
    ok("update", "1", "--on", "2023-01-01", "--amount", "100 visas")
    path = tmp_path / "ledger.json"
    path.write_text(ok("export", "--what", "all", "--format", "json").stdout, encoding="utf-8")
    other = {"PLEDGETRACK_DB": str(tmp_path / "other.db")}
    ok("add", "Already here", "--by", "Mexico", env=other)
    assert "added 1 pledge, 1 update" in ok("import", str(path), env=other).stderr
    records = json.loads(ok("list", "--format", "json", env=other).stdout)
    assert [(r["id"], r["title"], r["counted"]) for r in records] == [
        (1, "Already here", None),
        (2, "Visas", 100),
    ]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_endings_and_cells_over_several_lines(
    ledger: Path, tmp_path: Path, ending: str
) -> None:
    rows = [
        "title,actor,target",
        '"Two-line\ntitle",Mexico,$5',
        "Visas,Chile,10 visas",
        "Bad,Peru,lots",
    ]
    path = tmp_path / "pledges.csv"
    path.write_bytes(ending.join(rows).replace("\n", ending).encode() + ending.encode())
    before = digest(ledger)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "line 5, column target" in result.stderr  # the quoted cell spans lines 2 and 3
    assert digest(ledger) == before
    path.write_bytes(path.read_bytes().replace(b"lots", b"3 visas"))
    ok("import", str(path))
    titles = [p["title"] for p in json.loads(ok("list", "--format", "json").stdout)]
    assert titles == [f"Two-line{ending}title", "Visas", "Bad"]


def test_a_long_import_draws_a_progress_bar_on_a_terminal_and_none_in_a_pipe(
    ledger: Path, tmp_path: Path
) -> None:
    path = tmp_path / "pledges.csv"
    path.write_text(pledge_csv(3000))  # over 256 KiB: long enough for a bar
    assert path.stat().st_size > 256 * 1024
    code, shown = on_terminal("import", str(path))
    assert code == 0, shown
    assert "Importing" in shown and "Imported 3000 pledges" in shown
    piped = run("import", str(path), "--dry-run")  # stderr a pipe: the summary line only
    assert piped.code == 0
    assert piped.stderr.splitlines() == [
        "Would import 0 pledges, 0 updates; would skip 3000 already in the ledger. "
        "Dry run: nothing written."  # the same rows again, though without uids: nothing new
    ]
    small = tmp_path / "small.csv"
    small.write_text(pledge_csv(1000))  # rows enough to report progress, bytes too few for a bar
    assert small.stat().st_size < 256 * 1024
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    code, shown = on_terminal("--db", str(other), "import", str(small))
    assert code == 0, shown
    assert "Imported 1000 pledges" in shown and "Importing" not in shown


def on_terminal(*args: str) -> tuple[int, str]:
    """Run the script with stderr on a terminal (a pty); its exit code and what the terminal got."""
    controller, terminal = pty.openpty()
    received = bytearray()
    reader = threading.Thread(target=_drain, args=(controller, received))
    reader.start()
    try:
        completed = subprocess.run(
            [str(SCRIPT), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env={**os.environ, "TERM": "xterm-256color"},
            timeout=120,
            check=False,
        )
    finally:
        os.close(terminal)
        reader.join(timeout=10)
        os.close(controller)
    return completed.returncode, received.decode("utf-8", "replace")


def _drain(fd: int, into: bytearray) -> None:
    """Read a terminal's output until it is closed (a full terminal would block the writer)."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO once the other side is closed
            return
        if not chunk:
            return
        into.extend(chunk)
