"""Every table command of the real console script, in a real pseudo-terminal read by a terminal
emulator (pyte), at the widths people use: no id, amount, date, percentage or status is cut or
replaced by `…`, no line is wider than the terminal, and the colours follow the status.

Each screen is one process, drawn side by side with others; the ledger is built once per module,
with long titles and names, big amounts in several currencies, every status and every flag.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import struct
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyte
import pytest
from rich.cells import cell_len

from conftest import SCRIPT, build_once, copy_ledger
from conftest import ok as cli_ok

AS_OF = "2025-06-30"
WIDTHS = (40, 60, 80, 100, 120, 160, 250)
SRC = "https://example.org/communique"
NOTE = "Recorded from the summit communique."

# (actor, title, target, deadline, updates): each update is the arguments of `update ID`.
PLEDGES: list[tuple[str, str, str | None, str | None, list[list[str]]]] = [
    (
        "Japan International Cooperation Agency, for the Government of Japan",
        "Provide concessional yen loans for the Mumbai-Ahmedabad high-speed rail corridor, "
        "including its viaducts, twelve stations and the depot at Sabarmati",
        "JPY 6,500,000,000,000",
        "2024-03-31",
        [["--on", "2023-11-02", "--amount", "JPY 1,200,000,000,000"]],
    ),
    (
        "European Commission",
        "Mobilise grants for the Global Gateway clean-hydrogen partnership with Namibia",
        "EUR 45,000,000,000",
        "2025-07-15",
        [["--on", "2025-05-20", "--amount", "EUR 27,000,000,000"]],
    ),
    (
        "United States Agency for International Development",
        "Fund the regional migration centres in Guatemala, Colombia and Costa Rica",
        "USD 1,500,000,000",
        "2025-12-31",
        [
            ["--on", "2024-09-01", "--amount", "USD 500,000,000"],
            ["--on", "2025-04-01", "--total", "USD 1,500,000,000"],
        ],
    ),
    (
        "Ministry of Foreign Affairs and International Cooperation of the Republic of Indonesia",
        "Build one thousand climate-resilient schools in the eastern provinces",
        "1,000 schools",
        "2026-06-30",
        [["--on", "2025-02-01", "--status", "broken", "--note", "budget cut", "--source", SRC]],
    ),
    (
        "European Investment Bank",
        "Lend for the Lobito rail corridor upgrade between Angola and Zambia",
        "EUR 2,500,000,000",  # then edited to EUR 2,750,000,000
        "2025-12-31",
        [
            ["--on", "2025-01-10", "--amount", "EUR 1,650,000,000"],
            ["--on", "2025-03-01", "--status", "broken", "--note", "loan halted", "--source", SRC],
        ],
    ),
    (
        "Government of Canada",
        "Open a permanent pathway for displaced health workers",
        None,
        "2024-12-31",
        [["--on", "2025-03-01", "--status", "fulfilled", "--source", SRC]],
    ),
    (
        "Kingdom of the Netherlands",
        "Co-finance the Lake Victoria water-supply programme",
        "EUR 300,000,000",
        "2026-12-31",
        [
            ["--on", "2024-10-01", "--amount", "EUR 75,000,000"],
            [
                "--on",
                "2025-01-15",
                "--status",
                "withdrawn",
                "--note",
                "cabinet fell",
                "--source",
                SRC,
            ],
        ],
    ),
    (
        "Japan International Cooperation Agency, for the Government of Japan",
        "Double the grant aid for maternal health clinics",
        "JPY 80,000,000,000",
        "2025-03-31",
        [["--on", "2024-06-01", "--status", "superseded", "--source", SRC]],
    ),
    (
        "European Commission",
        "Train twenty thousand solar technicians",
        "20,000 technicians",
        "2025-06-01",
        [
            ["--on", "2025-05-01", "--amount", "12,500"],
            [
                "--on",
                "2025-06-01",
                "--status",
                "partially_fulfilled",
                "--note",
                "ended early",
                "--source",
                SRC,
            ],
        ],
    ),
    (
        "Republic of Kenya",
        "[red]Rebuild[/] the port of Lamu [sic]",
        None,
        None,
        [],
    ),
    (
        "United States Department of State, Bureau of Population, Refugees, and Migration",
        "Resettle refugees from the Americas under the Safe Mobility initiative",
        "20,000 refugees",
        "2025-05-31",
        [["--on", "2025-06-10", "--amount", "6,400"]],
    ),
    (
        "United Kingdom",
        "Replenish the Global Fund to Fight AIDS, Tuberculosis and Malaria",
        "GBP 1,000,000,000",
        "2025-03-31",
        [
            ["--on", "2024-12-01", "--amount", "GBP 800,000,000"],
            ["--on", "2025-02-01", "--status", "fulfilled", "--source", SRC],
        ],
    ),
    (
        "Mexico",
        "Plant a million trees in Central America",
        "1,000,000 trees",
        "2027",
        [["--on", "2025-04-01", "--amount", "125,000"]],
    ),
    (  # no ECB rate: `--in` lists it as not converted
        "Ministry of Finance of Ukraine",
        "Co-finance the reconstruction of the Kakhovka water supply",
        "UAH 12,500,000,000",
        None,
        [],
    ),
]
# A rate of the user's for the yen, with a long source: `rate list` wraps it, `--in` uses it.
RATE = [
    "JPY", "0.0067", "USD", "--on", "2023-01-01", "--source",
    "https://www.mof.go.jp/english/policy/international_policy/reference/"
    "foreign_exchange_rates/index.htm", "--note", "Ministry of Finance, monthly average",
]  # fmt: skip


# The recipients of some of the pledges above, by id; the tables show them after an arrow.
RECIPIENTS = {
    3: ("El Salvador", "Honduras", "Belize"),
    5: ("Angola", "Zambia"),
}


def build_ledger(env: dict[str, str]) -> None:
    """The pledges above, each with the note the search finds, and their updates."""
    cli_ok("init", env=env)
    for pledge_id, (actor, title, target, due, updates) in enumerate(PLEDGES, start=1):
        args = ["add", title, "--by", actor, "--announced", "2023-01-01", "--note", NOTE]
        args += ["--target", target] if target else []
        args += ["--due", due] if due else []
        args += [arg for name in RECIPIENTS.get(pledge_id, ()) for arg in ("--to", name)]
        cli_ok(*args, env=env)
        for update in updates:
            cli_ok("update", str(pledge_id), *update, env=env)
    cli_ok("edit", "5", "--target", "EUR 2,750,000,000", env=env)
    cli_ok("rate", "add", *RATE, env=env)
    cli_ok("rate", "add", "EUR", "1.07", "USD", "--on", "2023-01-02", "--source", SRC, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ledger, recorded once per module."""
    return build_once(tmp_path_factory, "terminal", build_ledger)


