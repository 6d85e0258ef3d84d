"""How an article's candidates stand to each other: parts of a whole (`€7.4 billion ... of which
€5 billion in loans`), running totals (`commitments now total $3.2 billion`) and the same pledge
said twice.

A part is a figure after `including`, `of which`, `comprising` (or a sentence that opens with
`The agreement includes`), in the unit of an earlier, larger candidate; the figures listed after
it are parts too while they fit, and move up to the whole they add up to exactly (`5 billion in
loans including one billion ..., 1.8 billion in investments, 600 million in grants` are the
parts of `7.4 billion`). A running total is marked, with the earlier candidate of the same
pledger and unit it includes. A pledge said twice is proposed once, from the sentence that says
more. Pure: stdlib only.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from pledgetrack.domain.extraction.candidate import Candidate
from pledgetrack.domain.model import Basis

_PART_MARKER = re.compile(
    r"(?:\b(?:including|includes|include|included|of which|of this|of these|comprising|"
    r"comprises|consisting of|made up of|among them|split into|broken down into|with|plus|"
    r"the remaining|the rest|the balance|another|a further|"
    r"incluye|incluyen|incluidos|incluidas|de los cuales|de las cuales|de ellos|entre ellos|"
    r"que incluye|que incluyen|con)\b)\W*(?:[\w’'-]+\W+){0,5}$|[:—–]\s*$",
    re.IGNORECASE,
)
_OPENS_WITH_PARTS = re.compile(
    r"^\W*(?:(?:this|it|the\s+\w+(?:\s+\w+)?|that|esto|el\s+\w+|la\s+\w+)\s+"
    r"(?:includes|include|comprises|consists of|incluye|comprende)|of (?:this|that|which|the)"
    r"|included in|among (?:the|its)|this (?:includes|covers|means)|incluid[oa]s? en"
    r"|de (?:ese|este|esa|esta|ellos|los cuales)|among them|entre ellos)\b",
    re.IGNORECASE,
)
_RUNNING_TOTAL = re.compile(
    r"\b(?:now\s+totals?|now\s+amounts?\s+to|"
    r"(?:bring|take|raise)(?:s|ing)?\s+(?:(?:the|its|their|our)\s+)?(?:total|overall|cumulative)"
    r"?\s*(?:[\w’'-]+\s+){0,8}?to|brought\s+(?:[\w’'-]+\s+){0,8}?to|raising\s+(?:the|its|their)"
    r"\s+(?:total\s+)?(?:\w+\s+){0,2}to|for\s+a\s+(?:new\s+|combined\s+)?total\s+of|totals?\s+"
    r"to\s+date|cumulative|in\s+total|so\s+far\s+total|en\s+total|suman?\s+ya|"
    r"acumulad[oa]s?|eleva(?:n|ndo)?\s+(?:el\s+)?total)\W*(?:[\w’'-]+\W+){0,2}$",
    re.IGNORECASE,
)


def running_total(text_before: str) -> bool:
    """Whether the words before a figure make it a running total (`bringing its contribution
    since 2001 to more than $1 billion`, `This takes our total assistance ... to $2 billion`)."""
    return _RUNNING_TOTAL.search(text_before[-120:]) is not None


# Units that count people in general: `20.000 personas` restates `20.000 refugiados`.
_PEOPLE = frozenset({"people", "persons", "personas", "individuals", "individuos", "gente"})
LOOKBACK = 3  # sentences before a `This includes` where its whole may stand


def part_marker(text_before: str) -> str | None:
    """The words that make the figure after them a part (`including`, `of which`), if any."""
    match = _PART_MARKER.search(text_before[-60:])
    return match.group().strip() if match else None


def opens_with_parts(sentence: str) -> bool:
    """Whether a sentence lists the parts of something said before (`This includes ...`)."""
    return _OPENS_WITH_PARTS.match(sentence) is not None


def arrange(found: list[Candidate]) -> list[Candidate]:
    """The candidates with their parts linked, their running totals marked and each pledge
    once, numbered from 1."""
    items = list(found)
    parents: dict[int, int] = {}  # position -> its whole's position
    restated: dict[int, int] = {}  # `Of the €7.4 billion, ...`: position -> the one it restates
    listed: set[int] = set()  # parts that follow a part in a list
    starts = sorted({c.start for c in items})
    for i, item in enumerate(items):
        if item.link == "share":
            whole = _share_of(items, i, starts)
            if whole is not None:
                parents[i] = whole
        elif item.link in ("marker", "opening", "allocation"):
            whole, same = _whole(items, i, starts)
            if whole is not None and same:
                restated[i] = whole
            elif whole is not None:
                parents[i] = whole
        elif item.link == "listed" and i and _same_sentence(items[i - 1], item):
            sibling = i - 1
            whole = restated.get(sibling, parents.get(sibling))
            if whole is not None and _fits(items, parents, whole, i):
                parents[i] = whole
                if sibling not in restated:
                    listed.add(i)
    _move_up_to_exact_sums(items, parents, listed)
    items = [_with_whole(items, parents, i) for i in range(len(items))]
    for i, item in enumerate(items):
        if item.actor is None and i not in parents and i not in restated:
            items[i] = _of_content(items, i, starts) or _includer(items, i) or item
    kept = []
    for i, item in enumerate(items):
        if i in restated or item.actor is None:
            continue  # said before, or a part of nothing proposed
        kept.append(i)
    totals = _running_totals(items, kept, parents)
    return _once(items, kept, parents, totals)


def renumbered(found: list[Candidate]) -> list[Candidate]:
    """The candidates with their indexes from 1, in order."""
    return [replace(c, index=n) for n, c in enumerate(found, start=1)]


def _whole(items: list[Candidate], i: int, starts: list[int]) -> tuple[int | None, bool]:
    """The earlier, larger candidate in the same unit that part `i` belongs to: in its
    sentence, else in the few sentences before; and whether `i` only says that whole again
    (`Of the €7.4 billion, €5 billion ...`)."""
    part = items[i]
    same = [
        j
        for j in range(i - 1, -1, -1)
        if _same_sentence(items[j], part) and _larger(items[j], part)
    ]
    if same and part.link == "marker":
        return same[0], False
    window = [s for s in starts if s < part.start][-LOOKBACK:]
    for j in range(i - 1, -1, -1):
        if items[j].start not in window or not items[j].actor:
            continue
        if part.link == "opening" and _equal(items[j], part):
            return j, True
        if _larger(items[j], part):
            return j, False
    return None, False


def _share_of(items: list[Candidate], i: int, starts: list[int]) -> int | None:
    """The candidate of the sum a share is of: the same figure, in its sentence or the few
    before."""
    share = items[i]
    window = [s for s in starts if s <= share.start][-LOOKBACK - 1 :]
    for j in range(i - 1, -1, -1):
        if items[j].start in window and items[j].reading.amount == share.whole:
            return j
    return None


def _same_sentence(a: Candidate, b: Candidate) -> bool:
    return a.start == b.start


def _larger(whole: Candidate, part: Candidate) -> bool:
    return (
        whole.unit == part.unit
        and whole.reading.amount.value > part.reading.amount.value
        and whole.reading.rate == part.reading.rate
        and (part.actor is None or part.actor == whole.actor)
    )


def _equal(whole: Candidate, part: Candidate) -> bool:
    return whole.unit == part.unit and whole.reading.amount.value == part.reading.amount.value


def _fits(items: list[Candidate], parents: dict[int, int], whole: int, i: int) -> bool:
    """Whether part `i` with the whole's other parts stays within the whole."""
    parts = [items[j].reading.amount.value for j, p in parents.items() if p == whole]
    total = sum(parts, Decimal(0)) + items[i].reading.amount.value
    return items[whole].unit == items[i].unit and total <= items[whole].reading.amount.value


