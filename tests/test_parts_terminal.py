"""Parts in a real terminal: the report with parts under their parents (and --flat), `show` of
a parent with its parts' table and of a part naming its parent, at every width from 40 to 250
columns — nothing cut, every part marked under its parent, the counts of each tree once, a part
in another currency counted converted and one in another unit left out."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from currency_converter import CurrencyConverter

from conftest import build_once
from conftest import ok as cli_ok
from test_terminal import WIDTHS, assert_fits, assert_pledges_whole, in_terminal

AS_OF = "2025-06-30"
EU = "European Commission, for the European Union and its Member States"
DAY = ("--announced", "2024-03-17")


def build(env: dict[str, str]) -> None:
    """A package in four parts with long names, one part in another currency (and a fifth, in
    another unit, added last); doses in two tranches; and a pledge on its own."""

    def ok(*args: str) -> None:
        cli_ok(*args, env=env)

    ok("add", "Support Egypt's macro-financial stability, investment and migration management",
       "--by", EU, "--target", "EUR 7,400,000,000", "--due", "2027", *DAY)  # fmt: skip
    for title, target in [
        ("Concessional loans in two operations of macro-financial assistance", "EUR 5 billion"),
        ("Investments under the Economic and Investment Plan", "EUR 1.8 billion"),
        ("Grants for migration management and border control", "EUR 600 million"),
        ("Guarantees for private investment, in dollars", "USD 250,000,000"),
    ]:
        ok("add", title, "--by", EU, "--target", target, "--part-of", "1", "--due", "2026", *DAY)
    ok("update", "2", "--on", "2024-06-28", "--amount", "EUR 1 billion")
    ok("update", "3", "--on", "2025-01-10", "--amount", "EUR 900 million")
    ok("update", "5", "--on", "2025-02-01", "--amount", "USD 100,000,000")
    us = "United States Department of State, for the Government of the United States"
    ok("add", "Donate 500 million doses of vaccine", "--by", us, "--target", "500 million doses",
       "--due", "2022-06-30", "--announced", "2021-06-10")  # fmt: skip
    ok("add", "200 million doses by the end of 2021", "--by", us, "--target", "200 million doses",
       "--due", "2021-12-31", "--announced", "2021-06-10", "--part-of", "6")  # fmt: skip
    ok("add", "300 million doses in the first half of 2022", "--by", us, "--target",
       "300 million doses", "--due", "H1 2022", "--announced", "2021-06-10",
       "--part-of", "6")  # fmt: skip
    ok("update", "7", "--on", "2022-01-15", "--total", "200 million")
    ok("update", "8", "--on", "2022-06-01", "--total", "300 million")
    ok("add", "Plant a million trees in Central America", "--by", "Mexico", "--target",
       "1,000,000 trees", "--due", "2027", "--announced", "2023-01-01")  # fmt: skip
    ok("add", "Vaccines for the hospitals of Upper Egypt", "--by", EU, "--target",
       "2 million doses", "--part-of", "1", *DAY)  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, "parts_terminal", build)


def screen(built: Path, args: list[str], columns: int) -> str:
    shown, raw = in_terminal([*args, "--as-of", AS_OF], columns, {"PLEDGETRACK_DB": str(built)})
    return assert_fits(shown, raw, columns)


def records(built: Path, *args: str) -> list[dict[str, Any]]:
    out = cli_ok(*args, "--as-of", AS_OF, "--format", "json", env={"PLEDGETRACK_DB": str(built)})
    found = json.loads(out.stdout)
    return found if isinstance(found, list) else [found]


PARTS = (2, 3, 4, 5, 7, 8, 10)
# The dollars of part 5, in the parent's euros at the rate of their date (a Saturday: Friday's).
DOLLARS = Decimal(
    CurrencyConverter(decimal=True).convert(100_000_000, "USD", "EUR", date=date(2025, 1, 31))
).quantize(Decimal("0.001"))


@pytest.mark.parametrize("columns", WIDTHS)
def test_the_report_shows_parts_under_their_parents_at_every_width(
    built: Path, columns: int
) -> None:
    text = screen(built, ["report"], columns)
    shown = records(built, "report")
    assert_pledges_whole(text, shown, columns)
    starts = [line for line in text.splitlines() if re.match(r"^\s*#?\d+\s", line)]
    marked = [int(re.findall(r"\d+", line)[0]) for line in starts if "└ " in line]
    assert marked == [r["id"] for r in shown if r["id"] in PARTS]
    assert " ".join(text.split()).count("3 pledges (and 7 parts within them)") == 1
    assert "EUR 7,400,000,000" in text and "EUR 14,800,000,000" not in text
    assert "Left out of the totals" in text
    flat = screen(built, ["report", "--flat"], columns)
    assert "└" not in flat
    assert_pledges_whole(flat, records(built, "report", "--flat"), columns)


@pytest.mark.parametrize("columns", WIDTHS)
def test_show_of_a_parent_and_of_a_part_keep_everything_whole(built: Path, columns: int) -> None:
    parent = screen(built, ["show", "1"], columns)
    document = records(built, "show", "1")[0]
    assert [p["id"] for p in document["parts"]] == [2, 3, 4, 5, 10]
    lines = parent.splitlines()
    for part in document["parts"]:
        assert any(re.match(rf"^\s*#?{part['id']}\s", line) for line in lines), parent
        for whole in ("EUR 1,000,000,000", "EUR 900,000,000", "USD 250,000,000", "2026-12-31"):
            assert any(whole in line for line in lines), (whole, parent)
    counted = f"EUR {Decimal(1_900_000_000) + DOLLARS:,}"
    assert counted in parent  # its counted amount, with its parts', the dollars converted
    said = " ".join(parent.split())
    assert f"pledge 5, USD 100,000,000 counted, EUR {DOLLARS:,} in this pledge." in said
    assert "Not counted in this pledge's amount, being in another unit: 10." in said
    dollars = " ".join(screen(built, ["show", "5"], columns).split())
    assert f"(USD 100,000,000 counted, EUR {DOLLARS:,} in pledge 1 at each amount's date)" in (
        dollars
    )
    part = screen(built, ["show", "8"], columns)
    assert "part of" in part and "fulfilled" in part
    assert part.split("part of", 1)[1].split()[0] == "6"
