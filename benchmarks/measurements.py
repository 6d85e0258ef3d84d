"""The figures of a benchmark run: samples, medians and spread, the issue's targets, and the
results written as benchmarks/results/latest.json and latest.md (see run.py)."""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

AS_OF = "2026-01-01"
TARGET_SIZE = 100_000
RESULTS = Path(__file__).resolve().parent / "results"
SQLITE_UTILS_UPDATES = "sqlite-utils insert --csv (updates)"
SEARCHED = "water"  # in the titles of about 5% of the synthetic pledges
WRITES = {
    command: {"empty": f"{command}, empty ledger", "copy": f"{command} (into a copy)"}
    for command in ("add", "update")
}
MEMORY_MB = 100  # the most any command may take at TARGET_SIZE


@dataclass(frozen=True)
class Sample:
    """One run: wall-clock seconds and the process's peak resident memory."""

    seconds: float
    max_rss_kb: int


@dataclass
class Measurement:
    """The runs of one command at one ledger size, maybe compared with a baseline command."""

    name: str
    size: int | None
    command: list[str]
    samples: list[Sample] = field(default_factory=list)
    baseline: str | None = None

    @property
    def seconds(self) -> list[float]:
        return [s.seconds for s in self.samples]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(s.max_rss_kb for s in self.samples) / 1024

    def as_json(self) -> dict[str, Any]:
        seconds = self.seconds
        quartiles = statistics.quantiles(seconds, n=4) if len(seconds) > 1 else seconds * 3
        return {
            "name": self.name,
            "size": self.size,
            "command": self.command,
            "baseline": self.baseline,
            "median_s": round(self.median, 4),
            "min_s": round(min(seconds), 4),
            "max_s": round(max(seconds), 4),
            "iqr_s": [round(quartiles[0], 4), round(quartiles[2], 4)],
            "peak_rss_mb": round(self.peak_mb, 1),
            "seconds": [round(s, 4) for s in seconds],
            "max_rss_kb": [s.max_rss_kb for s in self.samples],
        }


@dataclass(frozen=True)
class Target:
    """A goal from the issue, and whether this run met it."""

    goal: str
    figure: str
    verdict: str  # pass, miss, or not run


def ratio(result: Measurement | None, everything: list[Measurement]) -> float | None:
    """Median time over the median of its baseline at the same size."""
    if result is None:
        return None
    for other in everything:
        if other.name == result.baseline and other.size == result.size:
            return result.median / other.median
    return None


def median(result: Measurement | None) -> float | None:
    """A measurement's median time, if it was measured."""
    return result.median if result is not None else None