def _move_up_to_exact_sums(
    items: list[Candidate], parents: dict[int, int], listed: set[int]
) -> None:
    """Listed parts of a part move up to the whole of their first sibling's whole when they
    add up to it exactly: `7.4 billion` = `5 billion` + `1.8 billion` + `600 million`, while
    `one billion paid before the end of 2024` stays a part of the 5 billion."""
    for whole, top in list(parents.items()):
        if whole not in parents.values():
            continue
        children = [j for j, p in parents.items() if p == whole and j in listed]
        if not children:
            continue
        others = [j for j, p in parents.items() if p == top and j != whole]
        total = sum(
            (items[j].reading.amount.value for j in [whole, *others, *children]), Decimal(0)
        )
        if total == items[top].reading.amount.value:
            for j in children:
                parents[j] = top


def _with_whole(items: list[Candidate], parents: dict[int, int], i: int) -> Candidate:
    """A part takes its whole's pledger when its own sentence names none."""
    item = items[i]
    if i not in parents:
        return item
    top = parents[i]
    while items[top].actor is None and top in parents:
        top = parents[top]
    actor = item.actor or items[top].actor
    why = item.why
    if item.actor is None:
        why = f"{why}; pledger {actor}, the whole's"
    return replace(item, actor=actor, why=why)


