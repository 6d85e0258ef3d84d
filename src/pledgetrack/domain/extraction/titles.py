"""A candidate's title: the clause that holds its figure, from the verb before the figure to
the end of what the figure is for (`Invest $1.5 billion in “border infrastructure”`), a line
at most; the user edits it in review. Pure: stdlib only.
"""

from __future__ import annotations

import re

from pledgetrack.domain.extraction.cues import Cue
from pledgetrack.domain.extraction.deadline_phrases import DeadlinePhrase
from pledgetrack.domain.extraction.figures import FigureSpan

MAX_WORDS = 14


def title_of(
    text: str,
    cue: Cue | None,
    figure: FigureSpan,
    deadline: DeadlinePhrase | None,
    figures: list[FigureSpan],
    number: int,
) -> str:
    """A short title: the clause that holds the figure, from its verb to the end of what the
    figure is for (`Invest $1.5 billion in “border infrastructure”`, `Contribute $3.4 billion
    to 26 modernization projects at land ports of entry`)."""
    cue_end = cue.end if cue is not None and cue.end <= figure.start else 0
    floor = max(cue_end, figures[number - 1].end if number else 0)
    head = text[floor : figure.start]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" and "), head.rfind(" to "))
    start = floor + (cut + 1 if cut >= 0 else 0)
    if head[cut + 1 : cut + 5] == "and " or head[cut + 1 : cut + 4] == "to ":
        start = floor + cut + 1 + head[cut + 1 :].index(" ") + 1
    if cue is not None and floor == cue_end and cue_end and _ARTICLE.fullmatch(head):
        start = _verb_of(text, cue)  # `commit to a $314 million`, `would contribute $3.4 billion`
    if cue is None:
        start = figure.start  # a part: `5 billion euros in loans`
    lead = _LEAD.match(text, start)
    if lead is not None and lead.end() < figure.start:
        start = lead.end()  # `this Sunday a partnership agreement for` -> `partnership ...`
    later = [f for f in figures[number + 1 :] if f.start - figure.end > _COMPLEMENT]
    end_limit = later[0].start if later else len(text)
    if deadline is not None and deadline.start >= figure.end:
        end_limit = min(end_limit, deadline.start)
    tail = text[figure.end : end_limit]
    stop = _STOP.search(tail)
    end = figure.end + (stop.start() if stop else len(tail))
    title = " ".join(text[start:end].split()).strip(" ,;:-–—")
    words = title.split(" ")[:MAX_WORDS]
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()  # `5 billion euros in loans including` -> `5 billion euros in loans`
    title = " ".join(words)
    return title[:1].upper() + title[1:] if title else figure.text


# What may stand between a cue and its figure when the title takes the cue's verb.
_ARTICLE = re.compile(r"\s*(?:(?:a|an|the|un|una|el|la|los|las)\s+)?", re.IGNORECASE)
# Words a title does not start with: when it was said, and an article.
_LEAD = re.compile(
    r"\s*(?:(?:this|last|next|on)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"week|month|year)\s+|(?:yesterday|today|tomorrow)\s+)?(?:(?:a|an|the)\s+)?",
    re.IGNORECASE,
)
_DANGLING_TEXT = (
    "and or including with for of in to the a an at on by via y o de del para en con la"
)
_DANGLING = frozenset(_DANGLING_TEXT.split())
_COMPLEMENT = 8  # characters: `$3.4 billion to 26 projects` is one title
# Where a title ends: a mark, or a word that opens another clause (`and` before a small word).
_STOP = re.compile(
    r"[,;:!?()]|(?<![A-Z])\.(?=\s|$)|\s(?:and|y)\s(?=[a-z])|\s(?:while|but|which|who|as|que)\s"
)


def _verb_of(text: str, cue: Cue) -> int:
    """Where the verb of a cue starts: `contribute` of `would contribute`, `commit` of
    `commit to`."""
    words = list(re.finditer(r"[\w’'-]+", text[cue.start : cue.end]))
    verbs = [w for w in words if w.group().lower() not in _AUXILIARIES]
    chosen = verbs[0] if verbs else words[0]
    return cue.start + chosen.start()


_AUXILIARIES = frozenset({"will", "would", "shall", "also", "is", "are", "to", "be", "se", "a"})
