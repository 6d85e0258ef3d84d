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
    figure is for (`Invest $1.5 billion in “border infrastructure”`)."""
    start = figure.start
    cue_end = cue.end if cue is not None and cue.end <= figure.start else 0
    floor = max(cue_end, figures[number - 1].end if number else 0)
    head = text[floor : figure.start]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" and "), head.rfind(" to "))
    start = floor + (cut + 1 if cut >= 0 else 0)
    if head[cut + 1 : cut + 5] == "and " or head[cut + 1 : cut + 4] == "to ":
        start = floor + cut + 1 + head[cut + 1 :].index(" ") + 1
    end_limit = figures[number + 1].start if number + 1 < len(figures) else len(text)
    if deadline is not None and deadline.start >= figure.end:
        end_limit = min(end_limit, deadline.start)
    tail = text[figure.end : end_limit]
    stop = re.search(r"[,;:.!?()]|\s(?:and|while|but|which|who|as|y|que)\s", tail)
    end = figure.end + (stop.start() if stop else len(tail))
    title = " ".join(text[start:end].split()).strip(" ,;:-–—")
    words = title.split(" ")
    if len(words) > MAX_WORDS:
        title = " ".join(words[:MAX_WORDS])
    return title[:1].upper() + title[1:] if title else figure.text