@pytest.fixture
def ledger(built: Path, ledger_path: Path) -> Path:
    """A copy of the ledger where this test's commands look for it."""
    return copy_ledger(built, ledger_path)


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def in_terminal(args: list[str], columns: int, env: dict[str, str]) -> tuple[pyte.Screen, str]:
    """Run the console script with a pseudo-terminal of `columns` as its stdin, stdout and
    stderr, in the environment `env` (no COLUMNS, LINES or NO_COLOR unless it has them);
    return the emulator's screen of what it printed, and the raw text."""
    import fcntl
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    environment.pop("NO_COLOR", None)
    environment.update({"TERM": "xterm-256color", **env})
    process = subprocess.Popen(
        [str(SCRIPT), *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=environment,
        close_fds=True,
    )
    os.close(terminal)
    chunks = []
    while select.select([controller], [], [], 60)[0]:  # a hung command fails, not the suite
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=60) == 0
    raw = b"".join(chunks).decode("utf-8")
    lines = raw.count("\n") + len(raw) // columns + 2
    screen = pyte.Screen(columns, lines)
    pyte.Stream(screen).feed(raw)
    return screen, raw


POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
# Under pytest-xdist the workers already draw screens side by side, and a worker drawing every
# width of a command would draw some that another worker draws too.
AHEAD = "PYTEST_XDIST_WORKER" not in os.environ
SCREENS: dict[tuple[tuple[str, ...], int, str], Future[tuple[pyte.Screen, str]]] = {}


