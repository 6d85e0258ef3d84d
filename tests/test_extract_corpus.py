"""The labelled set of real texts for `extract` (tests/data/extract): every label holds.

Each `<slug>.txt` is a published text; its `<slug>.json` lists the pledges a person finds in
it and the figures that must not be proposed. These tests keep the set honest: every quote and
distractor is the text's own words, amounts are plain decimals, parts point at pledges of the
same text, dates are ISO and deadlines are what the project's deadline reader gives wherever it
reads the phrase. The README's table of texts must match the labels.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest

from pledgetrack.domain.deadlines import parse_deadline
from pledgetrack.errors import DeadlinePhraseError

SET = Path(__file__).parent / "data" / "extract"
SLUGS = sorted(path.stem for path in SET.glob("*.json"))
DECIMAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TOP_KEYS = {"url", "title", "publisher", "published", "language", "pledges", "distractors"}
PLEDGE_KEYS = {
    "actor",
    "recipients",
    "target",
    "unit",
    "qualifier",
    "high",
    "rate",
    "deadline_phrase",
    "deadline",
    "parent",
    "cumulative_of",
    "quote_contains",
}
OPTIONAL_PLEDGE_KEYS = {"co_actors", "also_quoted"}


def labels(slug: str) -> dict[str, Any]:
    """The labels of one text, as stored."""
    return cast(dict[str, Any], json.loads((SET / f"{slug}.json").read_text(encoding="utf-8")))


def text(slug: str) -> str:
    """One labelled text, exactly as stored."""
    return (SET / f"{slug}.txt").read_text(encoding="utf-8")


def pledges(slug: str) -> list[dict[str, Any]]:
    """The labelled pledges of one text, in their order (parts point at these indexes)."""
    return cast(list[dict[str, Any]], labels(slug)["pledges"])


def test_every_text_has_its_labels_and_every_label_its_text() -> None:
    texts = {path.stem for path in SET.glob("*.txt")}
    assert texts == set(SLUGS)
    for slug in SLUGS:
        assert text(slug).strip(), slug


def test_the_set_is_large_enough_and_has_spanish_and_the_seeds() -> None:
    assert len(SLUGS) >= 30
    assert sum(labels(slug)["language"] == "es" for slug in SLUGS) >= 5
    assert len([slug for slug in SLUGS if slug.startswith("seed-")]) == 5
    assert sum(len(pledges(slug)) for slug in SLUGS) >= 100


@pytest.mark.parametrize("slug", SLUGS)
def test_each_text_names_its_source_and_date(slug: str) -> None:
    found = labels(slug)
    assert TOP_KEYS <= set(found) <= TOP_KEYS | {"notes"}
    assert found["url"].startswith(("https://", "http://"))
    assert found["title"] and found["publisher"]
    assert found["language"] in {"en", "es"}
    assert ISO_DAY.fullmatch(found["published"])
    date.fromisoformat(found["published"])


@pytest.mark.parametrize("slug", SLUGS)
def test_each_quote_and_distractor_is_the_texts_own_words(slug: str) -> None:
    words = text(slug)
    for n, pledge in enumerate(pledges(slug)):
        for quote in [pledge["quote_contains"], *pledge.get("also_quoted", [])]:
            assert quote and quote in words, f"pledge {n}: {quote!r}"
        phrase = pledge["deadline_phrase"]
        assert phrase is None or phrase in words, f"pledge {n}: {phrase!r}"
    for distractor in labels(slug)["distractors"]:
        assert set(distractor) == {"text", "why"}
        assert distractor["text"] in words, distractor["text"]
        assert distractor["why"].strip()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_pledge_is_well_formed(slug: str) -> None:
    found = pledges(slug)
    for n, pledge in enumerate(found):
        where = f"{slug} pledge {n}"
        assert PLEDGE_KEYS <= set(pledge) <= PLEDGE_KEYS | OPTIONAL_PLEDGE_KEYS, where
        assert pledge["actor"].strip(), where
        assert all(name.strip() for name in pledge["recipients"]), where
        assert pledge["actor"] not in pledge.get("co_actors", []), where
        target, high = pledge["target"], pledge["high"]
        assert target is None or DECIMAL.fullmatch(target), where
        assert (target is None) == (pledge["unit"] is None), where
        assert high is None or (target is not None and DECIMAL.fullmatch(high)), where
        assert high is None or Decimal(high) > Decimal(target), where
        assert pledge["qualifier"] in {None, "ceiling", "floor", "approximate"}, where
        assert pledge["rate"] in {None, "year", "month", "week", "day"}, where
        for key in ("parent", "cumulative_of"):
            index = pledge[key]
            assert index is None or (isinstance(index, int) and 0 <= index < len(found)), where
            assert index != n, where


@pytest.mark.parametrize("slug", SLUGS)
def test_money_is_in_iso_codes_and_quantities_in_lowercase_nouns(slug: str) -> None:
    for n, pledge in enumerate(pledges(slug)):
        unit = pledge["unit"]
        assert unit is None or re.fullmatch(r"[A-Z]{3}|[a-zà-ÿ ]+", unit), f"pledge {n}: {unit}"


@pytest.mark.parametrize("slug", SLUGS)
def test_parts_form_trees(slug: str) -> None:
    found = pledges(slug)
    for n in range(len(found)):
        seen = {n}
        parent = found[n]["parent"]
        while parent is not None:
            assert parent not in seen, f"pledge {n} is its own ancestor"
            seen.add(parent)
            parent = found[parent]["parent"]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_deadline_is_a_day_on_or_after_publication(slug: str) -> None:
    published = date.fromisoformat(labels(slug)["published"])
    for n, pledge in enumerate(pledges(slug)):
        if pledge["deadline"] is None:
            continue
        assert pledge["deadline_phrase"], f"pledge {n}: a deadline needs its phrase"
        assert ISO_DAY.fullmatch(pledge["deadline"])
        assert date.fromisoformat(pledge["deadline"]) >= published, f"pledge {n}"


# Wording of these texts the deadline reader refuses; their labels stand on the text.
NOT_READ = {
    "in the fiscal year of 2027",  # Japan's fiscal year (April-March); the reader's default is US
}


def labelled_deadlines() -> list[tuple[str, int, str, str, str]]:
    """(slug, index, phrase, published, labelled date) for every labelled deadline."""
    return [
        (slug, n, pledge["deadline_phrase"], labels(slug)["published"], pledge["deadline"])
        for slug in SLUGS
        for n, pledge in enumerate(pledges(slug))
        if pledge["deadline"] is not None
    ]


@pytest.mark.parametrize(
    ("slug", "n", "phrase", "published", "expected"),
    labelled_deadlines(),
    ids=[f"{slug}:{n}" for slug, n, *_ in labelled_deadlines()],
)
def test_a_labelled_deadline_agrees_with_the_deadline_reader(
    slug: str, n: int, phrase: str, published: str, expected: str
) -> None:
    try:
        read = parse_deadline(phrase, announced_on=date.fromisoformat(published))
    except DeadlinePhraseError:
        assert phrase in NOT_READ, f"refused, and not listed in NOT_READ: {phrase!r}"
        return
    assert read.on is not None and read.on.isoformat() == expected


def readme_rows() -> dict[str, list[str]]:
    """The README's table of texts, by slug: its cells after the slug."""
    rows: dict[str, list[str]] = {}
    for line in (SET / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and cells[0].strip("`") in SLUGS:
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_readme_lists_every_text_with_its_counts() -> None:
    rows = readme_rows()
    assert sorted(rows) == SLUGS
    for slug, cells in rows.items():
        found = labels(slug)
        publisher, published, language, n_pledges, n_distractors, url = cells
        assert (published, language) == (found["published"], found["language"]), slug
        assert (int(n_pledges), int(n_distractors)) == (
            len(found["pledges"]),
            len(found["distractors"]),
        ), slug
        assert url.strip("<>") == found["url"], slug
        assert publisher, slug


def test_the_readme_totals_are_the_labels_totals() -> None:
    readme = (SET / "README.md").read_text(encoding="utf-8")
    spanish = sum(labels(slug)["language"] == "es" for slug in SLUGS)
    n_pledges = sum(len(pledges(slug)) for slug in SLUGS)
    n_distractors = sum(len(labels(slug)["distractors"]) for slug in SLUGS)
    totals = f"Totals: {len(SLUGS)} texts ({spanish} Spanish), {n_pledges} pledges, {n_distractors}"
    assert totals in " ".join(readme.split())
