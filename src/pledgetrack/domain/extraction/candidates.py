"""Candidate pledges of an article: the figures a commitment cue governs, each with its pledger,
recipients, deadline and a one-line reason.

A figure is proposed when a cue stands before it in its sentence (`agreed to invest $1.5
billion`) or a participle right after it (`$5 billion pledged by Japan`), and nothing between
says otherwise: a request (`will ask Mexico to commit`), a denial, a verb of what happened
(`migrants crossed`), a figure already delivered, a price, a duration or a count that only
describes another figure (`$3.4 billion to 26 projects`). Its pledger is the actor named before
the cue and not after a preposition (`with Biden`, `to Central America`), or the one named
before when the sentence says `It` or names none (`pledgers`); its recipients are the actors
after `to` or `for` behind it; its deadline the phrase after it (or one opening the sentence).
Figures after `including`, in a list opened by a colon, or shares in words (`a quarter of the
amount`) may be parts: `structure` links parts to their whole and running totals to what they
include, and proposes a pledge said twice once.

Pure: no I/O, never reads the clock (the published date comes in).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from pledgetrack.domain.amounts import format_plain
from pledgetrack.domain.extraction import cues as cue_words
from pledgetrack.domain.extraction import pledgers as who
from pledgetrack.domain.extraction import targets
from pledgetrack.domain.extraction.actors import Mention, mentions
from pledgetrack.domain.extraction.candidate import Candidate, Span
from pledgetrack.domain.extraction.cues import Cue, find_cues
from pledgetrack.domain.extraction.deadline_phrases import (
    DeadlinePhrase,
    deadline_for,
    find_deadlines,
)
from pledgetrack.domain.extraction.figures import (
    FigureSpan,
    article_symbols,
    find_figures,
    may_hold_figures,
    unit_of,
)
from pledgetrack.domain.extraction.sentences import Sentence, sentences
from pledgetrack.domain.extraction.shares import Share, find_shares
from pledgetrack.domain.extraction.structure import (
    arrange,
    opens_with_parts,
    part_marker,
    running_total,
)
from pledgetrack.domain.extraction.titles import title_of
from pledgetrack.domain.model import Amount, AmountReading, Kind

_WORD = re.compile(r"[\w’'-]+")
_BULLETS = tuple("→•·*–—-▪●◦")
_LIST_GAP = re.compile(r"^[^;.!?]*(?:,|\band\b|\by\b|\bplus\b)[^;.!?]*$", re.IGNORECASE)


def extract(text: str, *, published: date | None = None) -> list[Candidate]:
    """The candidate pledges of an article's text, in the order the text gives them."""
    found: list[Candidate] = []
    speaker: str | None = None  # the last subject named, for `It will also provide`
    pledger: str | None = None  # the last pledger, for a sentence that names none
    symbols = article_symbols(text)
    unit: str | None = None  # of the last figure so far
    opened = in_list = False  # the sentence before ended with `:`, or was an item of its list
    for sentence in sentences(text, split=may_hold_figures):
        named = mentions(sentence.text)
        figures = [
            f for f in find_figures(sentence.text, symbols, unit) if not targets.is_duration(f)
        ]
        unit = figures[-1].reading.amount.unit if figures else unit
        item = opened or (in_list and sentence.text.lstrip().startswith(_BULLETS))
        if figures:
            cues = find_cues(sentence.text)
            opening = opens_with_parts(sentence.text) or item  # `three parts:` `→ €39 billion`
            links = _links(sentence.text, figures, opening, named)
            wanted = cues or any(links) or "of" in sentence.text  # `a quarter of the amount`
            phrases = find_deadlines(sentence.text, published) if wanted else []
            for number, link in enumerate(links):
                made = _candidate(
                    sentence, figures, number, cues, named, phrases, (speaker, pledger)
                )
                if made and link in ("allocation", "total"):
                    link = None  # a sum of its own, with its own cue
                if not made and link is not None:
                    made = _part(sentence, figures, number, named, phrases, link)
                for candidate in made:
                    found.append(replace(candidate, link=link))
                    if candidate.actor is not None:
                        speaker = pledger = candidate.actor
            for share in find_shares(sentence.text):
                part = _share(sentence, figures, share, phrases)
                if part is not None:
                    found.append(part)
        last = who.subject(sentence.text, named, len(sentence.text))
        speaker = last.actor if last else speaker
        opened = sentence.text.rstrip().endswith(":")
        in_list = opened or item
    return arrange(found)


