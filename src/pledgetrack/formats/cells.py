"""How text sits in a CSV cell and is read back from it (docs/formats.md#csv): the spreadsheet
guard.

Every CSV writer goes through `guard`, and import through `unguard`, so that an export imports
back unchanged. Pure text; knows nothing of records.
"""

from __future__ import annotations

GUARD = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A text's own leading ' is guarded too, or import would take it for the guard and drop it.
_GUARDED = (*FORMULA_STARTS, GUARD)


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
