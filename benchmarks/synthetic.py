"""Synthetic ledgers for the benchmarks: a CSV of pledges and a CSV of their updates, in the
columns `pledgetrack import` reads (README, "CSV columns"), the updates naming their pledge by
`pledge_uid`.

Deterministic for a given size and seed (one `random.Random`, uids included). A few hundred
actors; money pledges in USD, EUR and MXN, quantity pledges and some action pledges; deadlines as
the phrases people write, spread over 2020-2030 so that many are overdue as of 2026-01-01; each
pledge gets dated updates at committed, obligated, disbursed or delivered, in date order, and
verdicts with the sources and notes the rules require (docs/rules.md). Imports nothing from
pledgetrack: the data reaches the ledger only through its own import, like a user's file.
"""

from __future__ import annotations

import csv
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

PLEDGE_COLUMNS = (
    "uid", "title", "actor", "recipient", "target", "unit", "deadline_phrase", "announced_on",
    "event", "tags", "sources", "quote", "note",
)  # fmt: skip
UPDATE_COLUMNS = (
    "uid", "pledge_uid", "happened_on", "recorded_at", "stage", "amount", "unit", "mode",
    "status", "note", "sources",
)  # fmt: skip

COUNTRIES = """
Mexico;United States;Canada;Guatemala;Honduras;El Salvador;Costa Rica;Panama;Colombia;Ecuador;
Peru;Brazil;Chile;Argentina;Haiti;Dominican Republic;Jamaica;Cuba;Spain;France;Germany;Italy;
Portugal;Netherlands;Belgium;Sweden;Norway;Denmark;Finland;Poland;Ukraine;Türkiye;Greece;
Austria;Switzerland;Ireland;United Kingdom;Japan;South Korea;China;India;Indonesia;Viet Nam;
Philippines;Thailand;Australia;New Zealand;Pakistan;Bangladesh;Nepal;Egypt;Morocco;Tunisia;
Jordan;Lebanon;Kenya;Ethiopia;Nigeria;Ghana;Senegal;Côte d'Ivoire;South Africa;Mozambique;
Tanzania;Uganda;Rwanda;Saudi Arabia;Qatar;United Arab Emirates;Kazakhstan;Georgia;Moldova
"""
BODIES = (
    "Ministry of Finance",
    "Ministry of Foreign Affairs",
    "Ministry of Health",
    "Development Agency",
    "Ministry of Energy",
    "Export Credit Agency",
)
ORGANISATIONS = (
    "World Bank", "Inter-American Development Bank", "European Commission", "USAID",
    "UNHCR", "World Food Programme", "Gavi", "Green Climate Fund", "IMF", "CAF",
)  # fmt: skip
SUMMITS = (
    "Summit of the Americas", "G20 Leaders' Summit", "COP", "UN General Assembly",
    "High-Level Economic Dialogue", "Pledging Conference", "North American Leaders' Summit",
    "Bilateral meeting", "Global Vaccine Summit", "Los Angeles Declaration ministerial",
)  # fmt: skip
TAGS = (
    "border", "migration", "refugees", "health", "vaccines", "climate", "energy", "trade",
    "infrastructure", "security", "education", "food", "water", "humanitarian", "governance",
)  # fmt: skip
SOURCE_SITES = (
    "www.whitehouse.gov/briefing-room", "www.state.gov/releases", "www.gob.mx/sre/prensa",
    "ec.europa.eu/commission/presscorner", "reliefweb.int/report", "www.usaid.gov/news",
    "www.reuters.com/world", "apnews.com/article", "elpais.com/internacional",
)  # fmt: skip
MONEY_TOPICS = (
    "border infrastructure", "land ports of entry", "humanitarian aid", "clean energy",
    "health systems", "job creation", "reforestation", "food security", "water networks",
    "schools", "road and rail links", "climate adaptation", "migrant shelters",
)  # fmt: skip
QUANTITIES = (  # unit, smallest and largest target, title
    ("refugees", 1_000, 50_000, "Resettle refugees"),
    ("visas", 5_000, 100_000, "Issue temporary work visas"),
    ("doses", 100_000, 50_000_000, "Donate vaccine doses"),
    ("projects", 5, 200, "Complete infrastructure projects"),
    ("scholarships", 100, 5_000, "Fund scholarships"),
    ("hectares", 1_000, 500_000, "Restore forest land"),
)
ACTIONS = (
    "Reopen key ports of entry", "Sign a labour mobility agreement", "Open a joint task force",
    "Publish an annual progress report", "Adopt a common visa policy",
)  # fmt: skip
MANTISSAS = ("1", "1.5", "2", "2.5", "3", "3.4", "5", "7.5", "10", "12", "25", "50", "75", "314")
CURRENCIES = (("USD", 55), ("EUR", 30), ("MXN", 15))
FATES = (  # how a pledge ends up, with its weight
    ("fulfilled", 28), ("progressing", 30), ("stalled", 15), ("partial", 9), ("broken", 8),
    ("silent", 6), ("withdrawn", 4),
)  # fmt: skip
FIRST_ANNOUNCED = date(2016, 1, 1)
LAST_ANNOUNCED = date(2025, 6, 30)
UNCONFIRMED = "Figure as announced; not independently confirmed"
LAST_UPDATE = date(2026, 3, 31)  # a few updates fall after the benchmark's --as-of 2026-01-01


