"""Benchmarks of the `pledgetrack` command line on synthetic ledgers.

For each size (default 1,000, 10,000 and 100,000 pledges, 5 updates each) it writes the CSVs of
`synthetic.py`, then builds the ledger through the project's own import (`pledgetrack import` of
the pledges CSV, then of the updates CSV) and measures, as the median of `--runs` runs with min-max:

- start-up: `pledgetrack --version` and `pledgetrack --help` beside `python -c "import typer"`
  on the same interpreter (once, not per size);
- `import` of the pledges CSV into an empty ledger, beside `sqlite-utils insert DB pledges FILE
  --csv` of the same file (the first run builds the ledger the other commands use); the import
  of the updates CSV that completes it, beside `sqlite-utils insert DB updates FILE --csv`,
  both once;
- `report --status overdue --limit 50`, `summary`, `list --limit 50`, `search water --limit 50`,
  `export --format csv -o FILE` and `list --format ndjson`, all with `--as-of 2026-01-01` so
  results do not depend on today (after one untimed warm-up run); the report also on an empty
  ledger, for what it costs before there is any data, and with `--in USD` (every amount
  converted at the ECB's rates) beside itself, overdue and over all pledges;
- `add` of one pledge and `update` of one, into a copy of the ledger and into an empty one (each
  run adds a pledge, or an update of the first pledge added);
- the peers and floors of the overdue report (benchmarks/peers.py): taskwarrior's `task overdue
  limit:50` on the same items, the bare `sqlite3` query that finds the same fifty, and `python
  -c "import typer, rich, sqlite_utils"`; the targets compare the report with them;
- a merge (benchmarks/diverged.py): two ledgers of 10,000 pledges and some 52,500 updates each,
  grown apart from one export (3,300 edits on each side, 320 of them conflicting, 2,500 updates,
  100 voids and 100 pledges each), built untimed through `import`; timed, `import` of one's
  export into a copy of the other, leaving its conflicts (exit 4) and settling them with
  `--prefer theirs`, and its `--dry-run`.

Every command runs in its own process, started by a small launcher process and reaped with
`os.wait4`, so the memory figure is that process's own peak (max RSS; see `Bench` for why not
straight from here); the time is wall-clock from start to exit. The targets (measurements.py,
`check_targets`) are printed under the table, each with its verdict.

Run it with `make bench` or `.venv/bin/python benchmarks/run.py [--sizes 1000,10000,100000]
[--runs 5] [--keep]`. Results go to benchmarks/results/latest.json and latest.md and a table to
stdout; progress goes to stderr. Ledgers are built in a temporary folder, or kept in
benchmarks/results/ledgers/ with `--keep`. Never touches the user's ledger: every command gets
PLEDGETRACK_DB pointing into that folder.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from diverged import diverge
from measurements import (
    AS_OF,
    RESULTS,
    SEARCHED,
    SQLITE_UTILS_UPDATES,
    WRITES,
    Measurement,
    Sample,
    check_targets,
    goal_rows,
    plain,
    table,
    write_results,
)
from peers import SQLITE3, STARTUP_FLOOR, TASK, overdue_query, taskwarrior_items, taskwarrior_rc
from synthetic import write_ledger_csvs

BIN = Path(sys.executable).parent
PLEDGETRACK = str(BIN / "pledgetrack")
SQLITE_UTILS = str(BIN / "sqlite-utils")
STARTED = time.perf_counter()

EMPTY_REPORT = "report overdue, empty ledger"
STARTUP_FLOOR_NAME = "python -c 'import typer, rich, sqlite_utils'"
SQLITE_FLOOR = "sqlite3: the overdue fifty"
TASKWARRIOR = "task overdue limit:50"
Job = Callable[[int], tuple[list[str], Path]]
"""Prepares run N (untimed) and returns the command line and the ledger it runs against."""


class BenchError(Exception):
    """A benchmarked command failed; the benchmark stops."""


def log(text: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {time.perf_counter() - STARTED:7.1f}s] {text}", file=sys.stderr, flush=True)


LAUNCHER = """
import os, sys, time
for line in sys.stdin:
    db, *argv = line.rstrip("\\n").split("\\0")
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, dict(os.environ, PLEDGETRACK_DB=db), file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    print(seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), flush=True)
"""


class Bench:
    """Runs the benchmarked commands, each in its own process, and keeps their samples.

    The commands are started by a small launcher process (`LAUNCHER`) and reaped there with
    os.wait4, not started with Popen from here: on Linux a child started by vfork or fork
    inherits its parent's peak RSS as its own `ru_maxrss`, so the runner's memory would show in
    every figure. The launcher imports only os, sys and time: its ~9 MB (a bare `python -c
    pass`) is the floor under every memory figure.
    """

    def __init__(self, work: Path, runs: int) -> None:
        self.work, self.runs, self.errors = work, runs, work / "stderr.txt"
        self.launcher = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(self.errors)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=dict(os.environ, COLUMNS="120"),
            text=True,
        )

    def run(self, argv: list[str], db: Path, code: int = 0) -> Sample:
        """Run one command line to its end against `db`, which must exit with `code`: its own
        time and peak memory."""
        assert self.launcher.stdin is not None and self.launcher.stdout is not None
        self.launcher.stdin.write("\0".join([str(db), *argv]) + "\n")
        self.launcher.stdin.flush()
        reply = self.launcher.stdout.readline().split()
        if len(reply) != 3:
            raise BenchError(f"the launcher stopped while running {' '.join(argv)}")
        seconds, rss, exited = reply
        if exited != str(code):
            text = self.errors.read_text(errors="replace").strip()
            raise BenchError(f"{' '.join(argv)} exited {exited}: {text[-2000:]}")
        rss_kb = int(rss) // 1024 if sys.platform == "darwin" else int(rss)
        return Sample(float(seconds), rss_kb)

    def close(self) -> None:
        """End the launcher (it stops when its input closes)."""
        if self.launcher.stdin is not None:
            self.launcher.stdin.close()
        self.launcher.wait()

    def measure(
        self,
        name: str,
        size: int | None,
        job: Job,
        *,
        runs: int = 0,
        warmup: bool = False,
        code: int = 0,
    ) -> Measurement:
        """Run a job `runs` times (default --runs), after one untimed run with `warmup`; each
        must exit with `code`."""
        runs = runs or self.runs
        log(f"{name}" + (f" at {size:,} pledges" if size else "") + f": {runs} run(s)")
        if warmup:
            self.run(*job(-1), code=code)
        result = Measurement(name, size, [])
        for n in range(runs):
            argv, db = job(n)
            result.command = argv
            result.samples.append(self.run(argv, db, code=code))
        log(f"  median {result.median:.3f} s, peak {result.peak_mb:.0f} MB")
        return result


def fixed(argv: list[str], db: Path) -> Job:
    """A job that runs the same command line every time."""
    return lambda _: (argv, db)


def remove_ledger(path: Path) -> None:
    """Delete a SQLite file with its WAL companions."""
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        companion.unlink(missing_ok=True)


def bench_startup(bench: Bench) -> list[Measurement]:
    """`--version` and `--help` beside the interpreter alone and importing Typer; no ledger."""
    nowhere = bench.work / "no-ledger.db"

    def startup(name: str, argv: list[str]) -> Measurement:
        return bench.measure(name, None, fixed(argv, nowhere), warmup=True)

    typer = startup("python -c 'import typer'", [sys.executable, "-c", "import typer"])
    results = [startup("python -c pass", [sys.executable, "-c", "pass"]), typer]
    results.append(startup(STARTUP_FLOOR_NAME, STARTUP_FLOOR))
    for flag in ("--version", "--help"):
        results.append(startup(f"pledgetrack {flag}", [PLEDGETRACK, flag]))
        results[-1].baseline = typer.name
    return results


def bench_size(bench: Bench, size: int) -> list[Measurement]:
    """Build the ledger of one size through `import`, then time the commands on it."""
    folder = bench.work / f"ledger-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    log(f"writing {size:,} pledges and {5 * size:,} updates as CSV into {folder}")
    files = write_ledger_csvs(folder, size)
    log(f"  {files.pledge_count:,} pledges, {files.update_count:,} updates")
    ledger, scratch = folder / "ledger.db", folder / "scratch.db"

    def sqlite_utils_insert(table: str, csv_file: Path) -> Job:
        def job(_: int) -> tuple[list[str], Path]:
            remove_ledger(scratch)
            return [SQLITE_UTILS, "insert", str(scratch), table, str(csv_file), "--csv"], scratch

        return job

    def import_pledges(n: int) -> tuple[list[str], Path]:
        db = ledger if n == 0 else scratch  # the first run builds the ledger used below
        remove_ledger(db)
        bench.run([PLEDGETRACK, "init"], db)
        # random titles repeat now and then: they are other pledges, not the same one twice
        return [PLEDGETRACK, "import", str(files.pledges), "--allow-duplicates"], db

    inserted = sqlite_utils_insert("pledges", files.pledges)
    baseline = bench.measure("sqlite-utils insert --csv", size, inserted)
    imported = bench.measure("import pledges", size, import_pledges)
    imported.baseline = baseline.name
    # One run each: the import of the updates completes the ledger every command below reads.
    inserted = sqlite_utils_insert("updates", files.updates)
    updates_baseline = bench.measure(SQLITE_UTILS_UPDATES, size, inserted, runs=1)
    remove_ledger(scratch)
    updates = fixed([PLEDGETRACK, "import", str(files.updates)], ledger)
    results = [baseline, imported, updates_baseline]
    results.append(bench.measure("import updates", size, updates, runs=1))
    results[-1].baseline = SQLITE_UTILS_UPDATES

    as_of, export_to = ["--as-of", AS_OF], str(folder / "export.csv")
    overdue = ["report", "--status", "overdue", "--limit", "50", *as_of]
    reads = {
        "report overdue --limit 50": overdue,
        "report overdue --limit 50 --in USD": [*overdue, "--in", "USD"],
        "report --limit 50": ["report", "--limit", "50", *as_of],
        "report --limit 50 --in USD": ["report", "--limit", "50", "--in", "USD", *as_of],
        "summary": ["summary", *as_of],
        "list --limit 50": ["list", "--limit", "50", *as_of],
        f"search {SEARCHED} --limit 50": ["search", SEARCHED, "--limit", "50", *as_of],
        "export --format csv -o": ["export", "--format", "csv", "-o", export_to, *as_of],
        "list --format ndjson (all)": ["list", "--format", "ndjson", *as_of],
    }
    empty = folder / "empty.db"  # what any command with options costs before there is data
    bench.run([PLEDGETRACK, "init"], empty)
    report = [PLEDGETRACK, *reads["report overdue --limit 50"]]
    results.append(bench.measure(EMPTY_REPORT, size, fixed(report, empty), warmup=True))
    baselines = {
        "report overdue --limit 50": EMPTY_REPORT,
        "report overdue --limit 50 --in USD": "report overdue --limit 50",
        "report --limit 50 --in USD": "report --limit 50",
    }
    for name, args in reads.items():
        results.append(bench.measure(name, size, fixed([PLEDGETRACK, *args], ledger), warmup=True))
        results[-1].baseline = baselines.get(name)
    remove_ledger(empty)
    results += bench_peers(bench, size, ledger, folder)

    results += bench_writes(bench, size, ledger, files.first_actor)
    return results


def bench_writes(bench: Bench, size: int, ledger: Path, actor: str) -> list[Measurement]:
    """`add` and `update` into a copy of the ledger, beside the same into a new, empty one: what
    the ledger's size adds to a write. The runs of `add` add one pledge each; those of `update`
    each record progress on the first pledge `add` added."""
    results = []
    for where, db, added in (("empty", ledger.with_name("writes-empty.db"), 1),
                             ("copy", ledger.with_name("writes-copy.db"), size + 1)):  # fmt: skip
        if where == "copy":
            copy_ledger(ledger, db)
        else:
            remove_ledger(db)
            bench.run([PLEDGETRACK, "init"], db)

        def add(n: int, db: Path = db) -> tuple[list[str], Path]:
            argv = [PLEDGETRACK, "add", f"Benchmark pledge {n + 1}", "--by", actor]
            return [*argv, "--target", "$2.5 million", "--due", "2027"], db

        def update(n: int, db: Path = db, pledge: int = added) -> tuple[list[str], Path]:
            argv = [PLEDGETRACK, "update", str(pledge), "--amount", f"${n + 1},000"]
            return [*argv, "--stage", "disbursed", "--on", "2025-06-30"], db

        results.append(bench.measure(WRITES["add"][where], size, add))
        results.append(bench.measure(WRITES["update"][where], size, update))
        remove_ledger(db)
    for command in WRITES.values():
        next(m for m in results if m.name == command["copy"]).baseline = command["empty"]
    return results


def bench_peers(bench: Bench, size: int, ledger: Path, folder: Path) -> list[Measurement]:
    """The floors and the peer of `report --status overdue --limit 50` on the same items."""
    results = []
    if SQLITE3 is None:
        log("sqlite3 is not installed: the SQLite floor is not measured")
    else:
        query = [SQLITE3, str(ledger), overdue_query(AS_OF)]
        results.append(bench.measure(SQLITE_FLOOR, size, fixed(query, ledger), warmup=True))
    if TASK is None:
        log("taskwarrior is not installed (apt-get install taskwarrior): its pair is skipped")
        return results
    log(f"importing {size:,} pledges into taskwarrior (untimed)")
    data = folder / "taskwarrior"
    rc = taskwarrior_items(ledger, data)
    task = [TASK, f"rc:{rc}", *taskwarrior_rc(data), "overdue", "limit:50"]
    results.append(bench.measure(TASKWARRIOR, size, fixed(task, ledger), warmup=True))
    return results


MERGE_SIZE = 10_000
MERGE = "merge: import the other's export"
CONFLICTS_LEFT = 4  # the exit code of a merge that leaves conflicts


def copy_ledger(source: Path, target: Path) -> None:
    """Copy a SQLite file with its WAL (empty when its last writer closed) over another."""
    remove_ledger(target)
    for suffix in ("", "-wal"):
        if (part := source.with_name(source.name + suffix)).exists():
            shutil.copyfile(part, target.with_name(target.name + suffix))


def bench_merge(bench: Bench) -> list[Measurement]:
    """Two ledgers grown apart from one export, then one's export merged into the other."""
    folder = bench.work / "merge"
    shutil.rmtree(folder, ignore_errors=True)
    log(f"building the ledger two analysts start from: {MERGE_SIZE:,} pledges (untimed)")
    files = write_ledger_csvs(folder, MERGE_SIZE)
    common = folder / "common.db"
    bench.run([PLEDGETRACK, "init"], common)
    bench.run([PLEDGETRACK, "import", str(files.pledges), "--allow-duplicates"], common)
    bench.run([PLEDGETRACK, "import", str(files.updates)], common)
    export = folder / "common.ndjson"
    bench.run([PLEDGETRACK, "export", "--what", "all", "--format", "ndjson", "-o", str(export)],
              common)  # fmt: skip
    diverged = diverge(export, folder)
    ledgers = {}
    for side, document in diverged.files.items():
        log(f"building ledger {side} from its grown-apart export (untimed)")
        ledgers[side] = folder / f"{side}.db"
        bench.run([PLEDGETRACK, "init"], ledgers[side])
        bench.run([PLEDGETRACK, "import", str(document), "--allow-duplicates"], ledgers[side])
    theirs = folder / "B-export.ndjson"
    bench.run([PLEDGETRACK, "export", "--what", "all", "--format", "ndjson", "-o", str(theirs)],
              ledgers["B"])  # fmt: skip
    scratch = folder / "scratch.db"

    def merge(*options: str) -> Job:
        def job(_: int) -> tuple[list[str], Path]:
            copy_ledger(ledgers["A"], scratch)  # every run merges into A as it was
            return [PLEDGETRACK, "import", str(theirs), "--format", "json", *options], scratch

        return job

    results = [
        bench.measure(f"{MERGE}, conflicts left", MERGE_SIZE, merge(), code=CONFLICTS_LEFT),
        bench.measure(f"{MERGE} --prefer theirs", MERGE_SIZE, merge("--prefer", "theirs")),
        bench.measure(f"{MERGE} --dry-run", MERGE_SIZE, merge("--dry-run"), code=CONFLICTS_LEFT),
    ]
    remove_ledger(scratch)
    return results


