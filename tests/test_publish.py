"""`publish DIR`: a snapshot and Datasette metadata; `--serve` starts a real Datasette on a free
port whose saved `overdue` query answers as `report --status overdue` does."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import SCRIPT, assert_clean_error, ok, run


def build() -> None:
    ok("add", "Ports", "--by", "US", "--target", "$3.4 billion", "--due", "2023-12-31",
       "--announced", "2022-01-10", "--tag", "ports")  # fmt: skip
    ok("add", "Border", "--by", "Mexico", "--target", "$1.5 billion", "--due", "2024-06-30",
       "--announced", "2022-07-12")  # fmt: skip
    ok("add", "Visas", "--by", "US", "--target", "22,500 visas", "--due", "2026-01-01",
       "--announced", "2022-01-10")  # fmt: skip
    ok("update", "2", "--on", "2024-01-01", "--amount", "$0.5 billion")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_publish_writes_a_snapshot_and_its_metadata(ledger_path: Path, tmp_path: Path) -> None:
    build()
    site = tmp_path / "site"
    ok("publish", str(site), "--title", "US–Mexico pledges", "--license", "CC BY 4.0")
    described = json.loads((site / "metadata.json").read_text())
    assert described["title"] == "US–Mexico pledges" and described["license"] == "CC BY 4.0"
    tables = described["databases"]["pledges"]["tables"]
    assert tables["pledge_states"]["hidden"] is True
    assert "thousandths" in tables["pledges"]["columns"]["target_milli"]
    assert set(described["databases"]["pledges"]["queries"]) >= {"overdue", "timeline"}
    assert ok("--db", str(site / "pledges.db"), "check").code == 0
    again = run("publish", str(site))
    assert_clean_error(again, 1)
    assert "already exists" in again.stderr


def test_the_served_overdue_query_answers_as_the_report(ledger_path: Path, tmp_path: Path) -> None:
    build()
    as_of = "2024-12-31"
    report = json.loads(ok("report", "--status", "overdue", "--as-of", as_of, "-f", "json").stdout)
    port = free_port()
    server = subprocess.Popen(
        [str(SCRIPT), "publish", str(tmp_path / "site"), "--serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert url == f"http://127.0.0.1:{port}/"
        query = f"{url}pledges/overdue.json?as_of={as_of}&_shape=array"
        rows = None
        deadline = time.monotonic() + 60
        while rows is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(query, timeout=5) as answer:
                    rows = json.loads(answer.read())
            except OSError:
                time.sleep(0.2)
        assert rows is not None, "Datasette did not answer"
        assert [r["id"] for r in rows] == [r["id"] for r in report] == [1, 2]
        assert [r["days_overdue"] for r in rows] == [r["days_overdue"] for r in report]
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    assert server.returncode in (0, 130)


def test_the_metadata_describes_the_recipients_and_counts_by_them(
    ledger_path: Path, tmp_path: Path
) -> None:
    build()
    ok("edit", "3", "--to", "Northern Central America", "--to", "Haiti")
    ok("edit", "2", "--to", "US")
    site = tmp_path / "site"
    ok("publish", str(site))
    database = json.loads((site / "metadata.json").read_text())["databases"]["pledges"]
    assert "; " in database["tables"]["pledge_status"]["columns"]["recipient"]
    assert "position" in database["tables"]["pledge_recipients"]["columns"]
    sql = database["queries"]["fulfilment_by_recipient"]["sql"]
    conn = sqlite3.connect(site / "pledges.db")
    try:
        counted = conn.execute(sql).fetchall()
    finally:
        conn.close()
    status = {p["id"]: p["status"] for p in json.loads(ok("list", "-f", "json").stdout)}
    assert counted == [
        ("Haiti", status[3], 1),
        ("Northern Central America", status[3], 1),
        ("US", status[2], 1),
    ]