def terminal_at(
    ledger: Path, args: list[str], columns: int, env: dict[str, str] | None = None
) -> tuple[pyte.Screen, str]:
    """`in_terminal` on this module's ledger (the commands only read it). Outside xdist, the
    first call for a command starts it at every width of WIDTHS at once, so the screens of its
    tests are drawn side by side, a process each."""
    environment = {"PLEDGETRACK_DB": str(ledger), **(env or {})}
    key = (tuple(args), json.dumps(environment, sort_keys=True))
    for width in WIDTHS if AHEAD and columns in WIDTHS else (columns,):
        if (key[0], width, key[1]) not in SCREENS:
            SCREENS[key[0], width, key[1]] = POOL.submit(in_terminal, args, width, environment)
    return SCREENS[key[0], columns, key[1]].result()


def screen_text(screen: pyte.Screen) -> str:
    """The screen's lines, trailing blanks removed."""
    return "\n".join(line.rstrip() for line in screen.display).rstrip() + "\n"


def raw_lines(raw: str) -> list[str]:
    """What the program wrote, line by line, without its escape sequences."""
    return ANSI.sub("", raw).replace("\r", "").split("\n")


def amount(value: float | Decimal, unit: str, kind: str) -> str:
    """An amount as pledgetrack prints it for people."""
    from pledgetrack.domain.amounts import format_amount
    from pledgetrack.domain.model import Amount, Kind

    return format_amount(Amount(Decimal(str(value)), unit, Kind(kind)))


def percent(progress: float) -> str:
    """A progress fraction as the whole percentage pledgetrack prints."""
    from pledgetrack.cli.render import percent_text

    return percent_text(Decimal(str(progress)))


def pledge_records(*args: str) -> list[dict[str, Any]]:
    """The pledges a command shows, as its JSON records."""
    records = json.loads(cli_ok(*args, "--format", "json", "--as-of", AS_OF).stdout)
    return records if isinstance(records, list) else [records]


def whole_texts(record: dict[str, Any]) -> list[str]:
    """The texts of a pledge that must appear whole on one screen line: amounts, %, date."""
    texts = []
    if record["target"] is not None:
        texts.append(amount(record["target"], record["unit"], record["kind"]))
        texts.append(amount(record["counted"], record["unit"], record["kind"]))
        texts.append(percent(record["progress"]))
    if record["deadline"]:
        texts.append(record["deadline"])
    return texts


STATUS_WORDS = re.compile(
    r"\b(not_started|in_progress|stalled|fulfilled|partially_fulfilled|broken|withdrawn"
    r"|superseded)\b"
)


def status_texts(record: dict[str, Any]) -> list[str]:
    """The status and each flag a pledge shows."""
    texts = [record["status"]]
    texts += [flag for flag in ("overdue", "conflict") if record[flag]]
    texts += ["due soon"] * record["due_soon"] + ["(late)"] * record["late"]
    return texts


def assert_fits(screen: pyte.Screen, raw: str, columns: int) -> str:
    """No line wider than the terminal, in what was written or on the screen; no `…`."""
    lines = raw_lines(raw)
    too_wide = [line for line in lines if cell_len(line) > columns]
    assert not too_wide, too_wide
    text = screen_text(screen)
    assert "…" not in text, text
    return text


def assert_pledges_whole(text: str, records: list[dict[str, Any]], columns: int) -> None:
    """Every id at the start of its row or block, every amount, % and date whole on a line,
    every status and flag shown; the progress bar beside its % from 80 columns."""
    lines = text.splitlines()
    for record in records:
        start = re.compile(rf"^\s*#?{record['id']}\s")
        assert any(start.match(line) for line in lines), (record["id"], text)
        for whole in whole_texts(record):
            assert any(whole in line for line in lines), (whole, text)
    shown = [status for record in records for status in status_texts(record)]
    for status in set(shown):
        pattern = re.escape(status) if " " in status or "(" in status else rf"\b{status}\b"
        assert len(re.findall(pattern, text)) >= shown.count(status), (status, text)
    if columns >= 80:
        bars = re.findall(r"[█░]{10} +\d+%", text)
        assert len(bars) == sum(record["target"] is not None for record in records), text