@dataclass(frozen=True)
class SyntheticFiles:
    """The two CSV files written for one size, and how many rows each holds."""

    pledges: Path
    updates: Path
    pledge_count: int
    update_count: int
    first_actor: str


def actors(rng: random.Random, count: int = 300) -> list[str]:
    """About `count` actor names: countries, their ministries and agencies, organisations."""
    countries = [c.strip() for c in COUNTRIES.split(";") if c.strip()]
    bodies = [f"{country} {body}" for country in countries for body in BODIES]
    chosen = rng.sample(bodies, max(0, count - len(countries) - len(ORGANISATIONS)))
    return countries + list(ORGANISATIONS) + chosen


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _source(rng: random.Random, on: date) -> str:
    return f"https://{rng.choice(SOURCE_SITES)}/{on.year}/{on.month:02d}/{rng.getrandbits(32):08x}"


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def deadline(rng: random.Random) -> tuple[str, date]:
    """A deadline phrase as people write it, and (about) the day it resolves to."""
    year = rng.randint(2020, 2030)
    form = rng.randrange(8)
    if form == 0:
        return f"by the end of {year}", date(year, 12, 31)
    if form == 1:
        return str(year), date(year, 12, 31)
    if form == 2:
        quarter = rng.randint(1, 4)
        end = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(1)
        return f"Q{quarter} {year}", end
    if form == 3:
        half = rng.randint(1, 2)
        return f"H{half} {year}", date(year, 6, 30) if half == 1 else date(year, 12, 31)
    if form == 4:
        return f"FY{year}", date(year, 9, 30)
    if form == 5:
        on = date(year, rng.randint(1, 12), rng.randint(1, 28))
        return on.isoformat(), on
    if form == 6:
        return f"between {year - 2} and {year}", date(year, 12, 31)
    return "none", date(2027, 12, 31)  # open-ended: only bounds its announcement and updates


def _announced(rng: random.Random, due: date) -> date:
    """Some months to five years before the deadline, within the announcement window."""
    latest = min(LAST_ANNOUNCED, due - timedelta(days=120))
    earliest = min(latest, max(FIRST_ANNOUNCED, due - timedelta(days=5 * 365)))
    return earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))


