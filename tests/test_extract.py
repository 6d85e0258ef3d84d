"""`pledgetrack extract`: from an article's text to candidate pledges, printed as records or a
table, and added with `--add --yes` through the same intake as `add`.

The sentences are the seed articles' own (tests/data/extract/seed-*.txt) and a few typed as a
user would paste them; the labelled set's score is guarded in test_extract_score.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_error, digest, ok, run, script

DATA = Path(__file__).parent / "data" / "extract"
SEED_000 = DATA / "seed-000-bloomberg-harris-amlo-breakfast.txt"
SEED_004 = DATA / "seed-004-blog-amlo-biden-white-house.txt"
SEEDS = sorted(DATA.glob("seed-*.txt"))


def candidates(*args: str, stdin: str | None = None) -> list[dict[str, Any]]:
    """The candidates `extract ARGS --format json` prints."""
    result = run("extract", *args, "--format", "json", stdin=stdin)
    assert result.code == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    return records


def said(text: str, published: str = "2022-07-12") -> list[dict[str, Any]]:
    """The candidates of a text typed on standard input."""
    return candidates("-", "--published", published, stdin=text)


def figures(records: list[dict[str, Any]]) -> set[tuple[str | None, str, str]]:
    """(pledger, target, unit) of each candidate, the target as its plain decimal."""
    return {(r["actor"], str(r["target"]), r["unit"]) for r in records}


# The seeds -------------------------------------------------------------------------------


def test_the_seed_of_the_white_house_meeting_proposes_its_six_pledges() -> None:
    records = candidates(str(SEED_004), "--published", "2022-07-12")
    assert figures(records) == {
        ("Mexico", "1500000000", "USD"),
        ("United States", "3400000000", "USD"),
        ("United States", "22500", "h-2b non-agricultural visas"),
        ("United States", "20000", "refugees"),
        ("United States", "25000000", "USD"),
        ("United States", "314000000", "USD"),
    }
    by_target = {r["target"]: r for r in records}
    mexico = by_target[1500000000]
    assert mexico["deadline"] == "2024-07-12"  # over the next two years, from --published
    assert mexico["deadline_phrase"] == "over the next two years"
    assert "Mexico agreed to invest $1.5 billion" in mexico["quote"]  # the fuller of two sayings
    refugees = by_target[20000]
    assert (refugees["deadline"], refugees["deadline_phrase"]) == (
        "2024-09-30",
        "in FY 2023 and 2024",
    )
    assert by_target[22500]["recipients"] == ["Central America", "Haiti"]
    assert by_target[3400000000]["title"].startswith("Contribute $3.4 billion to 26")


def test_the_seed_of_the_breakfast_proposes_the_private_commitments_as_a_running_total() -> None:
    (record,) = candidates(str(SEED_000), "--published", "2022-07-11")
    assert (record["actor"], record["target"], record["unit"]) == (
        "Private sector",
        3200000000,
        "USD",
    )
    assert record["cumulative"] is True  # `now total`
    assert record["cumulative_of"] is None  # the text names no earlier commitment


@pytest.mark.parametrize(
    "distractor",
    ["239,000", "3.2 million", "735,937", "200,000", "50 to 60", "191,000", "10,000", "1,300",
     "20,000 disruption", "3,000 arrests", "420,000", "4,500 pesos", "24 hours", "26 modern"],
)  # fmt: skip
def test_no_seed_proposes_a_statistic_a_delivered_figure_or_a_price(distractor: str) -> None:
    for seed in SEEDS:
        for record in candidates(str(seed), "--published", "2023-01-01"):
            assert distractor not in record["target_text"], (seed.name, record)


def test_every_quote_is_the_text_between_its_offsets() -> None:
    for path in sorted(DATA.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for record in candidates(str(path)):
            assert text[record["start"] : record["end"]] == record["quote"], path.name
            assert record["target_text"] in record["quote"] or record["part_of"]


# Sentences as a user pastes them ---------------------------------------------------------


def test_a_pronoun_takes_the_pledger_of_the_sentence_before() -> None:
    records = said(
        "Japan announced a new package for Africa. It will also provide $500 million in loans "
        "and train 30,000 health workers by 2025."
    )
    assert figures(records) == {
        ("Japan", "500000000", "USD"),
        ("Japan", "30000", "health workers"),
    }
    workers = next(r for r in records if r["unit"] == "health workers")
    assert workers["deadline"] == "2025-12-31"


def test_an_aggregate_and_its_parts_are_a_whole_with_parts() -> None:
    records = said(
        "The European Union will provide €7.4 billion to Egypt until 2027, of which €5 billion "
        "in loans, €1.8 billion in investments and €600 million in grants.",
        published="2024-03-17",
    )
    whole, *parts = records
    assert (whole["target"], whole["unit"], whole["deadline"]) == (7400000000, "EUR", "2027-12-31")
    assert whole["recipients"] == ["Egypt"]
    assert [(p["target"], p["part_of"]) for p in parts] == [
        (5000000000, whole["index"]),
        (1800000000, whole["index"]),
        (600000000, whole["index"]),
    ]
    assert all(p["actor"] == "European Union" for p in parts)


def test_a_running_total_names_the_pledge_it_includes() -> None:
    records = said(
        "Japan said it will give $400 million over the next two years, bringing its "
        "contribution since 2001 to more than $1 billion."
    )
    first, total = records
    assert first["deadline"] == "2024-07-12"
    assert (total["target"], total["qualifier"], total["cumulative"]) == (1000000000, "floor", True)
    assert total["cumulative_of"] == first["index"]


@pytest.mark.parametrize(
    "sentence",
    [
        "U.S. officials will ask Mexico to commit to accepting 30,000 migrants a month.",
        "The U.S. will not provide the $200 million Mexico requested.",
        "In May, border agents stopped migrants more than 239,000 times.",
        "Some 200,000 migrants crossed the border in September.",
        "We have already delivered 80 million doses to the region.",
        "Mexico said oil would reach $90 a barrel.",
        "Donor nations pledged more than $4.4 billion to the cause.",
        "Their country will need $28 billion over the next seven years.",
    ],
)
def test_requests_denials_statistics_deliveries_prices_and_sums_of_many_are_not_proposed(
    sentence: str,
) -> None:
    assert said(sentence) == [], sentence


def test_spanish_cues_amounts_and_deadlines() -> None:
    records = said(
        "México se comprometió a destinar 90 millones de dólares a Centroamérica antes de que "
        "termine el año, y España aportará 1.500 millones de dólares para agua potable.",
        published="2019-07-01",
    )
    assert figures(records) == {("Mexico", "90000000", "USD"), ("Spain", "1500000000", "USD")}
    mexico = next(r for r in records if r["actor"] == "Mexico")
    assert (mexico["deadline"], mexico["recipients"]) == ("2019-12-31", ["Central America"])


def test_a_relative_deadline_without_the_published_date_keeps_its_phrase_and_no_date() -> None:
    (record,) = candidates(
        "-", stdin="Mexico agreed to invest $1.5 billion over the next two years."
    )
    assert (record["deadline"], record["deadline_phrase"]) == (None, "over the next two years")


# Formats and files --------------------------------------------------------------------------


def test_ndjson_and_csv_give_the_same_fields_for_several_files(tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text("Canada pledged C$21 million for the IOM.\n", encoding="utf-8")
    args = ["extract", str(SEED_004), str(second), "--published", "2022-07-12"]
    lines = ok(*args, "--format", "ndjson").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert {r["file"] for r in records} == {str(SEED_004), str(second)}
    assert [r["index"] for r in records if r["file"] == str(second)] == [1]
    rows = list(csv.DictReader(io.StringIO(ok(*args, "--format", "csv").stdout)))
    assert [row["target"] for row in rows] == [str(r["target"]) for r in records]
    assert rows[0].keys() == records[0].keys()
    canada = next(r for r in records if r["file"] == str(second))
    assert (canada["actor"], canada["unit"]) == ("Canada", "CAD")


def test_the_table_says_when_a_text_has_no_candidates(tmp_path: Path) -> None:
    path = tmp_path / "weather.txt"
    path.write_text("It rained in Oslo on Tuesday.\n", encoding="utf-8")
    assert ok("extract", str(path)).stdout.strip() == "No candidate pledges found."
    assert ok("extract", str(path), "--format", "json").stdout.strip() == "[]"


def test_user_text_in_the_table_is_printed_literally() -> None:
    result = run(
        "extract", "-", "--format", "table",
        stdin="Japan will provide $5 billion for [bold]roads[/] and\x1b[31m ports.",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "$5 billion for [bold]roads[/]" in result.stdout
    assert "\x1b" not in result.stdout


# Errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"Japan will give \xff\xfe 5 billion", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"),
    ],
)
def test_empty_non_utf8_and_binary_input_are_refused(
    tmp_path: Path, ledger_path: Path, data: bytes, why: str
) -> None:
    ok("init")
    before = digest(ledger_path)
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    result = run("extract", str(path), "--add", "--yes")
    assert_clean_error(result, 2)
    assert why in result.stderr
    assert digest(ledger_path) == before


def test_a_missing_file_or_a_folder_is_a_file_error(tmp_path: Path) -> None:
    for name, why in ((str(tmp_path / "nope.txt"), "no file"), (str(tmp_path), "folder")):
        result = run("extract", str(SEED_004), name)
        assert_clean_error(result, 1)
        assert why in result.stderr


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--yes"], "--yes goes with --add"),
        (["--add"], "--add --yes"),
        (["--add", "--yes", "--format", "json"], "give one"),
        (["--format", "yaml"], "unknown format"),
        (["--published", "12/07/2022"], "ambiguous"),
    ],
)
def test_usage_errors(args: list[str], why: str) -> None:
    result = run("extract", str(SEED_004), *args)
    assert_clean_error(result, 2)
    assert why in result.stderr


def test_the_console_script_refuses_non_utf8_input_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("México destinará 90 millones de dólares".encode("latin-1"))
    result = script("extract", str(path))
    assert_clean_error(result, 2)


# Adding -------------------------------------------------------------------------------------


SOURCE = "https://safehomediy.com/?p=198517"


def test_add_yes_records_every_candidate_with_its_quote_source_date_and_event(
    ledger_path: Path,
) -> None:
    ok("init")
    result = run(
        "extract", str(SEED_004), "--published", "2022-07-12", "--source", SOURCE,
        "--event", "Biden-AMLO meeting", "--add", "--yes",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    ids = [int(line) for line in result.stdout.split()]
    assert len(ids) == 6
    assert "Added 6 pledges." in result.stderr
    pledges = json.loads(ok("list", "--format", "json").stdout)
    mexico = next(p for p in pledges if p["actor"] == "Mexico")
    assert (mexico["target"], mexico["unit"], mexico["deadline"]) == (
        1500000000,
        "USD",
        "2024-07-12",
    )
    assert mexico["deadline_phrase"] == "over the next two years"
    assert mexico["announced_on"] == "2022-07-12"
    assert mexico["event"] == "Biden-AMLO meeting"
    assert mexico["sources"] == [SOURCE]
    assert "Mexico agreed to invest $1.5 billion" in mexico["quote"]
    visas = next(p for p in pledges if p["target"] == 22500)
    assert visas["recipient"] == ["Central America", "Haiti"]  # both, in the text's order
    report = ok("report", "--as-of", "2022-08-01", "--format", "json").stdout
    assert len(json.loads(report)) == 6


def test_add_yes_records_parts_under_their_whole_and_skips_a_total_of_another(
    ledger_path: Path,
) -> None:
    ok("init")
    text = (
        "The European Union will provide €7.4 billion to Egypt, of which €5 billion in loans. "
        "Japan will give $400 million this year, bringing its total to $1 billion."
    )
    result = run("extract", "-", "--published", "2024-03-17", "--add", "--yes", stdin=text)
    assert result.code == 0, result.stderr
    whole, part, japan = (int(line) for line in result.stdout.split())
    assert "a running total that includes candidate 3" in result.stderr
    shown = json.loads(ok("show", str(part), "--format", "json").stdout)
    assert shown["parent_uid"] == json.loads(ok("show", str(whole), "-f", "json").stdout)["uid"]
    assert json.loads(ok("show", str(japan), "--format", "json").stdout)["target"] == 400000000


def test_add_yes_refuses_a_relative_deadline_without_the_published_date_and_adds_nothing(
    ledger_path: Path,
) -> None:
    ok("init")
    before = digest(ledger_path)
    result = run(
        "extract", "-", "--add", "--yes",
        stdin="Japan will give $5 billion. Mexico agreed to invest $1.5 billion over the next "
        "two years.",
    )  # fmt: skip
    assert_clean_error(result, 2)
    assert "--published" in result.stderr
    assert digest(ledger_path) == before


def test_add_yes_on_a_missing_ledger_names_init_and_creates_nothing(ledger_path: Path) -> None:
    result = run("extract", str(SEED_004), "--published", "2022-07-12", "--add", "--yes")
    assert_clean_error(result, 1)
    assert "pledgetrack init" in result.stderr
    assert not ledger_path.exists()
