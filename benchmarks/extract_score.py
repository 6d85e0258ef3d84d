"""How well `extract` finds the labelled pledges of tests/data/extract/ (the scoring that both
`make bench-extract` and the threshold test in tests/test_extract_score.py use).

A labelled pledge with a figure is found by a candidate with the same pledger (matched as actors
are, without regard to case, accents or aliases; a label's co-actor counts too), the same
figure and the same unit: a currency code, or a unit that shares a word with the label's
(`h-2b non-agricultural visas` counts visas, `afghan refugees` Afghans; `%` is `percent`).
Pledges with no figure (actions) are counted apart: `extract` proposes figures only. Each
candidate finds at most one pledge, each pledge is found at most once, in the order of the
labels. Then:

- recall: pledges with a figure found / pledges with a figure (actions are counted apart);
- precision: candidates that found a pledge / candidates;
- deadline: found pledges whose label has a deadline and whose candidate gives the same date /
  found pledges whose label has a deadline;
- parts: found parts whose candidate names the candidate that found their whole;
- distractors proposed: candidates that found nothing and whose figure is one of the text's
  labelled distractors.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pledgetrack.domain.extraction.candidate import Candidate
from pledgetrack.domain.extraction.candidates import extract
from pledgetrack.domain.names import actor_key

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "extract"


@dataclass(frozen=True)
class Labelled:
    """One labelled text: its name, text, published date and labels."""

    name: str
    text: str
    published: date | None
    pledges: list[dict[str, Any]]
    distractors: list[dict[str, Any]]


def labelled_texts(folder: Path = LABELLED) -> Iterator[Labelled]:
    """Every `<slug>.txt` with its `<slug>.json`, in name order."""
    for labels in sorted(folder.glob("*.json")):
        record = json.loads(labels.read_text(encoding="utf-8"))
        published = record.get("published")
        yield Labelled(
            name=labels.stem,
            text=labels.with_suffix(".txt").read_text(encoding="utf-8"),
            published=date.fromisoformat(published) if published else None,
            pledges=record["pledges"],
            distractors=record.get("distractors", []),
        )


@dataclass
class Score:
    """The counts of one text, or of all of them added up."""

    name: str
    pledges: int = 0  # with a figure
    found: int = 0
    actions: int = 0
    actions_found: int = 0
    candidates: int = 0
    correct: int = 0
    with_deadline: int = 0
    deadline_right: int = 0
    parts: int = 0
    parts_right: int = 0
    distractors: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another text's counts to these."""
        for name in (
            "pledges", "found", "actions", "actions_found", "candidates", "correct",
            "with_deadline", "deadline_right", "parts", "parts_right", "distractors",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.found / self.pledges if self.pledges else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.candidates if self.candidates else 1.0

    @property
    def deadline(self) -> float:
        return self.deadline_right / self.with_deadline if self.with_deadline else 1.0


def _unit_words(unit: str | None) -> set[str]:
    """The words of a unit, each without a plural `s` (`%` and `percent` are one)."""
    text = (unit or "").strip().lower()
    if text in ("%", "percent", "per cent", "por ciento"):
        return {"%"}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in text.split()}


def _actors(label: dict[str, Any]) -> set[str]:
    return {actor_key(a) for a in [label["actor"], *label.get("co_actors", [])] if a}


def finds(candidate: Candidate, label: dict[str, Any]) -> bool:
    """Whether a candidate finds a labelled pledge (see the module's note)."""
    if candidate.actor is None or actor_key(candidate.actor) not in _actors(label):
        return False
    if label["target"] is None:
        return False  # candidates all have a figure
    if candidate.reading.amount.value != Decimal(label["target"]):
        return False
    if candidate.reading.amount.kind.value == "money":
        return candidate.unit == str(label["unit"])
    return bool(_unit_words(candidate.unit) & _unit_words(label["unit"]))


def score(text: Labelled, candidates: list[Candidate]) -> Score:
    """The counts of one text's candidates against its labels."""
    result = Score(text.name, candidates=len(candidates))
    by_label: dict[int, Candidate] = {}
    used: set[int] = set()
    for number, label in enumerate(text.pledges):
        quoted = [label["quote_contains"], *label.get("also_quoted", [])]
        matches = [c for c in candidates if c.index not in used and finds(c, label)]
        matches.sort(key=lambda c: not any(q in c.quote for q in quoted))
        if label["target"] is None:
            result.actions += 1
        else:
            result.pledges += 1
        if not matches:
            result.missed.append(_label_text(label))
            continue
        chosen = matches[0]
        used.add(chosen.index)
        by_label[number] = chosen
        if label["target"] is None:
            result.actions_found += 1
        else:
            result.found += 1
        if label.get("deadline"):
            result.with_deadline += 1
            on = chosen.deadline.on if chosen.deadline else None
            result.deadline_right += on is not None and on.isoformat() == label["deadline"]
    result.correct = len(used)
    for number, label in enumerate(text.pledges):
        if label["parent"] is None or number not in by_label:
            continue
        result.parts += 1
        whole = by_label.get(label["parent"])
        result.parts_right += whole is not None and by_label[number].part_of == whole.index
    distractors = [d["text"] for d in text.distractors]
    for candidate in candidates:
        if candidate.index in used:
            continue
        figure = candidate.target_text or ""
        if figure and any(figure in d for d in distractors):
            result.distractors += 1
        result.wrong.append(_candidate_text(candidate))
    return result


def _label_text(label: dict[str, Any]) -> str:
    return f"{label['actor']}: {label['target']} {label['unit']} ({label['quote_contains'][:60]})"


def _candidate_text(candidate: Candidate) -> str:
    figure = candidate.target_text or "(no figure)"
    return f"#{candidate.index} {candidate.actor}: {figure} [{candidate.unit}]"


def score_all(folder: Path = LABELLED) -> tuple[list[Score], Score]:
    """Each text's score and the total."""
    total = Score("all")
    scores = []
    for text in labelled_texts(folder):
        each = score(text, extract(text.text, published=text.published))
        scores.append(each)
        total.add(each)
    return scores, total