def unit_totals() -> dict[str, tuple[str, str]]:
    """Pledged and counted per currency or unit over the whole ledger, as printed."""
    groups = json.loads(
        cli_ok("summary", "--by", "status", "--format", "json", "--as-of", AS_OF).stdout
    )
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for group in groups:
        for total in group["totals"]:
            both = sums.setdefault((total["unit"], total["kind"]), [Decimal(0), Decimal(0)])
            both[0] += Decimal(str(total["pledged"]))
            both[1] += Decimal(str(total["counted"]))
    return {
        unit: (amount(pledged, unit, kind), amount(counted, unit, kind))
        for (unit, kind), (pledged, counted) in sums.items()
    }


def assert_counts_and_totals(text: str) -> None:
    """The report's counts: the statuses add up to the pledges, the flags come after a `;`;
    then pledged and counted whole for each currency and unit."""
    paragraph = text[text.index(f"{len(PLEDGES)} pledges as of {AS_OF}:") :].split(
        "\n\n", maxsplit=1
    )[0]
    statuses, flags = " ".join(paragraph.split()).split(": ", 1)[1].split("; ")
    assert sum(int(part.split()[0]) for part in statuses.split(" · ")) == len(PLEDGES)
    assert flags == "2 overdue · 1 due soon"
    lines = text.splitlines()
    for unit, (pledged, counted) in unit_totals().items():
        assert any(pledged in line for line in lines), (unit, pledged, text)
        assert any(counted in line for line in lines), (unit, counted, text)


def row_heights(text: str) -> list[int]:
    """The lines each pledge takes in a table whose rows start with the id."""
    table = text.split("\n\n", maxsplit=1)[0].splitlines()
    starts = [i for i, line in enumerate(table) if re.match(r"^\s*\d+\s", line)]
    return [end - start for start, end in zip(starts, [*starts[1:], len(table)], strict=True)]


TABLES = {
    "report": ["report"],
    "list": ["list"],
    "search": ["search", "communique"],
}


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("command", list(TABLES))
def test_pledge_tables_keep_ids_amounts_dates_and_statuses_whole(
    built: Path, ledger: Path, command: str, columns: int
) -> None:
    args = [*TABLES[command], "--as-of", AS_OF]
    screen, raw = terminal_at(built, args, columns)
    text = assert_fits(screen, raw, columns)
    records = pledge_records(*TABLES[command])
    assert len(records) == len(PLEDGES)
    assert_pledges_whole(text, records, columns)
    assert "[red]Rebuild[/]" in text  # typed text, never read as markup
    assert "[sic]" in text
    assert text.count("→") == len(RECIPIENTS)  # who pledges → to whom
    for word in ("Salvador", "Honduras", "Belize"):  # the recipients no title names
        assert re.search(rf"\b{word}\b", text), (word, text)
    if command == "report":
        assert_counts_and_totals(text)
    if command == "report" and columns >= 160:  # the titles get the room, not the actor
        assert max(row_heights(text)) <= (3 if columns < 250 else 2), text


STATUS_COUNT = re.compile(rf"\b\d+ {STATUS_WORDS.pattern}")
AMOUNT = re.compile(r"\b[A-Z]{3} \d|\d (refugees|schools|technicians|trees)\b")


@pytest.mark.parametrize("columns", WIDTHS)
def test_summary_reads_one_group_at_a_time(built: Path, ledger: Path, columns: int) -> None:
    screen, raw = terminal_at(built, ["summary", "--as-of", AS_OF], columns)
    text = assert_fits(screen, raw, columns)
    lines = text.splitlines()
    groups = json.loads(cli_ok("summary", "--format", "json", "--as-of", AS_OF).stdout)
    for group in groups:
        for status, n in group["by_status"].items():
            assert f"{n} {status}" in text, (group["actor"], status, text)
        for total in group["totals"]:
            for which in ("pledged", "counted"):
                whole = amount(total[which], total["unit"], total["kind"])
                assert any(whole in line for line in lines), (whole, text)
            assert percent(total["progress"]) in text
    # a group's counts by status never stand beside the amounts of one of its units
    mixed = [line for line in lines if STATUS_COUNT.search(line) and AMOUNT.search(line)]
    assert not mixed, text


