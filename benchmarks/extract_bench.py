"""How well and how fast `pledgetrack extract` finds pledges: recall, precision and deadline
accuracy on the labelled texts of tests/data/extract/ (see extract_score.py for what counts),
text by text and overall, with each text's extraction time; then the time of the command line.

- per text: the pledges found of those labelled (with a figure), the candidates that found
  one, the deadlines right, and the time of `extract()` on it in this process (the best of
  `--runs`, after a first run that builds the tables);
- a 1,000-word article beyond start-up: `extract()` on it once the command has started (its
  imports done, its tables built by a first text), best of `--runs` (target 50 ms); beside it,
  `pledgetrack extract ARTICLE --format json` and the same command on a one-sentence text,
  whose difference also holds what the first article of a process pays for;
- 100 articles in one call: `pledgetrack extract DIR/*.txt --format ndjson` on 100 copies of
  the labelled texts (target 3 s).

Run it with `make bench-extract` or `.venv/bin/python benchmarks/extract_bench.py [--runs 5]`.
Prints to stdout; never touches a ledger.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extract_score import LABELLED, Score, labelled_texts, score

from pledgetrack.domain.extraction.candidates import extract

SCRIPT = Path(sys.executable).parent / "pledgetrack"
ARTICLE = LABELLED / "seed-001-aldia-harris-amlo-expect-unexpected.txt"  # 1,006 words
TINY = "Japan will provide $5 billion to Kenya.\n"
ARTICLE_TARGET = 0.050
HUNDRED_TARGET = 3.0


def best(runs: int, action: object) -> float:
    """The shortest of `runs` timings of `action()` (the least disturbed by the machine)."""
    assert callable(action)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def command(*args: str) -> None:
    subprocess.run(
        [str(SCRIPT), *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PLEDGETRACK_DB": os.devnull},
    )


def scores(runs: int) -> list[list[str]]:
    total = Score("all")
    rows = [["text", "found", "correct", "deadline", "ms"]]
    extract(TINY)  # the tables are built once, as in a command
    for text in labelled_texts():
        found = extract(text.text, published=text.published)
        each = score(text, found)
        total.add(each)
        seconds = best(runs, lambda t=text: extract(t.text, published=t.published))
        rows.append(
            [
                text.name,
                f"{each.found}/{each.pledges}",
                f"{each.correct}/{each.candidates}",
                f"{each.deadline_right}/{each.with_deadline}",
                f"{seconds * 1000:.1f}",
            ]
        )
    rows.append(
        [
            "all",
            f"{total.found}/{total.pledges} recall {total.recall:.3f}",
            f"{total.correct}/{total.candidates} precision {total.precision:.3f}",
            f"{total.deadline_right}/{total.with_deadline} deadline {total.deadline:.3f}",
            "",
        ]
    )
    rows.append(["goals", "recall 0.90", "precision 0.75", "deadline 0.90", ""])
    return rows


def speeds(runs: int) -> list[list[str]]:
    folder = Path(tempfile.mkdtemp(prefix="extract-bench-"))
    try:
        tiny = folder / "tiny.txt"
        tiny.write_text(TINY, encoding="utf-8")
        texts = sorted(LABELLED.glob("*.txt"))
        hundred = folder / "hundred"
        hundred.mkdir()
        for n in range(100):
            shutil.copy(texts[n % len(texts)], hundred / f"{n:03d}-{texts[n % len(texts)].name}")
        files = [str(p) for p in sorted(hundred.iterdir())]
        startup = best(runs, lambda: command("extract", str(tiny), "--format", "json"))
        article = best(runs, lambda: command("extract", str(ARTICLE), "--format", "json"))
        many = best(max(1, runs // 2), lambda: command("extract", *files, "--format", "ndjson"))
    finally:
        shutil.rmtree(folder)
    text = ARTICLE.read_text(encoding="utf-8")
    extract(TINY)
    warm = best(runs, lambda: extract(text))
    words = len(text.split())
    return [
        ["measure", "seconds", "target", "met"],
        [f"one article ({words:,} words) beyond start-up", f"{warm:.3f}",
         f"{ARTICLE_TARGET:.3f}", "yes" if warm <= ARTICLE_TARGET else "no"],
        ["  the command on it", f"{article:.3f}", "", ""],
        ["  the command on one sentence (start-up)", f"{startup:.3f}", "", ""],
        ["  their difference", f"{article - startup:.3f}", "", ""],
        ["100 articles in one call", f"{many:.3f}", f"{HUNDRED_TARGET:.1f}",
         "yes" if many <= HUNDRED_TARGET else "no"],
    ]  # fmt: skip


def plain(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(
            zip(row, widths, strict=True)))
        for row in rows
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timings per measure (the best)")
    runs = parser.parse_args().runs
    print(plain(scores(runs)))
    print()
    print(plain(speeds(runs)))


if __name__ == "__main__":
    main()
