"""How text sits in a CSV cell and is read back from it (docs/formats.md#csv): the spreadsheet
guard and the escaping of `;`-joined lists.

Every CSV writer goes through `guard` and `join_list`, and import through `unguard` and
`split_list`, so that an export imports back unchanged. Pure text; knows nothing of records.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

GUARD = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A text's own leading ' is guarded too, or import would take it for the guard and drop it.
_GUARDED = (*FORMULA_STARTS, GUARD)
LIST_SEPARATOR = ";"
_ESCAPE = "\\"
# An escaped `\` or `;`, a separator, a run of other text, or a `\` that escapes nothing.
_LIST_TOKENS = re.compile(r"\\[\\;]|;|[^\\;]+|\\")


def guard(text: str) -> str:
    """The cell as a spreadsheet shows it rather than runs it: `'` before text that starts like a
    formula, and before text that starts with `'` itself. Give it the text exactly as it will be
    written (control characters already taken out), since that is what a spreadsheet reads."""
    return GUARD + text if text.startswith(_GUARDED) else text


def unguard(text: str) -> str:
    """The text an export guarded: one leading `'` taken off when a formula start or another `'`
    follows it (`'=x` is `=x`, `''x` is `'x`); any other `'` is the text's own."""
    if len(text) > 1 and text[0] == GUARD and text[1] in _GUARDED:
        return text[1:]
    return text


def join_list(items: Iterable[str]) -> str:
    """Items in one cell, separated by `;`: a `\\` in an item is written `\\\\` and a `;` is
    written `\\;`, so that `split_list` gives the same items back."""
    return LIST_SEPARATOR.join(
        item.replace(_ESCAPE, _ESCAPE * 2).replace(LIST_SEPARATOR, _ESCAPE + LIST_SEPARATOR)
        for item in items
    )


def split_list(text: str) -> list[str]:
    """The items of a `;`-joined cell: split at each `;` not escaped by `\\`, then `\\;` read as
    `;` and `\\\\` as `\\`; a `\\` before anything else is kept as typed (`C:\\docs`)."""
    if _ESCAPE not in text:
        return text.split(LIST_SEPARATOR)
    items: list[str] = []
    item: list[str] = []
    for token in _LIST_TOKENS.findall(text):
        if token == LIST_SEPARATOR:
            items.append("".join(item))
            item = []
        else:
            item.append(token[1] if len(token) == 2 and token[0] == _ESCAPE else token)
    items.append("".join(item))
    return items