def converted_texts(command: str) -> tuple[list[str], list[int]]:
    """The converted totals a `--in USD` table must show whole (the scorecards' from the JSON of
    `summary`, the report's from its Markdown), and the pledges it lists as not converted."""
    groups = json.loads(
        cli_ok("summary", "--in", "USD", "--format", "json", "--as-of", AS_OF).stdout
    )
    missing = [m["pledge_id"] for g in groups for m in g["converted"]["not_converted"]]
    if command == "summary":
        totals = [t for g in groups for t in g["converted"]["totals"]]
        wholes = [
            amount(t[which], "USD", "money") for t in totals for which in ("pledged", "counted")
        ]
        return wholes, missing
    markdown = cli_ok("report", "--in", "USD", "--format", "markdown", "--as-of", AS_OF).stdout
    rows = [line.split(" | ") for line in markdown.splitlines() if line.startswith("| all in ")]
    assert len(rows) == 1, markdown
    return [cell for row in rows for cell in row[2:4]], missing


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("command", ["report", "summary"])
def test_converted_totals_and_what_is_left_out_stay_whole(
    built: Path, ledger: Path, command: str, columns: int
) -> None:
    screen, raw = terminal_at(built, [command, "--in", "USD", "--as-of", AS_OF], columns)
    text = assert_fits(screen, raw, columns)
    lines = text.splitlines()
    wholes, missing = converted_texts(command)
    assert wholes and missing == [14]
    for whole in wholes:
        assert any(whole in line for line in lines), (whole, text)
    assert any(amount(12500000000, "UAH", "money") in line for line in lines), text
    said = " ".join(text.split())
    assert "pledge 14: target UAH 12,500,000,000" in said
    assert "the ECB publishes no UAH rate" in said
    assert "1 of your own (rate list)" in said  # the yen's rate, and only it: EUR's is for 2 Jan


@pytest.mark.parametrize("columns", WIDTHS)
def test_rate_list_keeps_each_rate_whole(built: Path, ledger: Path, columns: int) -> None:
    screen, raw = terminal_at(built, ["rate", "list"], columns)
    text = assert_fits(screen, raw, columns)
    lines = text.splitlines()
    for whole in ("1 JPY = 0.0067 USD", "1 EUR = 1.07 USD", "2023-01-01", "2023-01-02"):
        assert any(whole in line for line in lines), (whole, text)
    joined = "".join(line.strip() for line in lines)
    assert RATE[6] in joined  # the long source, wrapped but all there
    assert "Ministry of Finance, monthly average" in " ".join(text.split())


@pytest.mark.parametrize("columns", WIDTHS)
def test_summary_by_recipient_says_a_pledge_counts_under_each(
    built: Path, ledger: Path, columns: int
) -> None:
    args = ["summary", "--by", "recipient", "--as-of", AS_OF]
    screen, raw = terminal_at(built, args, columns)
    text = assert_fits(screen, raw, columns)
    words = " ".join(text.split())
    assert "A pledge with several recipients counts under each of them" in words
    groups = json.loads(cli_ok(*args, "--format", "json").stdout)
    names = [recipient for names in RECIPIENTS.values() for recipient in names]
    assert sorted(g["recipient"] for g in groups) == sorted([*names, "(no recipient)"])
    assert sum(g["pledges"] for g in groups) > len(PLEDGES)
    assert f"{len(PLEDGES)} pledges:" in text  # the overall line counts each pledge once
    for group in groups:
        assert group["recipient"] in words


@pytest.mark.parametrize("columns", WIDTHS)
def test_show_keeps_the_fields_and_the_timeline_whole(
    built: Path, ledger: Path, columns: int
) -> None:
    pledge_id = 5  # an amount, a verdict with its note and source, an edit
    screen, raw = terminal_at(built, ["show", str(pledge_id), "--as-of", AS_OF], columns)
    text = assert_fits(screen, raw, columns)
    lines = text.splitlines()
    detail = json.loads(cli_ok("show", str(pledge_id), "--format", "json", "--as-of", AS_OF).stdout)
    wholes = [detail["uid"], *whole_texts(detail)]
    for update in detail["updates"]:
        wholes.append(update["happened_on"])
        if update["amount"] is not None:
            wholes.append(amount(update["amount"], update["unit"], detail["kind"]))
        wholes += [update[key] for key in ("stage", "status") if update[key]]
        wholes += update["sources"]
    wholes += detail["recipient"]
    for whole in wholes:
        assert any(whole in line for line in lines), (whole, text)
    assert detail["recipient"] == list(RECIPIENTS[pledge_id])
    for status in status_texts(detail):
        assert status in text
    assert any("2500000000 EUR" in line for line in lines), text  # the edit: before, and when
    assert any(re.search(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line) for line in lines)


