"""Hostile input: the CLI on arbitrary text answers with exit 0, 1 or 2 and never a traceback;
escape sequences, bidi controls and NUL never reach a terminal or a CSV; Rich markup is shown
literally; sort and filter values never reach SQL as text.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_clean_error, digest, ok, run

IN_PROCESS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SUBPROCESS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

NASTY = (
    "[red]x[/] [sic] [bold]b[/bold]",
    "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x1b]0;owned title\x07 \x9b31m c1",
    "\u202eevil\u202c \u2066iso\u2069 \u200fmark",
    "bell\x07 back\x08space cr\r tab\t",
)
FORBIDDEN_BYTES = ("\x1b", "\x00", "\x07", "\x08", "\u202e", "\u2066", "\x9b", "\r")


def _in_process(*args: str) -> tuple[int, str, str]:
    """Run the app in this process (fast enough for hypothesis) the way the console script does."""
    result = run(*args)
    return result.code, result.stdout, result.stderr


def _assert_answered(code: int, stderr: str) -> None:
    assert code in {0, 1, 2}, (code, stderr)
    assert "Traceback" not in stderr
    if code:
        assert stderr.strip().splitlines()[-1].startswith("Error: "), stderr


@IN_PROCESS
@given(title=st.text(), by=st.text(), target=st.text(), due=st.text())
def test_add_on_arbitrary_text_answers_cleanly(
    ledger_path: Path, title: str, by: str, target: str, due: str
) -> None:
    code, _, stderr = _in_process("add", title, "--by", by, "--target", target, "--due", due)
    _assert_answered(code, stderr)


@IN_PROCESS
@given(
    command=st.sampled_from(["list", "report", "summary", "search", "due", "show", "export"]),
    words=st.lists(st.text(max_size=30), max_size=4),
)
def test_any_command_on_arbitrary_words_answers_cleanly(
    ledger_path: Path, command: str, words: list[str]
) -> None:
    code, _, stderr = _in_process(command, *words)
    _assert_answered(code, stderr)


_ARGV_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))


@SUBPROCESS
@given(title=_ARGV_TEXT, target=_ARGV_TEXT, due=_ARGV_TEXT)
def test_the_console_script_on_arbitrary_text(
    ledger_path: Path, title: str, target: str, due: str
) -> None:
    result = run("add", title, "--by", "Mexico", "--target", target, "--due", due)
    _assert_answered(result.code, result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("add", "--", "--by"),
        ("add", "x" * 100_000, "--by", "Mexico"),
        ("add", "T", "--by", "M", "--target", "1e999999 USD"),
        ("add", "T", "--by", "M", "--target", "NaN visas", "--due", "\x1b[2J"),
        ("update", "99999999999999999999999", "--note", "x"),
        ("show", "-1"),
        ("due", "+99999999y"),
        ("list", "--as-of", "9999-99-99"),
        ("list", "--limit", "0"),
    ],
)
def test_odd_arguments_through_the_console_script(ledger_path: Path, args: tuple[str, ...]) -> None:
    ok("add", "A pledge", "--by", "Mexico")
    result = run(*args)
    assert result.code in {0, 1, 2, 3}, result.stderr
    assert "Traceback" not in result.stderr


def _ledger_with_nasty_text(ledger_path: Path) -> None:
    for text in NASTY:
        ok("add", text, "--by", text, "--target", "$1 million", "--note", text, "--tag", text,
           "--event", text, "--quote", text, "--source", "https://example.org/" + text)  # fmt: skip
    conn = sqlite3.connect(ledger_path)  # NUL cannot be typed on a command line; it can be stored
    conn.execute(
        "UPDATE pledges SET title = ?, note = ? WHERE id = 5", ["nul\x00byte", "nul\x00note"]
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("report",),
        ("show", "1"),
        ("show", "2"),
        ("show", "4"),
        ("show", "5"),
        ("list", "--format", "markdown"),
        ("report", "--format", "csv"),
        ("export", "--format", "csv"),
        ("export", "--format", "csv", "--what", "updates"),
        ("summary", "--by", "event"),
    ],
)
def test_control_characters_never_reach_tables_or_csv(
    ledger_path: Path, command: tuple[str, ...]
) -> None:
    _ledger_with_nasty_text(ledger_path)
    result = ok(*command)
    for forbidden in FORBIDDEN_BYTES:
        assert forbidden not in result.stdout, (forbidden, result.stdout)
        assert forbidden not in result.stderr, (forbidden, result.stderr)


def test_markup_is_shown_literally(ledger_path: Path) -> None:
    _ledger_with_nasty_text(ledger_path)
    shown = ok("show", "1").stdout
    for literal in ("[red]x[/]", "[sic]", "[bold]b[/bold]"):
        assert literal in shown
    assert "[sic]" in ok("report").stdout
    assert "evil" in ok("show", "4").stdout  # stripped of its controls, not dropped


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_keeps_text_as_typed_but_escapes_controls(ledger_path: Path, fmt: str) -> None:
    _ledger_with_nasty_text(ledger_path)
    result = ok("export", "--format", fmt)
    assert "\x1b" not in result.stdout and "\x00" not in result.stdout
    lines = [result.stdout] if fmt == "json" else result.stdout.splitlines()
    records = [
        r for line in lines for r in (json.loads(line) if fmt == "json" else [json.loads(line)])
    ]
    titles = {r["title"] for r in records}
    assert NASTY[1] in titles
    assert "nul\x00byte" in titles


def test_sort_keys_never_reach_sql(ledger_path: Path) -> None:
    ok("add", "A pledge", "--by", "Mexico")
    before = digest(ledger_path)
    for command in ("list", "report"):
        result = run(command, "--sort", "id; DROP TABLE pledges")
        assert_clean_error(result, 2)
        assert "cannot sort by" in result.stderr
    assert digest(ledger_path) == before
    assert len(json.loads(ok("list", "--format", "json").stdout)) == 1


@pytest.mark.parametrize("option", ["--actor", "--to", "--event", "--tag"])
def test_filter_values_never_reach_sql(ledger_path: Path, option: str) -> None:
    ok("add", "A pledge", "--by", "Mexico", "--to", "US", "--event", "Summit", "--tag", "b")
    before = digest(ledger_path)
    for hostile in ("x' OR 1=1 --", 'x" OR "1"="1', "%", "_", "*", "'); DROP TABLE pledges; --"):
        result = ok("list", option, hostile, "--format", "json")
        assert json.loads(result.stdout) == [], (option, hostile)
    search = ok("search", "x' OR 1=1 --", "--format", "json")
    assert json.loads(search.stdout) == []
    assert digest(ledger_path) == before
    assert len(json.loads(ok("list", "--format", "json").stdout)) == 1