def _of_content(items: list[Candidate], i: int, starts: list[int]) -> Candidate | None:
    """A figure that describes what an earlier candidate holds in another unit (`Included in
    the new aid is ... industrial training for 30,000 people`): a pledge of that candidate's
    pledger, not a part of it."""
    item = items[i]
    head = i
    while items[head].link == "listed" and head and _same_sentence(items[head - 1], item):
        head -= 1
    if items[head].link != "opening" and not opens_with_parts(items[head].quote):
        return None  # only a sentence that opens by listing what a sum holds
    window = [s for s in starts if s < item.start][-LOOKBACK:]
    earlier = [j for j in range(i - 1, -1, -1) if items[j].start in window and items[j].actor]
    if not earlier:
        return None
    anchor = items[earlier[0]]
    why = f"{item.why}; pledger {anchor.actor}, of the sum it describes"
    return replace(item, actor=anchor.actor, why=why)


def _includer(items: list[Candidate], i: int) -> Candidate | None:
    """A running total no cue governs (`This takes our total assistance to $2 billion`) is
    the pledger's who made the smaller sum of the same unit before it."""
    item = items[i]
    if item.link != "total":
        return None
    earlier = [
        j
        for j in range(i - 1, -1, -1)
        if items[j].actor
        and items[j].unit == item.unit
        and items[j].reading.amount.value < item.reading.amount.value
    ]
    if not earlier:
        return None
    actor = items[earlier[0]].actor
    return replace(item, actor=actor, why=f"{item.why}; pledger {actor}, of the sum it includes")


def _running_totals(
    items: list[Candidate], kept: list[int], parents: dict[int, int]
) -> dict[int, int | None]:
    """Candidates whose figure is a running total (`now total $3.2 billion`), with the earlier
    candidate of the same pledger and unit each includes (None when the text has none)."""
    totals: dict[int, int | None] = {}
    for i in kept:
        item = items[i]
        before = item.quote[: item.figure.start - item.start]
        if not running_total(before):
            continue
        earlier = [
            j
            for j in kept
            if j < i
            and j not in parents
            and items[j].actor == item.actor
            and items[j].unit == item.unit
            and items[j].reading.amount.value < item.reading.amount.value
        ]
        totals[i] = earlier[-1] if earlier else None
    return totals


def _once(
    items: list[Candidate],
    kept: list[int],
    parents: dict[int, int],
    totals: dict[int, int | None],
) -> list[Candidate]:
    """Each pledge once: a candidate with the same pledger, figure, unit and rate as an earlier
    one is the same pledge said again; the one that says more (a deadline, recipients) stays."""
    chosen: dict[tuple[object, ...], int] = {}
    twin: dict[int, int] = {}
    for i in kept:
        item = items[i]
        key = (item.actor, item.unit, item.reading.amount.value, item.reading.rate)
        first = chosen.get(key)
        if first is None and item.unit.split()[-1] in _PEOPLE:
            first = next((j for k, j in chosen.items() if k[0::2] == key[0::2]), None)
        if first is None:
            first = next((j for j in chosen.values() if _converted(items[j], item)), None)
        if first is None:
            chosen[key] = i
            continue
        if _says_more(item, items[first]):
            twin[first] = i
            chosen = {k: (i if v == first else v) for k, v in chosen.items()}
            chosen[key] = i
        else:
            twin[i] = first
    order = [i for i in kept if i not in twin]
    position = {i: n for n, i in enumerate(order, start=1)}

    def number(i: int | None) -> int | None:
        while i is not None and i in twin:
            i = twin[i]
        return position.get(i) if i is not None else None

    out = []
    for i in order:
        item = items[i]
        again = [j for j, t in twin.items() if t == i]
        why = item.why + ("; said again in the text" if again else "")
        out.append(
            replace(
                item,
                why=why,
                part_of=number(parents.get(i)),
                cumulative=i in totals,
                cumulative_of=number(totals.get(i)),
            )
        )
    return renumbered(out)


def _converted(a: Candidate, b: Candidate) -> bool:
    """Whether one of two candidates of a pledger gives the other's sum in brackets, converted:
    `The EU pledged $3.3bn (€3bn)` and `the EU would commit €3bn`."""
    if a.actor != b.actor:
        return False
    return b.reading.amount in a.asides or a.reading.amount in b.asides


def _says_more(later: Candidate, earlier: Candidate) -> bool:
    """Whether the later saying of a pledge tells more than the earlier one."""
    if (later.deadline is None) != (earlier.deadline is None):
        return later.deadline is not None
    if later.deadline is not None and earlier.deadline is not None:
        explicit = (later.deadline.basis, earlier.deadline.basis)
        if explicit in ((Basis.EXPLICIT, Basis.RELATIVE),):
            return True  # `between 2022 and 2024` says more than `over the next three years`
        if explicit == (Basis.RELATIVE, Basis.EXPLICIT):
            return False
    return len(later.recipients) > len(earlier.recipients)
