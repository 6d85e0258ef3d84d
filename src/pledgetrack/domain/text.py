"""Making user text safe to print: escape sequences and control characters never reach a terminal.

Text is otherwise kept literally (Rich markup such as `[red]` is the CLI's concern, not this
module's). Shown in a table it is cleaned (`clean_text`, `clean_line`); quoted in a message it
is escaped (`quoted`), so the message says exactly what was typed. Pure: stdlib only, no I/O;
must not import storage, services or cli.
"""

from __future__ import annotations

import re

# ESC-initiated sequences, longest forms first: CSI (ESC [), string commands ended by BEL or ST
# (OSC ESC ], DCS ESC P, SOS ESC X, PM ESC ^, APC ESC _), then any other ESC, intermediates, final.
# The 8-bit C1 forms (CSI U+009B, OSC U+009D, ...) are read the same way. An unterminated string
# command loses only its introducer, so the text after it is still shown.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])(?:[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c))?"
    r"|\x1b[ -/]*[0-~]?"
)

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
FORBIDDEN = (
    frozenset(chr(c) for c in range(0x20) if chr(c) != "\n")
    | {"\x7f"}
    | frozenset(chr(c) for c in range(0x80, 0xA0))
    | BIDI_CONTROLS
)
_LINE_BREAKS = {ord("\n"): " ", 0x2028: " ", 0x2029: " "}
# A file name's bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape);
# they are shown as the bytes they stand for, as `ls -b` would.
_UNDECODED_BYTES = {c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)}
_TRANSLATION = {ord(c): None for c in FORBIDDEN} | {ord("\t"): " "} | _UNDECODED_BYTES


def clean_text(text: str) -> str:
    """User text without escape sequences or control characters; newlines kept, tabs as spaces."""
    if text.isprintable():  # no control, format or separator characters: nothing to take out
        return text
    return _ESCAPE_SEQUENCE.sub("", text).translate(_TRANSLATION)


def clean_line(text: str) -> str:
    """Like `clean_text`, for a one-line cell: line breaks become spaces."""
    return clean_text(text).translate(_LINE_BREAKS)


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(ch: str) -> str:
    if ch.isprintable():
        return ch
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """User text for a message, as typed, except that a character that would not show or would
    change the line (a control, an escape, a bidi control, a line break, a lone surrogate) is
    written as its escape: `5 \\u202evisas`, not `5 visas`.

    The escapes are plain printable text, so cleaning the message's line keeps them."""
    if text.isprintable():
        return text
    return "".join(_visible(ch) for ch in text)


def quoted(text: str) -> str:
    """User text for a message, `visible` and in single quotes: `'5 \\u202evisas'`."""
    return f"'{visible(text)}'"