def bench_long_note(bench: Bench) -> list[Measurement]:
    """`show` of a pledge whose note has 50,000 lines, then 500,000: ten times the text should
    take about ten times as long (linear), not a hundred."""
    folder = bench.work / "long-note"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = folder / "ledger.db"
    bench.run([PLEDGETRACK, "init"], db)
    bench.run([PLEDGETRACK, "add", "A pledge with a long note", "--by", "Mexico"], db)
    results: list[Measurement] = []
    for lines in (50_000, 500_000):
        note = "\n".join(f"line {n} of the minutes of the meeting" for n in range(lines))
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE pledges SET note = ?", [note])
        conn.close()
        name = f"show, a note of {lines:,} lines"
        results.append(bench.measure(name, None, fixed([PLEDGETRACK, "show", "1"], db), runs=1))
    results[-1].baseline = results[0].name
    return results


def compile_package() -> None:
    """Byte-compile pledgetrack's modules, as pip does when it installs a wheel.

    An editable install leaves that to the first run, and where PYTHONDONTWRITEBYTECODE is set
    (it is on some shared machines) no run ever writes them: every timed command would then pay
    for compiling the sources, which no installed copy does.
    """
    import pledgetrack

    compileall.compile_dir(Path(pledgetrack.__file__).parent, quiet=1)