def bar_colours(screen: pyte.Screen, marker: str) -> set[str]:
    """The colours of the progress bar on the first line where `marker` shows."""
    for y, line in enumerate(screen.display):
        if marker in line:
            row = screen.buffer[y]
            return {row[x].fg for x in range(screen.columns) if row[x].data in ("█", "░")}
    raise AssertionError(f"{marker!r} not on the screen")


BARS = {  # a line where each pledge's bar shows, and the bar's colour
    "USD 1,500,000,000": "green",  # 3: fulfilled
    "EUR 1,650,000,000": "red",  # 5: broken at 60%
    " 0 schools": "red",  # 4: broken at 0%, not green
    "EUR 27,000,000,000": "brown",  # 2: due soon (yellow: pyte names SGR 33 brown)
    "JPY 1,200,000,000,000": "red",  # 1: stalled and overdue
}


@pytest.mark.parametrize(("command", "columns"), [("report", 80), ("report", 120), ("list", 160)])
def test_the_bar_takes_the_colour_of_the_status(built: Path, command: str, columns: int) -> None:
    screen, _ = terminal_at(built, [command, "--as-of", AS_OF], columns)
    for marker, colour in BARS.items():
        assert bar_colours(screen, marker) == {colour}, (marker, screen_text(screen))


def test_no_colour_with_no_color_or_in_a_pipe(built: Path) -> None:
    screen, _ = in_terminal(["report", "--as-of", AS_OF], 120, {"PLEDGETRACK_DB": str(built),
                                                                 "NO_COLOR": "1"})  # fmt: skip
    colours = {char.fg for row in screen.buffer.values() for char in row.values()}
    assert colours == {"default"}
    assert bar_colours(screen, "USD 1,500,000,000") == {"default"}
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    environment["PLEDGETRACK_DB"] = str(built)
    piped = subprocess.run(
        [str(SCRIPT), "report", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    assert "\x1b" not in piped.stdout
    assert "USD 1,500,000,000" in piped.stdout


EXTRACT_TEXTS = [
    Path(__file__).parent / "data" / "extract" / name
    for name in (
        "seed-004-blog-amlo-biden-white-house.txt",
        "informeurope-2024-03-eu-egypt-7-4-billion.txt",
        "japantimes-2013-06-abe-3-2-trillion-yen-ticad5.txt",
        "washingtonpost-2009-12-copenhagen-100-billion.txt",
    )
]
EXTRACT = ["extract", *map(str, EXTRACT_TEXTS), "--published", "2022-07-12", "--format", "table"]


def candidate_wholes(record: dict[str, Any]) -> list[str]:
    """What a candidate must show whole on one line: its index, the figure of its target (a sum
    with its currency, a number), its deadline."""
    from pledgetrack.domain.amounts import format_amount
    from pledgetrack.domain.model import Amount, Kind

    money = record["unit"].isupper() and len(record["unit"]) == 3
    value = Decimal(str(record["target"]))
    if money:
        figure = format_amount(Amount(value, record["unit"], Kind.MONEY))
    else:
        figure = f"{value:,f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:,}"
    wholes = [f"#{record['index']}", figure]
    if record["deadline"]:
        wholes.append(record["deadline"])
    return wholes


@pytest.mark.parametrize("columns", WIDTHS)
def test_the_extract_table_keeps_indexes_figures_and_dates_whole(built: Path, columns: int) -> None:
    screen, raw = terminal_at(built, EXTRACT, columns)
    text = assert_fits(screen, raw, columns)
    records = json.loads(cli_ok(*EXTRACT[:-1], "json").stdout)
    assert len(records) > 15
    lines = text.splitlines()
    for record in records:
        for whole in candidate_wholes(record):
            assert any(whole in line for line in lines), (whole, text)
    starts = [line for line in lines if re.match(r"^#\d+\s", line)]
    assert len(starts) == len(records), text  # every candidate's index opens its row or block
