"""The review of `pledgetrack extract` on a real terminal, driven by scripted keys: each
candidate shown as a card with its figure highlighted; a key adds it, edits a field first (read
again as `add` reads it), skips it or stops; what was added stays, and the ledger holds it with
its quote, source, announced date and event."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import termios
from pathlib import Path

import pyte

from conftest import SCRIPT, ok

SEED_004 = Path(__file__).parent / "data" / "extract" / "seed-004-blog-amlo-biden-white-house.txt"
SOURCE = "https://safehomediy.com/?p=198517"
KEYS = "[q]uit"  # the prompt under each card


def review(
    args: list[str], steps: list[tuple[str, bytes]], ledger: Path, columns: int = 100
) -> tuple[pyte.Screen, str, int]:
    """Run the console script on a pseudo-terminal; each step waits for its marker to appear
    once more in what was printed, then types its keys. Returns the screen, the raw text and
    the exit code."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    environment.update({"TERM": "xterm-256color", "PLEDGETRACK_DB": str(ledger)})
    # A session of its own whose controlling terminal is the pty, as in a user's shell: Ctrl-C
    # typed on it interrupts the command.
    pid, controller = pty.fork()
    if pid == 0:  # the child: the terminal's size, then exec
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        os.execve(str(SCRIPT), [str(SCRIPT), *args], environment)
    output = b""
    seen: dict[str, int] = {}
    pending = list(steps)
    while select.select([controller], [], [], 60)[0]:  # a hung review fails, not the suite
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        output += chunk
        text = output.decode("utf-8", "replace")
        while pending and text.count(pending[0][0]) > seen.get(pending[0][0], 0):
            marker, keys = pending.pop(0)
            seen[marker] = seen.get(marker, 0) + 1
            os.write(controller, keys)
    os.close(controller)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    raw = output.decode("utf-8", "replace")
    screen = pyte.Screen(columns, raw.count("\n") + len(raw) // columns + 2)
    pyte.Stream(screen).feed(raw)
    return screen, raw, code


ARGS = [
    "extract", str(SEED_004), "--published", "2022-07-12", "--source", SOURCE,
    "--event", "Biden-AMLO meeting",
]  # fmt: skip


def test_a_review_adds_edits_skips_and_stops(ledger_path: Path) -> None:
    ok("init")
    steps = [
        (KEYS, b"e"), ("Edit:", b"a"), ("New target", b"USD 3.5 billion\n"),
        (KEYS, b"a"),  # card 1, edited: added
        (KEYS, b"s"),  # card 2: skipped
        (KEYS, b"e"), ("Edit:", b"d"), ("New deadline", b"FY2024\n"),
        (KEYS, b"a"),  # card 3, its deadline edited: added
        (KEYS, b"e"), ("Edit:", b"a"), ("New target", b"lots of money\n"),
        (KEYS, b"a"),  # card 4 cannot be read as it stands: refused
        (KEYS, b"s"),
        (KEYS, b"q"),  # card 5: stop
    ]  # fmt: skip
    screen, raw, code = review(ARGS, steps, ledger_path)
    assert code == 0, raw
    assert "Stopped. Added 2 pledges." in raw
    assert "Error: cannot read amount 'lots of money'" in raw
    assert "edit it first" in raw
    pledges = json.loads(ok("list", "--format", "json").stdout)
    assert [(p["actor"], p["target"], p["unit"]) for p in pledges] == [
        ("United States", 3500000000, "USD"),
        ("United States", 22500, "h-2b non-agricultural visas"),
    ]
    first, visas = pledges
    assert first["target_text"] == "USD 3.5 billion"
    assert "would contribute $3.4 billion" in first["quote"]
    assert (first["announced_on"], first["event"], first["sources"]) == (
        "2022-07-12", "Biden-AMLO meeting", [SOURCE],
    )  # fmt: skip
    assert (visas["deadline"], visas["deadline_phrase"]) == ("2024-09-30", "FY2024")
    assert_highlighted(screen, "$3.4 billion")


def assert_highlighted(screen: pyte.Screen, figure: str) -> None:
    """The figure shows on the first card in bold yellow (pyte names SGR 33 brown)."""
    for y, line in enumerate(screen.display):
        at = line.find(figure)
        if at >= 0:
            row = screen.buffer[y]
            cells = [row[x] for x in range(at, at + len(figure))]
            assert all(c.bold and c.fg == "brown" for c in cells), line
            return
    raise AssertionError(f"{figure!r} not on the screen")


def test_ctrl_c_stops_the_review_and_keeps_what_was_added(ledger_path: Path) -> None:
    ok("init")
    steps = [(KEYS, b"a"), (KEYS, b"\x03")]
    _, raw, code = review(ARGS, steps, ledger_path)
    assert code == 130, raw
    assert "Error: interrupted" in raw
    pledges = json.loads(ok("list", "--format", "json").stdout)
    assert [p["target"] for p in pledges] == [3400000000]


def test_a_part_is_added_under_its_whole(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    text = tmp_path / "egypt.txt"
    text.write_text(
        "The European Union will provide €7.4 billion to Egypt, of which €5 billion in loans.\n",
        encoding="utf-8",
    )
    steps = [(KEYS, b"a"), (KEYS, b"a")]
    _, raw, code = review(["extract", str(text), "--published", "2024-03-17"], steps, ledger_path)
    assert code == 0, raw
    assert "Reviewed 2 candidates; added 2 pledges." in raw
    whole, part = json.loads(ok("list", "--format", "json").stdout)
    assert part["parent_uid"] == whole["uid"]
