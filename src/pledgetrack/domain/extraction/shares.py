"""Shares of a sum said in words: `a quarter of the amount coming in the form of grants`, `one
fourth of the $1 billion assistance will be grant`, `40% of it in loans`.

A share names its whole (a figure right after `of the`, or else the sum before it in the
sentence) and is a part of it worth the share's fraction, exactly. Pure: stdlib only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_FRACTIONS = {
    "half": Decimal("0.5"), "a half": Decimal("0.5"), "one half": Decimal("0.5"),
    "a third": Decimal(1) / 3, "one third": Decimal(1) / 3, "two thirds": Decimal(2) / 3,
    "two-thirds": Decimal(2) / 3, "a quarter": Decimal("0.25"), "one quarter": Decimal("0.25"),
    "a fourth": Decimal("0.25"), "one fourth": Decimal("0.25"),
    "three quarters": Decimal("0.75"), "three-quarters": Decimal("0.75"),
    "three fourths": Decimal("0.75"), "a fifth": Decimal("0.2"), "one fifth": Decimal("0.2"),
    "a tenth": Decimal("0.1"), "one tenth": Decimal("0.1"),
    "la mitad": Decimal("0.5"), "un tercio": Decimal(1) / 3, "dos tercios": Decimal(2) / 3,
    "un cuarto": Decimal("0.25"), "una cuarta parte": Decimal("0.25"),
    "la cuarta parte": Decimal("0.25"), "tres cuartas partes": Decimal("0.75"),
}  # fmt: skip
_SHARE = re.compile(
    r"(?:\b(?P<fraction>"
    + "|".join(sorted(map(re.escape, _FRACTIONS), key=len, reverse=True))
    + r")|\b(?P<percent>\d{1,2}(?:\.\d+)?)\s*(?:%|percent|per cent|por ciento)"
    r")\s+(?:of|de)\s+(?:the|this|that|it|which|el|la|lo|este|esta|ese|esa|ello)\b"
    r"(?:\s+(?:amount|sum|total|money|funds|package|aid|assistance|pledge|monto|suma|total|"
    r"dinero|fondos|paquete|ayuda))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Share:
    """`text[start:end]` names `fraction` of a sum; `whole_at` is where a figure naming the
    whole starts right after it, if one does."""

    start: int
    end: int
    fraction: Decimal
    whole_at: int | None


def find_shares(text: str) -> list[Share]:
    """The shares of a sum a sentence names, in order."""
    found = []
    for match in _SHARE.finditer(text):
        if match["fraction"]:
            fraction = _FRACTIONS[match["fraction"].lower()]
        else:
            fraction = Decimal(match["percent"]) / 100
        if not 0 < fraction < 1:
            continue
        after = re.match(r"\s*", text[match.end() :])
        at = match.end() + (after.end() if after else 0)
        whole_at = at if at < len(text) and (text[at].isdigit() or text[at] in "$€£¥") else None
        found.append(Share(match.start(), match.end(), fraction, whole_at))
    return found
