"""A first session with the ledger: add, update, show, list, edit, delete, as command lines."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import assert_clean_error, digest, ok, run

MEXICO = (
    "add", "Invest in border infrastructure", "--by", "Mexico", "--to", "United States",
    "--target", "$1.5 billion", "--due", "between 2022 and 2024", "--announced", "2022-07-12",
    "--event", "Biden–López Obrador meeting", "--source", "https://www.whitehouse.gov/statement",
    "--tag", "border", "--quote",
    "Mexico has committed to invest $1.5 billion on border infrastructure",
)  # fmt: skip


def test_add_echoes_how_it_read_target_and_deadline(ledger_path: Path) -> None:
    result = ok(*MEXICO)
    assert "read target as USD 1,500,000,000" in result.stderr
    assert "2024-12-31 (year, from 'between 2022 and 2024')" in result.stderr
    assert result.stdout.strip() == "1"
    assert ledger_path.exists()


def test_session_add_update_show_list(ledger_path: Path) -> None:
    ok(*MEXICO)
    ok("update", "1", "--on", "2023-03-01", "--amount", "500 million USD", "--stage",
       "disbursed", "--source", "https://example.org/a")  # fmt: skip
    ok("update", "1", "--on", "2025-02-01", "--status", "partially_fulfilled", "--note",
       "Only part documented", "--source", "https://example.org/b")  # fmt: skip
    shown = ok("show", "1", "--as-of", "2025-06-30").stdout
    assert "Invest in border infrastructure" in shown
    assert "https://www.whitehouse.gov/statement" in shown
    assert shown.index("2023-03-01") < shown.index("2025-02-01")
    assert "partially_fulfilled" in shown
    listed = json.loads(ok("list", "--format", "json", "--as-of", "2023-06-30").stdout)
    assert len(listed) == 1
    pledge = listed[0]
    assert pledge["target"] == 1500000000
    assert pledge["unit"] == "USD"
    assert pledge["counted"] == 500000000
    assert pledge["deadline"] == "2024-12-31"
    assert pledge["deadline_precision"] == "year"
    assert pledge["deadline_phrase"] == "between 2022 and 2024"
    assert pledge["status"] == "in_progress"
    assert pledge["tags"] == ["border"]
    assert pledge["recipient"] == ["United States"]
    later = json.loads(ok("list", "--format", "json", "--as-of", "2025-06-30").stdout)[0]
    assert later["status"] == "partially_fulfilled"


def test_running_total_then_increment(ledger_path: Path) -> None:
    ok("add", "Resettle refugees", "--by", "US", "--target", "20,000 refugees",
       "--due", "FY2023-2024", "--announced", "2022-06-10")  # fmt: skip
    ok("update", "1", "--on", "2023-09-30", "--total", "6,320 refugees")
    ok("update", "1", "--on", "2024-03-31", "--amount", "10000")
    ok("update", "1", "--on", "2024-06-30", "--total", "20,000 refugees")
    rows = json.loads(ok("list", "--format", "json", "--as-of", "2024-04-01").stdout)
    assert rows[0]["counted"] == 16320
    assert rows[0]["progress"] == 0.816
    done = json.loads(ok("list", "--format", "json", "--as-of", "2024-07-01").stdout)[0]
    assert done["status"] == "fulfilled"
    assert done["late"] is False


def test_due_explains_fiscal_year() -> None:
    result = ok("due", "FY2023-2024")
    assert result.stdout.startswith("2024-09-30 (fiscal_year, US federal")


def test_missing_ledger_is_reported_not_created(ledger_path: Path) -> None:
    csv_file = ledger_path.parent / "pledges.csv"
    csv_file.write_text("title,actor\nA pledge,Mexico\n", encoding="utf-8")
    for args in (
        ("list",), ("show", "1"), ("update", "1", "--note", "x"), ("edit", "1", "--title", "x"),
        ("delete", "1", "--yes"), ("report",), ("summary",), ("search", "border"), ("export",),
        ("import", str(csv_file)),
    ):  # fmt: skip
        result = run(*args)
        assert_clean_error(result, 1)
        assert "pledgetrack init" in result.stderr
        assert not ledger_path.exists()


def test_bad_values_exit_2_and_leave_ledger_unchanged(ledger_path: Path) -> None:
    ok(*MEXICO)
    before = digest(ledger_path)
    bad = [
        ("add", "X", "--by", "Y", "--target", "lots of money"),
        ("add", "X", "--by", "Y", "--target", "-5 USD"),
        ("add", "X", "--by", "Y", "--due", "soonish"),
        ("add", "X", "--by", "Y", "--announced", "01/02/2024"),
        ("update", "1", "--amount", "5 USD", "--stage", "spent"),
        ("update", "1", "--status", "done"),
        ("update", "1", "--status", "fulfilled"),
        ("update", "1", "--status", "broken", "--source", "https://example.org"),
        ("update", "1", "--amount", "5 MXN"),
        ("list", "--sort", "title; DROP TABLE pledges"),
        ("list", "--bogus"),
    ]
    for args in bad:
        assert_clean_error(run(*args), 2)
        assert digest(ledger_path) == before, args


def test_unknown_id_exits_3(ledger_path: Path) -> None:
    ok(*MEXICO)
    before = digest(ledger_path)
    for args in (("show", "9"), ("update", "9", "--note", "x"), ("delete", "9", "--yes"),
                 ("edit", "9", "--title", "x")):  # fmt: skip
        assert_clean_error(run(*args), 3)
    assert digest(ledger_path) == before


def test_edit_is_kept_in_history_and_delete_needs_yes(ledger_path: Path) -> None:
    ok(*MEXICO)
    ok("edit", "1", "--title", "Border infrastructure investment")
    shown = ok("show", "1").stdout
    assert "Border infrastructure investment" in shown
    assert "Invest in border infrastructure" in shown  # the old title, in the edit history
    assert_clean_error(run("delete", "1"), 2)  # no terminal, no --yes
    ok("delete", "1", "--yes")
    assert json.loads(ok("list", "--format", "json").stdout) == []


def test_user_text_is_printed_literally(ledger_path: Path) -> None:
    ok("add", "[red]Pledge[/] [sic] \x1b[31mred\x1b]0;title\x07", "--by", "Mexico")
    shown = ok("list").stdout
    assert "[red]Pledge[/] [sic]" in shown
    assert "\x1b" not in shown


def test_actor_aliases_and_accents_match(ledger_path: Path) -> None:
    ok("add", "A", "--by", "U.S.")
    ok("add", "B", "--by", "United States")
    ok("add", "C", "--by", "México")
    ok("add", "D", "--by", "mexico")
    us = json.loads(ok("list", "--actor", "USA", "--format", "json").stdout)
    assert [p["title"] for p in us] == ["A", "B"]
    mx = json.loads(ok("list", "--actor", "MEXICO", "--format", "json").stdout)
    assert [p["title"] for p in mx] == ["C", "D"]


def test_every_command_has_help_with_an_example() -> None:
    from pledgetrack.cli.commands import COMMANDS

    names = sorted(COMMANDS)
    assert {"init", "add", "update", "show", "list", "edit", "delete", "due"} <= set(names)
    top = ok("--help").stdout
    for name in names:
        assert name in top
        assert "Example:" in ok(name, "--help").stdout, name


def test_event_date_and_place_are_kept(ledger_path: Path) -> None:
    ok("add", "X", "--by", "Mexico", "--event", "Summit of the Americas", "--event-on",
       "2022-06-10", "--event-place", "Los Angeles")  # fmt: skip
    ok("add", "Y", "--by", "Mexico", "--event", "summit of the americas")
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    assert [(e["name"], e["held_on"], e["place"]) for e in document["events"]] == [
        ("Summit of the Americas", "2022-06-10", "Los Angeles")
    ]
    assert_clean_error(run("add", "Z", "--by", "Mexico", "--event", "S", "--event-on", "June"), 2)