def _dates(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    """`count` distinct increasing dates after `start`, by `end` when there is room."""
    span = max(count, (end - start).days)
    days = sorted(rng.sample(range(1, span + 1), count))
    return [start + timedelta(days=d) for d in days]


def _target(rng: random.Random) -> tuple[str, Decimal, str, str]:
    """(kind, target, unit, title)."""
    roll = rng.random()
    if roll < 0.6:
        unit = _weighted(rng, CURRENCIES)
        mantissa = Decimal(rng.choice(MANTISSAS))
        scale = 10 ** rng.randint(6, 8 if mantissa >= 10 else 9)
        value = mantissa * scale * (18 if unit == "MXN" else 1)
        return "money", value, unit, f"Invest in {rng.choice(MONEY_TOPICS)}"
    if roll < 0.9:
        unit, low, high, title = rng.choice(QUANTITIES)
        value = Decimal(round(rng.randint(low, high), -len(str(low)) + 1))
        return "quantity", value, unit, title
    return "action", Decimal(0), "", rng.choice(ACTIONS)


def _plain(value: Decimal) -> str:
    return f"{value.quantize(Decimal(1)):f}"


def pledge_updates(
    rng: random.Random, uid: str, kind: str, target: Decimal, unit: str, days: list[date]
) -> list[dict[str, str]]:
    """The dated updates of one pledge (one per day given), following a fate drawn at random."""
    fate = _weighted(rng, FATES)
    counting = "disbursed" if kind == "money" else "delivered"
    if fate == "stalled":  # progress stopped long ago: squeeze the updates early
        days = [days[0] + timedelta(days=(d - days[0]).days // 3 + n) for n, d in enumerate(days)]
    rows: list[dict[str, str]] = []
    counted = Decimal(0)
    for n, on in enumerate(days):
        row = {"uid": _uid(rng), "pledge_uid": uid, "happened_on": on.isoformat()}
        row["recorded_at"] = (
            f"{(on + timedelta(days=rng.randint(0, 20))).isoformat()}T12:00:00+00:00"
        )
        last = n == len(days) - 1
        if kind == "action" or fate == "silent":
            row["note"] = f"Reported in the press ({n + 1} of {len(days)})"
            row["sources"] = _source(rng, on)
        elif n == 0:
            row.update(stage="committed", amount=_plain(target), unit=unit, mode="total")
        elif n == 1 and kind == "money":
            row.update(stage="obligated", amount=_plain(target * Decimal("0.8")), unit=unit)
            row["mode"] = "total"
        elif not last or fate in {"progressing", "fulfilled"}:
            whole = last and fate == "fulfilled"
            share = Decimal(1) if whole else Decimal(rng.randint(10, 45)) / 100
            step = (target - counted) * share if fate != "stalled" else target / 20
            step = max(Decimal(1), step.quantize(Decimal(1)))
            counted += step
            row.update(stage=counting, amount=_plain(step), unit=unit, mode="increment")
            if rng.random() < 0.7:
                row["sources"] = _source(rng, on)
        if last:
            row.update(_verdict(rng, fate, counted, target, on))
        rows.append(row)
    return rows


def _verdict(
    rng: random.Random, fate: str, counted: Decimal, target: Decimal, on: date
) -> dict[str, str]:
    """The last update's verdict: final ones carry a source, and a note where the rules ask."""
    source = _source(rng, on)
    if fate == "fulfilled":
        return {"status": "fulfilled", "sources": source}
    if fate == "partial":
        share = f"{int(100 * counted / target)}%" if target else "part"
        note = f"Only {share} was reported done by the deadline"
        return {"status": "partially_fulfilled", "note": note, "sources": source}
    if fate == "broken":
        note = "The government said it would not go ahead"
        return {"status": "broken", "note": note, "sources": source}
    if fate == "withdrawn":
        note = "Withdrawn after a change of government"
        return {"status": "withdrawn", "note": note, "sources": source}
    if fate == "stalled":
        return {"status": "stalled", "note": "No progress reported since"}
    return {"status": "in_progress"} if rng.random() < 0.5 else {}


def write_ledger_csvs(
    folder: Path, pledges: int, *, seed: int = 2026, updates_per_pledge: int = 5
) -> SyntheticFiles:
    """Write `pledges.csv` and `updates.csv` for `pledges` pledges into `folder`."""
    rng = random.Random(f"{seed}:{pledges}")
    names = actors(rng)
    folder.mkdir(parents=True, exist_ok=True)
    pledge_path, update_path = folder / "pledges.csv", folder / "updates.csv"
    update_count = 0
    with (
        pledge_path.open("w", newline="", encoding="utf-8") as pledge_file,
        update_path.open("w", newline="", encoding="utf-8") as update_file,
    ):
        pledge_rows = csv.DictWriter(pledge_file, PLEDGE_COLUMNS)
        update_rows = csv.DictWriter(update_file, UPDATE_COLUMNS)
        pledge_rows.writeheader()
        update_rows.writeheader()
        for _ in range(pledges):
            uid = _uid(rng)
            kind, target, unit, title = _target(rng)
            phrase, due = deadline(rng)
            announced = _announced(rng, due)
            actor, recipient = rng.sample(names, 2)
            row = {
                "uid": uid,
                "title": f"{title} ({recipient})" if rng.random() < 0.5 else title,
                "actor": actor,
                "recipient": recipient if rng.random() < 0.8 else "",
                "target": _plain(target) if kind != "action" else "",
                "unit": unit,
                "deadline_phrase": phrase,
                "announced_on": announced.isoformat(),
                "event": f"{rng.choice(SUMMITS)} {announced.year}" if rng.random() < 0.7 else "",
                "tags": ";".join(rng.sample(TAGS, rng.randint(0, 3))),
                "sources": ";".join(_source(rng, announced) for _ in range(rng.randint(1, 2))),
                "quote": f"{actor} commits to: {title.lower()}" if rng.random() < 0.4 else "",
                "note": UNCONFIRMED if rng.random() < 0.1 else "",
            }
            pledge_rows.writerow(row)
            end = min(LAST_UPDATE, due + timedelta(days=365))
            days = _dates(rng, announced, end, updates_per_pledge)
            updates = pledge_updates(rng, uid, kind, target, unit, days)
            update_rows.writerows(updates)
            update_count += len(updates)
    return SyntheticFiles(pledge_path, update_path, pledges, update_count, names[0])
