"""The peers and floors `make bench` measures pledgetrack against, in the same run:

- taskwarrior 2.6 (`task overdue limit:50`) on the same items: each pledge a task with its
  deadline as `due` (`apt-get install taskwarrior`; the pair is skipped, and says so, without it);
- the SQLite floor: the bare `sqlite3` CLI running the very query that finds the overdue fifty;
- the start-up floor: `python -c "import typer, rich, sqlite_utils"`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from pledgetrack.domain.filters import PledgeFilter
from pledgetrack.storage.selection import filtered_sql
from pledgetrack.storage.status import SORT_SQL

TASK = shutil.which("task")
SQLITE3 = shutil.which("sqlite3")
STARTUP_FLOOR = [sys.executable, "-c", "import typer, rich, sqlite_utils"]


def taskwarrior_rc(folder: Path) -> list[str]:
    """Arguments that point taskwarrior at its own data folder, quiet and without prompts."""
    return [f"rc.data.location={folder}", "rc.confirmation=off", "rc.verbose=nothing",
            "rc.gc=off", "rc.hooks=off", "rc.json.array=on"]  # fmt: skip


def taskwarrior_items(ledger: Path, folder: Path) -> Path:
    """Import the ledger's pledges into taskwarrior, one pending task per pledge; returns its
    taskrc (an empty one: the settings go on each command line)."""
    folder.mkdir(parents=True, exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text("")
    conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT uid, title, announced_on, deadline_on FROM pledges").fetchall()
    finally:
        conn.close()
    tasks = []
    for uid, title, announced, due in rows:
        task: dict[str, str] = {"uuid": uid, "description": title, "status": "pending"}
        if announced:
            task["entry"] = announced.replace("-", "") + "T000000Z"
        if due:
            task["due"] = due.replace("-", "") + "T000000Z"
        tasks.append(task)
    items = folder / "tasks.json"
    items.write_text(json.dumps(tasks))
    subprocess.run(
        [str(TASK), *taskwarrior_rc(folder), "import", str(items)],
        env={**os.environ, "TASKRC": str(rc), "HOME": str(folder)},
        check=True,
        capture_output=True,
    )
    return rc


def overdue_query(as_of: str) -> str:
    """The SQL of `report --status overdue --limit 50 --as-of AS_OF`'s choice of fifty, with its
    parameters written in, as the sqlite3 CLI runs it."""
    pledge_filter = PledgeFilter(
        as_of=date.fromisoformat(as_of), statuses=("overdue",), sort="overdue", limit=50
    )
    sql, params = filtered_sql(pledge_filter, columns="st.pledge_id", reads="status")
    for name, value in sorted(params.items(), key=lambda item: -len(item[0])):
        literal = f"'{value}'" if isinstance(value, str) else str(value)
        sql = sql.replace(f":{name}", literal)
    sql = f"{sql} ORDER BY {SORT_SQL['overdue']} LIMIT 50;"
    # One line, for the benchmark's launcher, which reads a command line a line: comments out.
    return " ".join(re.sub(r"--[^\n]*", "", sql).split())
