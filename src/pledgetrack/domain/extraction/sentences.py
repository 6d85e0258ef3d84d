"""An article's paragraphs and sentences, each with its exact character offsets in the text.

Sentences are split by syntok (a maintained rule-based splitter that keeps `5 mln. doses` and
`the U.S. will` whole and knows the offsets of its tokens). Paragraphs are cut here first: at
blank lines, and at a single line break after a line that ends a sentence, before a bullet, or
after a short line without a final stop (a headline, a caption); a text wrapped at a fixed width
stays one paragraph. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_ENDS_SENTENCE = tuple('.!?:;"”’)»')
_BULLETS = tuple("•·*–—-▪●◦")
_SHORT_LINE = 8  # words: a line this short without a final stop is a headline or a caption
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


@dataclass(frozen=True)
class Sentence:
    """A sentence as written: `text == article[start:end]`, in paragraph `paragraph`."""

    start: int
    end: int
    text: str
    paragraph: int


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The paragraphs of `text`, as (offset, paragraph text)."""
    start: int | None = None
    previous = ""
    for match in _LINE.finditer(text):
        line = match.group()
        body = line.strip()
        if not body:
            if start is not None:
                yield start, text[start : match.start()]
            start = None
            continue
        if start is not None and _breaks(previous, body):
            yield start, text[start : match.start()]
            start = None
        if start is None:
            start = match.start()
        previous = body
    if start is not None:
        yield start, text[start:]


def _breaks(previous: str, line: str) -> bool:
    """Whether a single line break between two lines ends a paragraph."""
    return (
        previous.endswith(_ENDS_SENTENCE)
        or line.startswith(_BULLETS)
        or len(previous.split()) < _SHORT_LINE
    )


def sentences(text: str, split: Callable[[str], bool] | None = None) -> list[Sentence]:
    """Every sentence of `text`, in order, with its offsets and paragraph number; with
    `split`, a paragraph it says need not be split (one without a figure, whose sentences
    only ever name actors) is one `Sentence`, which saves the splitter most of an article."""
    from syntok.segmenter import segment
    from syntok.tokenizer import Tokenizer

    tokenizer = Tokenizer(replace_not_contraction=False)
    found: list[Sentence] = []
    for number, (offset, paragraph) in enumerate(paragraphs(text)):
        if split is not None and not split(paragraph):
            body = paragraph.rstrip()
            start = offset + len(paragraph) - len(paragraph.lstrip())
            found.append(
                Sentence(start, offset + len(body), text[start : offset + len(body)], number)
            )
            continue
        for tokens in segment(tokenizer.tokenize(paragraph, offset)):
            if not tokens:
                continue
            start, last = tokens[0].offset, tokens[-1]
            end = last.offset + len(last.value)
            while end > start and text[end - 1].isspace():
                end -= 1
            found.append(Sentence(start, end, text[start:end], number))
    return found
