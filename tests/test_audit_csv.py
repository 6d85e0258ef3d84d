"""CSV as a user meets it: no formula reaches a spreadsheet, whatever hides in front of it; an
export imports back unchanged (a leading `'`, a `;` inside a tag or source, a long note); a row
twice in one file, a line without end, a pipe or an unreadable file are refused, by line and
column where there is one."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import NOBODY, SCRIPT, assert_clean_error, digest, ok, run
from pledgetrack.formats.cells import guard, join_list, split_list, unguard

LINE_CAP = 16 * 1024 * 1024  # characters in a line (and a cell) that import reads, as documented
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def listed(env: dict[str, str] | None = None) -> list[dict[str, object]]:
    records = json.loads(ok("list", "--format", "json", "--limit", "100", env=env).stdout)
    assert isinstance(records, list)
    return records


def other_ledger(tmp_path: Path) -> dict[str, str]:
    """A second, empty ledger to import into."""
    env = {"PLEDGETRACK_DB": str(tmp_path / "other.db")}
    ok("init", env=env)
    return env


# 1. The guard judges the cell as written, after control and bidi characters are taken out.

HIDDEN_FORMULAS = {
    "title": '\x01=HYPERLINK("http://evil.example/","click")',
    "actor": "\u202e+SUM(1,1)",
    "recipient": "\x1b[0m@SUM(A1)",
    "note": "\x7f-2+3",
}


@pytest.fixture
def hidden(ledger_path: Path) -> Path:
    ok("add", HIDDEN_FORMULAS["title"], "--by", HIDDEN_FORMULAS["actor"],
       "--to", HIDDEN_FORMULAS["recipient"], "--note", HIDDEN_FORMULAS["note"],
       "--tag", "\u2066=1+1", "--event", "\x1b]0;t\x07-1")  # fmt: skip
    ok("update", "1", "--on", "2024-01-01", "--note", "\u200f@A1", "--source", "\x02=x")
    return ledger_path


@pytest.mark.parametrize(
    "command",
    [
        ("export",),
        ("export", "--what", "updates"),
        ("list", "--format", "csv"),
        ("report", "--format", "csv"),
        ("search", "HYPERLINK", "--format", "csv"),
        ("show", "1", "--format", "csv"),
        ("summary", "--by", "actor", "--format", "csv"),
        ("summary", "--by", "recipient", "--format", "csv"),
        ("summary", "--by", "tag", "--format", "csv"),
        ("summary", "--by", "event", "--format", "csv"),
    ],
)
def test_no_csv_cell_starts_a_formula_behind_a_control_character(
    hidden: Path, command: tuple[str, ...]
) -> None:
    written = cells(ok(*command).stdout)
    assert written
    assert [c for c in written if c.startswith(FORMULA_STARTS)] == []


def test_the_guarded_cells_are_the_text_shown_with_a_leading_quote(hidden: Path) -> None:
    (pledge,) = rows(ok("export").stdout)
    assert pledge["title"] == '\'=HYPERLINK("http://evil.example/","click")'
    assert pledge["actor"] == "'+SUM(1,1)"
    assert pledge["recipient"] == "'@SUM(A1)"
    assert pledge["note"] == "'-2+3"
    assert pledge["tags"] == "'=1+1"
    (group,) = rows(ok("summary", "--by", "actor", "--format", "csv").stdout)
    assert group["actor"] == "'+SUM(1,1)"
    (update,) = rows(ok("export", "--what", "updates").stdout)
    assert (update["note"], update["sources"]) == ("'@A1", "'=x")


def test_raw_keeps_formulas_but_never_a_control_character(hidden: Path) -> None:
    out = ok("export", "--raw").stdout
    (pledge,) = rows(out)
    assert pledge["title"] == '=HYPERLINK("http://evil.example/","click")'
    assert pledge["actor"] == "+SUM(1,1)"
    assert pledge["note"] == "-2+3"
    for control in ("\x01", "\x1b", "\x7f", "\u202e", "\u2066", "\x07"):
        assert control not in out


# 2. An export imports back unchanged.

TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")))


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_the_guard_comes_off_exactly_as_it_went_on(text: str) -> None:
    written = guard(text)
    assert not written.startswith(FORMULA_STARTS)
    assert unguard(written) == text


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(st.text(st.sampled_from("ab;\\' "), min_size=1), min_size=1)
    | st.lists(TEXT, min_size=1)
)
def test_list_items_come_back_as_they_went_in(items: list[str]) -> None:
    assert split_list(join_list(items)) == items


def test_text_that_begins_with_a_quote_keeps_it_through_export_and_import(
    ledger_path: Path, tmp_path: Path
) -> None:
    titles = ["'hello", "=x", "'=x", "''=x", "'-3 revised", "it's", "'"]
    for title in titles:
        ok("add", title, "--by", "Mexico", "--note", title)
    exported = rows(ok("export").stdout)
    assert [p["title"] for p in exported] == [
        "''hello", "'=x", "''=x", "'''=x", "''-3 revised", "it's", "''",
    ]  # fmt: skip
    path = tmp_path / "p.csv"
    ok("export", "-o", str(path))
    env = other_ledger(tmp_path)
    ok("import", str(path), env=env)
    assert [(p["title"], p["note"]) for p in listed(env)] == [(t, t) for t in titles]


def test_a_semicolon_or_backslash_in_a_tag_or_source_survives_export_and_import(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10",
       "--tag", "a;b", "--tag", "back\\slash", "--tag", "end\\", "--tag", "plain",
       "--source", "Reuters; 2024, p. 3", "--source", "https://example.org/?a=1;b=2")  # fmt: skip
    ok("update", "1", "--on", "2023-01-01", "--amount", "$1 million",
       "--source", "AP; 2023", "--source", "C:\\reports\\aid.pdf")  # fmt: skip
    (pledge,) = rows(ok("export").stdout)
    assert pledge["tags"] == "a\\;b;back\\\\slash;end\\\\;plain"
    assert pledge["sources"] == "Reuters\\; 2024, p. 3;https://example.org/?a=1\\;b=2"
    pledges, updates = tmp_path / "p.csv", tmp_path / "u.csv"
    ok("export", "-o", str(pledges))
    ok("export", "--what", "updates", "-o", str(updates))
    env = other_ledger(tmp_path)
    ok("import", str(pledges), env=env)
    ok("import", str(updates), env=env)
    assert listed(env) == listed()
    mine = json.loads(ok("show", "1", "--format", "json").stdout)
    theirs = json.loads(ok("show", "1", "--format", "json", env=env).stdout)
    assert theirs["updates"][0]["sources"] == ["AP; 2023", "C:\\reports\\aid.pdf"]
    assert theirs == mine


def test_a_backslash_before_anything_else_is_kept_as_typed(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init")
    path = tmp_path / "p.csv"
    path.write_text("title,actor,tags\nAid,US,C:\\docs;x\\;y\n", encoding="utf-8")
    ok("import", str(path))
    assert listed()[0]["tags"] == ["C:\\docs", "x;y"]


def test_a_cell_longer_than_python_csv_reads_by_default_imports_back(
    ledger_path: Path, tmp_path: Path
) -> None:
    note = "word " * 40_000 + "end"  # 200,003 characters, over csv's 131,072 default
    ok("add", "Long note", "--by", "Mexico", "--note", note)
    path = tmp_path / "p.csv"
    ok("export", "-o", str(path))
    env = other_ledger(tmp_path)
    ok("import", str(path), env=env)
    assert listed(env)[0]["note"] == note


def test_a_cell_too_long_to_read_back_is_refused_and_the_json_document_carries_it(
    ledger_path: Path, tmp_path: Path
) -> None:
    note = "x" * LINE_CAP + "y"
    ok("add", "Short", "--by", "Mexico")
    ok("add", "Huge note", "--by", "Mexico", "--note", note)
    uid = listed()[1]["uid"]
    path = tmp_path / "p.csv"
    for command in (("export", "-o", str(path)), ("list", "--format", "csv")):
        result = run(*command)
        assert_clean_error(result, 1)
        assert f"pledge 2 (uid {uid}): its note has 16,777,217 characters" in result.stderr
        assert "export --what all --format json" in result.stderr
        assert note[:100] not in result.stdout  # nothing of that record was written
    assert not path.exists()
    document = tmp_path / "ledger.json"
    ok("export", "--what", "all", "--format", "json", "-o", str(document))
    env = other_ledger(tmp_path)
    ok("import", str(document), env=env)
    assert {p["title"]: p["note"] for p in listed(env)}["Huge note"] == note
    compact = tmp_path / "compact.json"  # the whole document on one line, as `jq -c` writes it
    compact.write_text(json.dumps(json.loads(document.read_text("utf-8"))), "utf-8")
    env = {"PLEDGETRACK_DB": str(tmp_path / "third.db")}
    ok("init", env=env)
    ok("import", str(compact), env=env)
    assert {p["title"]: p["note"] for p in listed(env)}["Huge note"] == note


def test_a_line_that_the_csv_cell_and_its_row_make_too_long_is_refused(
    ledger_path: Path, tmp_path: Path
) -> None:
    half = "x" * (LINE_CAP // 2 + 1)  # each cell fits; the line holding both does not
    ok("add", half, "--by", "Mexico", "--note", half)
    result = run("export", "-o", str(tmp_path / "p.csv"))
    assert_clean_error(result, 1)
    assert "pledge 1 (uid " in result.stderr
    line = re.search(r"its row makes a CSV line of ([\d,]+) characters", result.stderr)
    assert line is not None, result.stderr
    assert int(line[1].replace(",", "")) > LINE_CAP
    assert "export --what all --format json" in result.stderr


@pytest.mark.parametrize(
    ("body", "lines"),
    [
        ("uid,title,actor\nu1,First,Mexico\nu2,Other,Chile\nu1,Second,Mexico\n", (2, 4)),
        ('uid,title,actor\nu1,First,Mexico\n"u1","Two\nlines",Mexico\n', (2, 3)),
    ],
)
def test_two_pledge_rows_with_one_uid_are_refused_naming_both_lines(
    ledger_path: Path, tmp_path: Path, body: str, lines: tuple[int, int]
) -> None:
    ok("init")
    path = tmp_path / "p.csv"
    path.write_text(body, encoding="utf-8")
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    first, second = lines
    assert f"p.csv line {second}, column uid:" in result.stderr
    assert f"line {first}" in result.stderr
    assert digest(ledger_path) == before
    assert listed() == []


def test_a_uid_twice_in_a_file_is_refused_even_when_the_ledger_has_it(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10")
    ok("update", "1", "--on", "2023-01-01", "--amount", "$1 million")
    exported = ok("export", "--what", "updates").stdout.splitlines()
    path = tmp_path / "u.csv"
    path.write_text("\n".join([*exported, exported[1]]) + "\n", encoding="utf-8")
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "u.csv line 3, column uid:" in result.stderr
    assert "line 2" in result.stderr
    assert digest(ledger_path) == before


def test_two_update_rows_with_one_uid_are_refused(ledger_path: Path, tmp_path: Path) -> None:
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10")
    path = tmp_path / "u.csv"
    path.write_text(
        "uid,pledge_id,happened_on,amount\n"
        "a1,1,2023-01-01,5\n"
        "a2,1,2023-02-01,5\n"
        "a1,1,2023-03-01,7\n",
        encoding="utf-8",
    )
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "u.csv line 4, column uid:" in result.stderr
    assert "line 2" in result.stderr
    assert digest(ledger_path) == before


@pytest.mark.parametrize("bad_date_first", [False, True])
def test_a_uid_given_again_far_down_a_long_file_is_refused_in_its_turn(
    ledger_path: Path, tmp_path: Path, bad_date_first: bool
) -> None:
    # An import checks its rows a thousand at a time: a uid given again two thousand rows
    # later is still refused, naming both lines, and a bad row before it is named instead.
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10")
    notes = [f"u{n},1,2023-01-01,note {n}" for n in range(2500)]
    notes[2400] = "u3,1,2023-01-01,again"  # on line 2402; u3 is on line 5
    if bad_date_first:
        notes[2300] = "u2300,1,someday,a bad date"  # line 2302
    path = tmp_path / "u.csv"
    path.write_text("uid,pledge_id,happened_on,note\n" + "\n".join(notes) + "\n", encoding="utf-8")
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    if bad_date_first:
        assert "u.csv line 2302, column happened_on:" in result.stderr
    else:
        assert "u.csv line 2402, column uid: uid 'u3' is on line 5 as well" in result.stderr
    assert digest(ledger_path) == before


# 3. A line without end, and a pipe, are refused at once.


def test_a_line_longer_than_the_cap_is_refused_by_its_number(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init")
    path = tmp_path / "p.csv"
    path.write_text("title,actor\nA,Mexico\n" + "x" * (LINE_CAP + 1) + ",Chile\n", "utf-8")
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert f"p.csv line 3: a line longer than {LINE_CAP:,} characters" in result.stderr
    assert digest(ledger_path) == before
    path.write_text("title,actor\nA,Mexico\n" + "x" * (LINE_CAP - 6) + ",Chile\r\n", "utf-8")
    ok("import", str(path))  # exactly the cap: read
    assert len(listed()) == 2


def _at_most_two_gib() -> None:
    """Let the child fail fast instead of eating the machine if it reads without bound."""
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_importing_dev_zero_stops_at_the_first_line(ledger_path: Path) -> None:
    ok("init")
    before = digest(ledger_path)
    completed = subprocess.run(
        [str(SCRIPT), "import", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_at_most_two_gib,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr.startswith(
        f"Error: /dev/zero line 1: a line longer than {LINE_CAP:,} characters"
    ), completed.stderr
    assert len(completed.stderr.splitlines()) == 1
    assert digest(ledger_path) == before


def test_a_named_pipe_is_refused_at_once(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    fifo = tmp_path / "pledges.csv"
    os.mkfifo(fifo)
    before = digest(ledger_path)
    completed = subprocess.run(
        [str(SCRIPT), "import", str(fifo)], capture_output=True, text=True, timeout=30, check=False
    )
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr.startswith(f"Error: {fifo} is a pipe"), completed.stderr
    assert len(completed.stderr.splitlines()) == 1
    assert digest(ledger_path) == before


# 4. Odd ids, overflowing amounts and unreadable files are errors of the file, by line and column.


def test_a_superscript_pledge_id_is_named_by_line_and_column(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10")
    path = tmp_path / "u.csv"
    path.write_text("pledge_id,happened_on,amount\n\u00b2,2024-01-01,1\n", encoding="utf-8")
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "u.csv line 2, column pledge_id: no pledge with id '\u00b2'" in result.stderr
    assert digest(ledger_path) == before


def test_overflowing_amounts_in_an_update_import_are_named_by_line_and_column(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10")
    path = tmp_path / "u.csv"
    path.write_text(f"pledge_id,happened_on,amount\n1,2024-01-01,{10**30}\n", encoding="utf-8")
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "u.csv line 2, column amount:" in result.stderr
    # Each amount is allowed; the running total they add up to does not fit the ledger: the
    # 93rd row (line 94) takes it past 9,223,372,036,854,775 (2**63 thousandths).
    days = [f"2024-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)][:100]
    path.write_text(
        "pledge_id,happened_on,amount\n" + "".join(f"1,{d},99999999999999\n" for d in days),
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "u.csv line 94, column amount:" in result.stderr
    assert "running total" in result.stderr
    assert digest(ledger_path) == before


def test_an_overflowing_running_total_from_update_is_a_clean_usage_error(
    ledger_path: Path,
) -> None:
    ok("add", "Aid", "--by", "US", "--target", "$5 million", "--announced", "2022-06-10")
    for _ in range(92):
        ok("update", "1", "--on", "2024-01-01", "--amount", "99999999999999")
    before = digest(ledger_path)
    result = run("update", "1", "--on", "2024-01-02", "--amount", "99999999999999")
    assert_clean_error(result, 2)
    assert "running total" in result.stderr
    assert digest(ledger_path) == before


def test_an_unreadable_file_is_a_file_problem(tmp_path: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        place = Path(folder)
        place.chmod(0o755)
        ledger = place / "ledger.db"
        env = {"PLEDGETRACK_DB": str(ledger), "HOME": folder, "XDG_DATA_HOME": folder}
        ok("init", env=env)
        ledger.chmod(0o666)
        path = place / "p.csv"
        path.write_text("title,actor\nA,Mexico\n", encoding="utf-8")
        path.chmod(0o600)  # root's, and nobody else's
        assert not path.stat().st_mode & stat.S_IROTH
        before = digest(ledger)
        completed = subprocess.run(
            [*NOBODY, str(SCRIPT), "import", str(path)],
            capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, **env},
        )  # fmt: skip
        assert completed.returncode == 1, completed.stderr
        assert completed.stderr == f"Error: cannot read {path}: Permission denied\n"
        assert digest(ledger) == before
