"""Where a sentence names an actor of the curated table (`actor_names`): `the U.S.`, `Mexican
President Andrés Manuel López Obrador`, `the Government of Japan`, `EU`, `private-sector`.

The longest name wins (`Latin America` is a region, not `America`); names that only contain an
actor's name (`Washington Post`, `Mexico City`) are no mention. Pure: stdlib only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from pledgetrack.domain.extraction import actor_names

# An abbreviation with its dots (`U.S.`, `EE.UU.`), else a word; hyphens join words of a name.
_WORD = re.compile(r"(?:[^\W\d_]{1,2}\.){2,}|\w+")
_JOIN = re.compile(r"[ \t\n\u00a0-]*")
_OF = frozenset({"of", "de", "del"})
_HEADS = frozenset(
    {"government", "republic", "kingdom", "state", "president", "people", "gobierno",
     "república", "presidente", "presidenta", "reino", "estado", "minister", "ministry",
     "embassy", "federation", "commonwealth", "principality", "sultanate", "emirate",
     "leaders", "leader", "heads", "ministers", "líderes", "jefes", "ministros", "mandatarios"}
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """An actor named in a sentence, at `start:end` of the sentence's text."""

    start: int
    end: int
    actor: str
    kind: str  # country, person, body, region, private


@dataclass(frozen=True)
class _Name:
    actor: str
    kind: str
    capitals: tuple[bool, ...]  # which words the table writes with a capital
    all_capitals: bool  # `US`, `IDB`: matched only in capitals
    any_case: bool


@functools.lru_cache(maxsize=16384)
def _key(word: str) -> str:
    bare = unicodedata.normalize("NFKD", word)
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold().replace(".", "")


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


@functools.cache
def _index() -> tuple[dict[tuple[str, ...], list[_Name]], dict[str, int]]:
    """Every name's words -> the actors it names, and each first word -> the longest name.

    A demonym is a name only with a word of government after it (`Mexican government`) or, in
    Spanish, before it (`gobierno mexicano`)."""
    names: dict[tuple[str, ...], list[_Name]] = {}

    def add(alias: str, actor: str, kind: str) -> None:
        words = [m.group() for m in _words(alias)]
        if not words:
            return
        letters = [c for c in alias if c.isalpha()]
        name = _Name(
            actor,
            kind,
            tuple(w[0].isupper() for w in words),
            all_capitals=all(c.isupper() for c in letters) and len(letters) > 1,
            any_case=kind == "private",
        )
        names.setdefault(tuple(_key(w) for w in words), []).append(name)

    government = [_key_words(w) for w in actor_names.GOVERNMENT_WORDS]
    gobierno = [_key_words(w) for w in actor_names.GOBIERNO_WORDS]
    for actor, kind, aliases, demonyms in actor_names.actor_rows():
        person = kind == "person"
        for alias in (() if person else (actor,)) + aliases:
            add(alias, actor, "country" if person else kind)
        for demonym in demonyms:
            said = _key_words(demonym)
            if demonym[0].isupper():
                capitals = (True,) * len(said)
                pairs = [(said + words, capitals + (False,) * len(words)) for words in government]
            else:
                pairs = [(words + said, (False,) * (len(words) + len(said))) for words in gobierno]
            for words, capitals in pairs:
                names.setdefault(words, []).append(
                    _Name(actor, kind, capitals, all_capitals=False, any_case=False)
                )
    for blocked in actor_names.NOT_ACTORS:
        add(blocked, "", "blocked")
    longest: dict[str, int] = {}
    for words in names:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return names, longest


@functools.cache
def _head_keys() -> frozenset[str]:
    return frozenset(_key(w) for w in _HEADS)


def _key_words(text: str) -> tuple[str, ...]:
    return tuple(_key(m.group()) for m in _words(text))


def _fits(name: _Name, said: list[str]) -> bool:
    """Whether the words as written have the capitals the name needs."""
    if name.any_case:
        return True
    if name.all_capitals:
        return all(not c.isalpha() or c.isupper() for w in said for c in w)
    return all(
        w[0].isupper() or not capital for w, capital in zip(said, name.capitals, strict=True)
    )


def mentions(text: str) -> list[Mention]:
    """The actors `text` names, in order, none overlapping."""
    names, longest = _index()
    words = _words(text)
    keys = [_key(w.group()) for w in words]
    found: list[Mention] = []
    i = 0
    while i < len(words):
        most = longest.get(keys[i], 0)
        matched = 0
        for n in range(min(most, len(words) - i), 0, -1):
            candidates = names.get(tuple(keys[i : i + n]))
            if not candidates or not _joined(text, words, i, n):
                continue
            said = [w.group() for w in words[i : i + n]]
            name = next((c for c in candidates if _fits(c, said)), None)
            if name is None:
                continue
            matched = n
            if name.kind != "blocked":
                start = _head_of(text, words, keys, i)
                found.append(Mention(start, words[i + n - 1].end(), name.actor, name.kind))
            break
        i += matched or 1
    return found


def _joined(text: str, words: list[re.Match[str]], i: int, n: int) -> bool:
    """Whether words i..i+n stand together, with only spaces or hyphens between them."""
    return all(
        _JOIN.fullmatch(text, words[k].end(), words[k + 1].start()) for k in range(i, i + n - 1)
    )


def _head_of(text: str, words: list[re.Match[str]], keys: list[str], i: int) -> int:
    """Where a name starts once `the Government of`, `President of`, `el gobierno de` before it
    are counted in: they make it the subject, not the object of `of`."""
    heads = _head_keys()
    if i >= 2 and keys[i - 1] in _OF and keys[i - 2] in heads:
        return words[i - 2].start()
    if i >= 3 and keys[i - 1] == "the" and keys[i - 2] in _OF and keys[i - 3] in heads:
        return words[i - 3].start()
    return words[i].start()
