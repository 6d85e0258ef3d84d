"""Reading a value from a fixed list (a sort key, a format, a grouping): one reader, so every
list is matched and refused the same way. Pure: stdlib, domain.text and errors only."""

from __future__ import annotations

from collections.abc import Sequence

from pledgetrack.domain.text import quoted
from pledgetrack.errors import ChoiceError


def parse_choice(text: str, choices: Sequence[str], refusal: str) -> str:
    """`text` as one of `choices` (any case; `-` read as `_`); `refusal` words the error and
    holds `{text}`, where the text goes, quoted: "cannot sort by {text}"."""
    key = text.strip().lower().replace("-", "_")
    if key not in choices:
        shown = refusal.format(text=quoted(text))
        raise ChoiceError(f"{shown}; use one of: {', '.join(choices)}")
    return key