def _share(
    sentence: Sentence,
    figures: list[FigureSpan],
    share: Share,
    phrases: list[DeadlinePhrase],
) -> Candidate | None:
    """A share of a sum (`a quarter of the amount`), worth its fraction of the figure it names
    or of the sum before it; `structure` makes it a part of the candidate of that sum."""
    whole = next((f for f in figures if f.start == share.whole_at), None)
    if whole is None:
        whole = next((f for f in reversed(figures) if f.end <= share.start), None)
    if whole is None:
        return None
    value = (whole.reading.amount.value * share.fraction).quantize(Decimal("0.001"))
    amount = replace(whole.reading.amount, value=Decimal(format_plain(value)))
    text = sentence.text
    words = text[share.start : share.end]
    following = next((f.start for f in figures if f.start > share.end), len(text))
    deadline = deadline_for(phrases, share.end, following, 0)
    offset = sentence.start
    return Candidate(
        index=0,
        quote=text,
        start=sentence.start,
        end=sentence.end,
        paragraph=sentence.paragraph,
        actor=None,
        recipients=(),
        reading=AmountReading(amount=amount, text=words),
        unit=unit_of(whole.reading),
        inherited=None,
        deadline=deadline.deadline if deadline else None,
        cue="",
        title=title_of(text, None, _span_of(share, amount), deadline, figures, 0),
        why=f"a part, {words!r} of {whole.reading.text}",
        figure=Span(offset + share.start, offset + share.end),
        deadline_at=Span(offset + deadline.start, offset + deadline.end) if deadline else None,
        link="share",
        whole=whole.reading.amount,
    )


def _span_of(share: Share, amount: Amount | None = None) -> FigureSpan:
    """A share as a figure span, where deadlines and titles are looked for."""
    reading = AmountReading(amount=amount or Amount(Decimal(0), "", Kind.QUANTITY))
    return FigureSpan(share.start, share.end, reading)


def _links(
    text: str, figures: list[FigureSpan], opening: bool, named: list[Mention]
) -> list[str | None]:
    """For each figure, how it may be a part of an earlier one: after a marker (`including`),
    listed after such a part, in a sentence that opens by listing parts (`Of the €7.4
    billion, ...`), or a sum for one recipient (`$1 billion for India`)."""
    links: list[str | None] = []
    for number, figure in enumerate(figures):
        since = figures[number - 1].end if number else 0
        before = text[since : figure.start]
        if part_marker(before):
            links.append("marker")
        elif number and links[-1] is not None and _LIST_GAP.match(before):
            links.append("listed")
        elif opening and not number:
            links.append("opening")
        elif _for_recipient(text, named, figure):
            links.append("allocation")
        elif running_total(text[: figure.start]):
            links.append("total")
        else:
            links.append(None)
    return links


def _for_recipient(text: str, named: list[Mention], figure: FigureSpan) -> bool:
    """Whether a sum is for one recipient: `$1 billion for India`, `para cada uno de los
    países serán 30 millones`."""
    if figure.reading.amount.kind.value != "money":
        return False
    if _EACH_RECIPIENT.search(text[max(0, figure.start - 60) : figure.start]):
        return True
    if _EACH_RECIPIENT.match(text, figure.end):
        return True
    match = re.match(r"\s*(?:for|to|para|a)\s+(?:the\s+)?", text[figure.end :])
    if not match:
        return False
    at = figure.end + match.end()
    return any(at <= m.start <= at + 1 for m in named)


_EACH_RECIPIENT = re.compile(
    r"\b(?:for|to)\s+each\b|\bper\s+country\b|\b(?:para|a)\s+cada\b|\bpor\s+país\b",
    re.IGNORECASE,
)


def _part(
    sentence: Sentence,
    figures: list[FigureSpan],
    number: int,
    named: list[Mention],
    phrases: list[DeadlinePhrase],
    link: str,
) -> list[Candidate]:
    """A figure no cue governs that may be a part of an earlier candidate; its pledger and its
    place are settled by `structure`, which drops it if it is a part of nothing proposed."""
    figure = figures[number]
    text = sentence.text
    if targets.not_a_target(text, figures, number):
        return []
    following = figures[number + 1].start if number + 1 < len(figures) else len(text)
    since = figures[number - 1].end if number else 0
    opening = (
        figure.start if link == "total" else 0
    )  # `total assistance over the next five years to`
    deadline = deadline_for(phrases, figure.end, following, opening)
    if deadline is not None and deadline.start < since:
        deadline = None
    since = figures[number - 1].end if number else 0
    marker = part_marker(text[since : figure.start]) or ""
    why = {
        "marker": f"a part, after {marker!r}",
        "listed": "a part, listed after another",
        "opening": "a part, in a sentence that lists the parts of an earlier sum",
        "allocation": "a part, the share of one recipient",
        "total": "a running total",
    }[link]
    if deadline is not None:
        why += f"; deadline {deadline.phrase!r}"
    title = title_of(text, None, figure, deadline, figures, number)
    recipients = who.recipients(text, named, figure.end, following, None)
    return [_built(sentence, figure, None, recipients, deadline, (marker, None), title, why)]


