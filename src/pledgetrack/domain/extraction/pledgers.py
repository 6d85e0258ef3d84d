"""Who pledges and who receives, among the actors a sentence names (`actors.mentions`).

The pledger is the subject: the last actor named before the cue that is not the object of a
preposition (`met with Joe Biden`, `to Central America and Haiti`, `países como Honduras`), the
first of a coordinated subject (`both the E.U. and Japan have pledged`; with `each`, every one of
them), the owner of a pledge named as a noun (`a U.S. pledge`), the agent of a participle
(`pledged by Japan`) or the source of a sum (`$2.6bn from Germany`). Recipients are the actors
after `to`, `for` or `a` behind the figure, with those joined to them. English and Spanish differ
in one word: `a` is an article in English and a preposition in Spanish. Pure: stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pledgetrack.domain.extraction.actors import Mention

_WORD = re.compile(r"[\w’'-]+")
_OBJECT_WORDS_TEXT = """
with to from for in into at on against toward towards among between of by via than
    like including as"""
_OBJECT_WORDS = frozenset(_OBJECT_WORDS_TEXT.split())
_SPANISH_OBJECT_WORDS_TEXT = "con a al para de del en entre por hacia sin como incluidos incluido"
_SPANISH_OBJECT_WORDS = frozenset(_SPANISH_OBJECT_WORDS_TEXT.split())
_ARTICLES = frozenset({"the", "a", "an", "el", "la", "los", "las", "such", "both"})
_JOINS = frozenset({"and", "or", "y", "o", "e", "as well as"})
_SPANISH_TEXT = "el la los las de del que y en para por con una unos se su sus es"
_SPANISH = frozenset(_SPANISH_TEXT.split())
_ENGLISH_TEXT = "the of and to in for that with is was will would its their by"
_ENGLISH = frozenset(_ENGLISH_TEXT.split())
_PRONOUNS_TEXT = "it they he she we its their él ella ellos ellas"
_PRONOUNS = frozenset(_PRONOUNS_TEXT.split())
# A name for an actor named before: `the bank`, `the Commission`, `el gobierno`.
_ANAPHORA = re.compile(
    r"^(?:the|el|la)\s+(?:government|administration|country|bank|fund|union|bloc|commission|"
    r"agency|institution|organi[sz]ation|ministry|group|gobierno|país|banco|organismo|"
    r"institución|comisión|bloque|administración|unión)\b",
    re.IGNORECASE,
)
_RECIPIENT_WORDS = frozenset({"to", "for", "toward", "towards", "a", "para", "hacia", "al"})
_RECIPIENT_JOINS = re.compile(r"^(?:\s*(?:,|and|y|e|&|as well as)\s*(?:the\s+)?)$", re.IGNORECASE)
_EACH = re.compile(r"\b(?:each|respectively|cada uno|cada una)\b", re.IGNORECASE)


def is_spanish(text: str) -> bool:
    """Whether a sentence is in Spanish, by its commonest words."""
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(w in _SPANISH for w in words) > sum(w in _ENGLISH for w in words)


def dateline(text: str, mention: Mention) -> bool:
    """Whether a mention is a dateline's place, not a subject: `AFGHANISTAN: The world's most
    powerful nations ...`, `BERLIN — The major contributors ...`."""
    return (
        not text[: mention.start].strip()
        and re.match(r"\s*(?:[:—–]|-\s)", text[mention.end :]) is not None
    )


def is_object(text: str, named: Sequence[Mention], mention: Mention) -> bool:
    """Whether a mention follows a preposition (`with Joe Biden`), or joins one that does
    (`to Central America and Haiti`)."""
    words = [w.lower() for w in _WORD.findall(text[: mention.start])]
    while words and words[-1] in _ARTICLES - {"a"}:
        words.pop()
    if not words:
        return False
    spanish = is_spanish(text)
    if words[-1] == "a" and not spanish:
        words.pop()  # `a U.S. pledge`
        if not words:
            return False
    last = words[-1]
    if last in _JOINS or text[: mention.start].rstrip().endswith(","):
        earlier = [m for m in named if m.end <= mention.start]
        return bool(earlier) and is_object(text, named, earlier[-1])
    return last in _OBJECT_WORDS or (spanish and last in _SPANISH_OBJECT_WORDS)


def subject(
    text: str, named: Sequence[Mention], before: int, *, after: int | None = None
) -> Mention | None:
    """The last actor named before `before` that is not the object of a preposition; with
    `after`, the one named in a clause that starts there (`announced that the U.S. was
    committing`), if any. A region is no subject."""
    if after is not None:
        inner = [m for m in named if after <= m.start < before and not is_object(text, named, m)]
        if inner:
            return inner[-1]
    subjects = [
        m
        for m in named
        if m.end <= before
        and not is_object(text, named, m)
        and m.kind != "region"
        and not _names_a_thing(text, m)
    ]
    return subjects[-1] if subjects else None


def _names_a_thing(text: str, mention: Mention) -> bool:
    """Whether a country's name is only part of the name of a thing: `a Ukraine Facility`,
    `the Japan Fund`."""
    return mention.kind == "country" and _THING.match(text, mention.end) is not None


_THING = re.compile(
    r"[ \t]+(?:Facility|Fund|Trust|Initiative|Plan|Program|Programme|Compact|Partnership|"
    r"Strategy|Act|Law|Conference|Summit|Forum|Platform|Window|Mechanism|Envelope|Package)\b"
)


def coordinated(text: str, named: Sequence[Mention], last: Mention) -> list[Mention]:
    """The actors of a subject that ends with `last`: `the United States, Japan, Saudi Arabia
    and the European Union`, `Estados Unidos y México`; first to last."""
    group = [last]
    for mention in reversed([m for m in named if m.end <= last.start]):
        between = re.findall(r"\w+|[^\w\s]", text[mention.end : group[0].start].lower())
        if not set(between) <= _LIST_WORDS:
            break
        group.insert(0, mention)
    return group


_LIST_WORDS = frozenset({",", "and", "y", "e", "&", "the", "el", "la", "los", "las"})


def each(text: str, subject_end: int, cue_start: int) -> bool:
    """Whether a coordinated subject pledges one sum apiece (`each pledged $200 million`)."""
    return _EACH.search(text[subject_end:cue_start]) is not None


def possessor(text: str, named: Sequence[Mention], cue_start: int) -> Mention | None:
    """The actor named just before a pledge named as a noun: `a U.S. pledge`, `Japan's
    commitment`, `the EU offer`."""
    for mention in named:
        between = text[mention.end : cue_start].strip().lower()
        if mention.end <= cue_start and between in ("", "'s", "’s", "'", "’"):
            return mention
    return None


def donor(text: str, named: Sequence[Mention], figure_end: int) -> Mention | None:
    """The actor a sum comes from: `$2.3 billion from the U.S.`, `$2.6bn from Germany`."""
    match = re.match(
        r"\s+(?:(?:\w+\s+){0,3}?)(?:from|de parte de|por parte de)\s+(?:the\s+)?",
        text[figure_end:],
    )
    if not match:
        return None
    at = figure_end + match.end()
    return next((m for m in named if at <= m.start <= at + 4 and m.kind != "region"), None)


def agent(text: str, named: Sequence[Mention], cue_end: int) -> Mention | None:
    """The actor after `by` behind a participle: `pledged by Japan`."""
    match = re.match(r"\s+(?:by|por)\s+", text[cue_end:])
    if not match:
        return None
    at = cue_end + match.end()
    return next((m for m in named if at <= m.start <= at + 5), None)


def pronoun_or_nothing(text: str, clause_start: int, before: int) -> bool:
    """Whether the clause before a cue names its subject with a pronoun (`It will also
    provide`) or not at all (`Will also provide`)."""
    clause = text[clause_start:before].strip(" ,;:\"“”'")
    words = [w.lower() for w in _WORD.findall(clause)]
    if not words or words[0] in ("also", "and", "y", "además"):
        return True
    return any(w in _PRONOUNS for w in words[:3]) or _ANAPHORA.match(clause) is not None


def recipients(
    text: str, named: Sequence[Mention], figure_end: int, following: int, pledger: str | None
) -> tuple[str, ...]:
    """The actors after `to` or `for` behind the figure (and those joined to them), up to
    `following` (the next figure)."""
    found: list[str] = []
    previous: Mention | None = None
    for mention in named:
        if mention.start < figure_end or mention.start >= following:
            continue
        lead = [w.lower() for w in _WORD.findall(text[figure_end : mention.start])[-2:]]
        joined = previous is not None and _RECIPIENT_JOINS.match(text[previous.end : mention.start])
        if joined or (lead and (lead[-1] in _RECIPIENT_WORDS or lead[0] in _RECIPIENT_WORDS)):
            if mention.actor != pledger and mention.actor not in found:
                found.append(mention.actor)
            previous = mention
        elif found:
            break
    return tuple(found)
