"""Exchange rates with the features beside them: converted totals count a parent and its parts
once, as the totals per currency do; a merge of a whole-ledger export brings rates by uid, never
changes one, and counts again the pledges the rates it brings convert."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from conftest import assert_clean_error, digest, ok, run
from ecb_expected import ecb
from ecb_expected import thousandths as milli

SRC = "https://example.org/evidence"
FX = "https://www.banguat.gob.gt/tipo_cambio"
AS_OF = "2025-01-01"


def test_converted_totals_count_a_parent_and_its_parts_once(ledger_path: Path) -> None:
    ok("init")
    ok("add", "Aid", "--by", "United States", "--target", "$100 million", "--announced",
       "2023-01-10")  # fmt: skip
    ok("add", "Tranche", "--by", "United States", "--target", "$40 million", "--announced",
       "2023-01-10", "--part-of", "1")  # fmt: skip
    ok("update", "2", "--on", "2023-03-01", "--amount", "$10 million", "--source", SRC)
    ok("update", "1", "--on", "2023-04-03", "--amount", "$5 million", "--source", SRC)
    [group] = json.loads(ok("summary", "--in", "EUR", "--as-of", AS_OF, "--format", "json").stdout)
    [usd] = group["totals"]
    assert (usd["pledges"], usd["pledged"], usd["counted"]) == (1, 100000000, 15000000)
    [eur] = group["converted"]["totals"]
    assert eur["pledges"] == 1  # the parent: its part's target is within it
    assert Decimal(str(eur["pledged"])) == milli(ecb("100000000", "USD", "EUR", "2023-01-10"))
    counted = ecb("10000000", "USD", "EUR", "2023-03-01") + ecb(
        "5000000", "USD", "EUR", "2023-04-03"
    )  # the part's progress at its date, with the parent's own
    assert Decimal(str(eur["counted"])) == milli(counted)
    assert group["converted"]["not_converted"] == []
    text = ok("report", "--in", "EUR", "--as-of", AS_OF).stdout
    assert "1 pledge (and 1 part within it)" in text
    assert f"EUR {milli(counted):,}" in text


def test_a_part_in_another_currency_counts_in_the_converted_totals_at_its_dates(
    ledger_path: Path,
) -> None:
    ok("init")
    ok("add", "Aid", "--by", "United States", "--target", "$100 million", "--announced",
       "2023-01-10")  # fmt: skip
    ok("add", "Pesos", "--by", "United States", "--target", "MXN 100 million", "--announced",
       "2023-01-10", "--part-of", "1")  # fmt: skip
    ok("update", "2", "--on", "2023-03-01", "--amount", "MXN 10 million", "--source", SRC)
    [group] = json.loads(ok("summary", "--in", "EUR", "--as-of", AS_OF, "--format", "json").stdout)
    [eur] = group["converted"]["totals"]
    assert eur["pledges"] == 1  # the parent, counting its part's pesos
    assert Decimal(str(eur["counted"])) == milli(ecb("10000000", "MXN", "EUR", "2023-03-01"))
    [usd] = group["totals"]  # as its parent counts them: in dollars at their date
    assert Decimal(str(usd["counted"])) == milli(ecb("10000000", "MXN", "USD", "2023-03-01"))
    assert "Left out" not in ok("report", "--in", "EUR", "--as-of", AS_OF).stdout


def _counted(env: dict[str, str] | None = None) -> dict[str, Any]:
    rows = json.loads(ok("report", "--format", "json", "--as-of", AS_OF, env=env).stdout)
    return {row["title"]: row["counted"] for row in rows}


def test_a_merged_rate_counts_again_the_pledges_it_converts(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init")
    ok("add", "Schools", "--by", "United States", "--target", "$1 million", "--announced",
       "2024-01-10")  # fmt: skip
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2024-03-01", "--source", FX)
    ok("update", "1", "--on", "2024-03-01", "--amount", "GTQ 1,000,000", "--source", SRC)
    assert _counted() == {"Schools": 128000}
    mine = tmp_path / "mine.ndjson"
    ok("export", "--what", "all", "--format", "ndjson", "-o", str(mine))
    other = {"PLEDGETRACK_DB": str(tmp_path / "other.db")}
    ok("init", env=other)
    ok("import", str(mine), env=other)
    ok("rate", "add", "GTQ", "0.13", "USD", "--on", "2024-03-01", "--source", FX, env=other)
    assert _counted(other) == {"Schools": 130000}  # the later rate of the day wins
    theirs = tmp_path / "theirs.ndjson"
    ok("export", "--what", "all", "--format", "ndjson", "-o", str(theirs), env=other)
    merged = ok("import", str(theirs))
    assert ": added 0 pledges, 0 updates, 1 rate; unchanged 1 pledge, 1 update, 1 rate." in (
        merged.stderr
    )
    assert _counted() == {"Schools": 130000}
    again = ok("import", str(theirs))
    assert "unchanged 1 pledge, 1 update, 2 rates." in again.stderr


def test_a_merge_refuses_a_rate_it_holds_with_another_value(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("init")
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2024-03-01", "--source", FX)
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    document["rates"][0]["rate"] = 0.129
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "rates record 1" in result.stderr and "field rate" in result.stderr
    assert "a rate never changes" in result.stderr
    assert digest(ledger_path) == before