@contextmanager
def work_folder(keep: bool) -> Iterator[Path]:
    """benchmarks/results/ledgers with --keep, else a temporary folder removed afterwards."""
    if keep:
        folder = RESULTS / "ledgers"
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="pledgetrack-bench-") as name:
        yield Path(name)


def parse_sizes(text: str) -> list[int]:
    """`1000,10000` as [1000, 10000]."""
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers of pledges")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and write the results; 1 if a command failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=[1_000, 10_000, 100_000],
        help="numbers of pledges, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per command (default 5)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the ledgers and CSVs in benchmarks/results/ledgers/",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    for tool in (PLEDGETRACK, SQLITE_UTILS):
        if not Path(tool).exists():
            parser.error(f"{tool} not found beside {sys.executable}; run `make bench`")
    compile_package()
    everything: list[Measurement] = []
    try:
        with work_folder(args.keep) as work:
            log(f"working in {work}")
            bench = Bench(work, args.runs)
            try:
                everything += bench_startup(bench)
                everything += bench_long_note(bench)
                for size in args.sizes:
                    everything += bench_size(bench, size)
                everything += bench_merge(bench)
            finally:
                bench.close()
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    targets = check_targets(everything)
    write_results(everything, targets, args.runs)
    print(plain(table(everything)))
    print()
    print(plain([["target", "measured", "verdict"], *goal_rows(targets)], frozenset({0, 2})))
    log(f"wrote {RESULTS / 'latest.md'} and latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