def _candidate(
    sentence: Sentence,
    figures: list[FigureSpan],
    number: int,
    cues: list[Cue],
    named: list[Mention],
    phrases: list[DeadlinePhrase],
    before: tuple[str | None, str | None],
) -> list[Candidate]:
    """The candidates of figure `number` if a cue governs it (one per pledger of a subject that
    pledges `each`); `before` is the last subject and the last pledger named before."""
    figure = figures[number]
    text = sentence.text
    if targets.not_a_target(text, figures, number):
        return []
    cue = targets.governing(text, figure, cues)
    if cue is None:
        return []
    pledgers, how = _pledgers(text, named, cue, figure, before)
    if not pledgers:
        return []
    following = figures[number + 1].start if number + 1 < len(figures) else len(text)
    deadline = deadline_for(phrases, figure.end, following, figures[0].start)
    offset = sentence.start
    found = []
    for pledger in pledgers:
        why = f"{cue.kind} cue {cue.text!r}; pledger {pledger}, {how}"
        if deadline is not None:
            why += f"; deadline {deadline.phrase!r}"
        if figure.inherited:
            why += f"; currency {figure.inherited} from the text around it"
        recipients = who.recipients(text, named, figure.end, following, pledger)
        title = title_of(text, cue, figure, deadline, figures, number)
        said = (cue.text, Span(offset + cue.start, offset + cue.end))
        found.append(_built(sentence, figure, pledger, recipients, deadline, said, title, why))
    return found


def _built(
    sentence: Sentence,
    figure: FigureSpan,
    actor: str | None,
    recipients: tuple[str, ...],
    deadline: DeadlinePhrase | None,
    cue: tuple[str, Span | None],
    title: str,
    why: str,
) -> Candidate:
    """A candidate of a sentence's figure, its spans counted in the article."""
    offset = sentence.start
    return Candidate(
        index=0,
        quote=sentence.text,
        start=sentence.start,
        end=sentence.end,
        paragraph=sentence.paragraph,
        actor=actor,
        recipients=recipients,
        reading=figure.reading,
        unit=unit_of(figure.reading),
        inherited=figure.inherited,
        deadline=deadline.deadline if deadline else None,
        cue=cue[0],
        title=title,
        why=why,
        figure=Span(offset + figure.start, offset + figure.end),
        deadline_at=Span(offset + deadline.start, offset + deadline.end) if deadline else None,
        cue_at=cue[1],
        asides=figure.asides,
    )


def _pledgers(
    text: str,
    named: list[Mention],
    cue: Cue,
    figure: FigureSpan,
    before: tuple[str | None, str | None],
) -> tuple[list[str], str]:
    """Who pledges the figure a cue governs, and how that was told (for `why`). Nobody when
    the pledgers are many together (`donor nations pledged`, `by the 15 EU members`) or one
    the table does not know (`the nonprofit will launch`)."""
    named = [m for m in named if not who.dateline(text, m)]
    money = figure.reading.amount.kind.value == "money"
    source = who.donor(text, named, figure.end) if money else None
    if source is not None:
        return [source.actor], "named after the figure (`from`)"
    at = min(cue.start, figure.start)
    start = targets.clause_start(text, at)
    if cue_words.collective_after(text[max(cue.end, figure.end) :]):
        return [], ""
    if cue.start > figure.start:
        head = who.agent(text, named, cue.end) or who.subject(text, named, figure.start)
    else:
        owner = who.possessor(text, named, cue.start)
        if owner is None and cue.kind == "noun":
            owner = who.agent(text, named, cue.end)
        after = targets.that_before(text, cue, figure)
        inner = who.subject(text, named, figure.start, after=after) if after else None
        head = owner or (inner if inner and inner.start >= (after or 0) else None)
        head = head or who.subject(text, named, cue.start)
    if head is not None and cue_words.collective(" ".join(_WORD.findall(text[head.end : at])[-4:])):
        return [], ""  # `Japan and other donor nations pledged`
    if head is not None:
        group = who.coordinated(text, named, head)
        if len(group) > 1 and who.each(text, head.end, cue.start):
            actors = list(dict.fromkeys(m.actor for m in group))
            return actors, "one of those that pledge each"
        return [group[0].actor], "named before the cue"
    clause = text[start:at]
    if cue_words.collective(clause) or cue_words.unknown_agent(clause):
        return [], ""
    speaker, pledger = before
    if who.pronoun_or_nothing(text, start, at):
        found_actor, how = speaker or pledger, "named before, for its pronoun"
    else:
        found_actor, how = pledger or speaker, "the text's pledger so far"
    return ([found_actor], how) if found_actor else ([], "")