def check_targets(everything: list[Measurement]) -> list[Target]:
    """The issue's targets: start-up, then the report and the import at 100,000 pledges."""

    def find(name: str, size: int | None) -> Measurement | None:
        return next((m for m in everything if m.name == name and m.size == size), None)

    version = find("pledgetrack --version", None)
    report = find("report overdue --limit 50", TARGET_SIZE)
    imported = find("import pledges", TARGET_SIZE)
    listed = find("list --format ndjson (all)", TARGET_SIZE)
    task = find("task overdue limit:50", TARGET_SIZE)
    sqlite_floor = find("sqlite3: the overdue fifty", TARGET_SIZE)
    startup_floor = find("python -c 'import typer, rich, sqlite_utils'", None)
    versus_task = report.median / task.median if report and task else None
    floors = sqlite_floor.median + startup_floor.median if sqlite_floor and startup_floor else None
    versus_floors = report.median / floors if report and floors else None
    long_note = find("show, a note of 500,000 lines", None)
    converted = find("report overdue --limit 50 --in USD", TARGET_SIZE)
    converted_all = find("report --limit 50 --in USD", TARGET_SIZE)
    merge = find("merge: import the other's export, conflicts left", 10_000)
    settled = find("merge: import the other's export --prefer theirs", 10_000)
    seconds, memory = (report.median, report.peak_mb) if report else (None, None)
    updates = find("import updates", TARGET_SIZE)
    added, updated = (find(WRITES[c]["copy"], TARGET_SIZE) for c in ("add", "update"))
    listed_fifty = find("list --limit 50", TARGET_SIZE)
    searched = find(f"search {SEARCHED} --limit 50", TARGET_SIZE)
    summary = find("summary", TARGET_SIZE)
    ours = [m for m in everything if m.size == TARGET_SIZE and m.command[:1]
            and Path(m.command[0]).name == "pledgetrack"]  # fmt: skip
    heaviest = max(ours, key=lambda m: m.peak_mb, default=None)
    goals = [
        ("`--version` ≤ 1.3x `import typer`", ratio(version, everything), "{:.2f}x", 1.3),
        ("report overdue --limit 50 at 100k: ≤ 0.5 s", seconds, "{:.3f} s", 0.5),
        ("the same report: ≤ 100 MB peak memory", memory, "{:.0f} MB", 100),
        ("import 100k pledges ≤ 2x sqlite-utils insert", ratio(imported, everything), "{:.2f}x", 2),
        ("list --format ndjson of all 100k: ≤ 100 MB (it streams)",
         listed.peak_mb if listed else None, "{:.0f} MB", 100),
        ("report overdue --limit 50 at 100k ≤ 0.25x taskwarrior", versus_task, "{:.2f}x", 0.25),
        ("the same ≤ 1.5x (start-up floor + SQLite floor)", versus_floors, "{:.2f}x", 1.5),
        ("show of a 10x longer note ≤ 12x the time (linear)",
         ratio(long_note, everything), "{:.1f}x", 12),
        ("report overdue --limit 50 --in USD ≤ 1.2x the same report",
         ratio(converted, everything), "{:.2f}x", 1.2),
        ("report --limit 50 --in USD (all 100k) ≤ 1.2x the same report",
         ratio(converted_all, everything), "{:.2f}x", 1.2),
        ("import of the 500k updates ≤ 2x sqlite-utils insert of that CSV",
         ratio(updates, everything), "{:.2f}x", 2),
        ("add at 100k ≤ 1.2x add into an empty ledger", ratio(added, everything), "{:.2f}x", 1.2),
        ("update at 100k ≤ 1.2x update in an empty ledger",
         ratio(updated, everything), "{:.2f}x", 1.2),
        ("list --limit 50 at 100k ≤ 0.4 s", median(listed_fifty), "{:.3f} s", 0.4),
        (f"search {SEARCHED} --limit 50 at 100k ≤ 0.4 s", median(searched), "{:.3f} s", 0.4),
        ("summary at 100k ≤ 0.5 s", median(summary), "{:.3f} s", 0.5),
        (f"every command at 100k ≤ {MEMORY_MB} MB peak memory"
         + (f" (the most: {heaviest.name})" if heaviest else ""),
         heaviest.peak_mb if heaviest else None, "{:.0f} MB", MEMORY_MB),
        ("merge of two diverged 10k-pledge ledgers < 5 s", merge.median if merge else None,
         "{:.2f} s", 5),
        ("the same, settling its conflicts (--prefer theirs) < 5 s",
         settled.median if settled else None, "{:.2f} s", 5),
    ]  # fmt: skip
    return [
        Target(goal, "-", "not run")
        if value is None
        else Target(goal, shown.format(value), "pass" if value <= limit else "miss")
        for goal, value, shown, limit in goals
    ]


def table(everything: list[Measurement]) -> list[list[str]]:
    """The rows of the results table, header first."""
    rows = [["size", "command", "median s", "min-max s", "peak MB", "vs baseline"]]
    for m in everything:
        times = ratio(m, everything)
        versus = f"{times:.2f}x {m.baseline}" if times is not None else ""
        size = f"{m.size:,}" if m.size else "-"
        spread = f"{min(m.seconds):.3f}-{max(m.seconds):.3f}"
        rows.append([size, m.name, f"{m.median:.3f}", spread, f"{m.peak_mb:.0f}", versus])
    return rows


def goal_rows(targets: list[Target]) -> list[list[str]]:
    """The targets as table rows."""
    return [[t.goal, t.figure, t.verdict] for t in targets]


def plain(rows: list[list[str]], left: frozenset[int] = frozenset({1, 5})) -> str:
    """Rows as aligned text: the `left` columns to the left, the others (numbers) right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(width) if column in left else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def markdown(rows: list[list[str]]) -> str:
    """Rows as a Markdown table."""
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join(" --- " for _ in rows[0]) + "|")
    return "\n".join(lines)


def write_results(everything: list[Measurement], targets: list[Target], runs: int) -> None:
    """benchmarks/results/latest.json and latest.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    try:
        version = metadata.version("pledgetrack")
    except metadata.PackageNotFoundError:
        version = "unknown"
    measured_at = datetime.now(UTC).isoformat(timespec="seconds")
    python, system, cpus = platform.python_version(), platform.platform(), os.cpu_count()
    document = {
        "measured_at": measured_at, "pledgetrack": version, "python": python,
        "platform": system, "cpus": cpus, "runs": runs, "as_of": AS_OF,
        "measurements": [m.as_json() for m in everything],
        "targets": [t.__dict__ for t in targets],
    }  # fmt: skip
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    text = [
        "# pledgetrack benchmarks",
        "",
        f"pledgetrack {version}, Python {python}, {system}, {cpus} CPUs; {measured_at}. "
        f"Medians of {runs} runs; `--as-of {AS_OF}`; each pledge has 5 updates.",
        "",
        markdown(table(everything)),
        "",
        "## Targets",
        "",
        markdown([["target", "measured", "verdict"], *goal_rows(targets)]),
        "",
    ]
    (RESULTS / "latest.md").write_text("\n".join(text), encoding="utf-8")
