"""A file to import, read as UTF-8 text one line at a time, so a large CSV is never held whole.

A byte-order mark is dropped; a byte that is not UTF-8 stops the import with its line and column,
and so does a line longer than `MAX_LINE_CHARS`, which is read no further (a file with no line
breaks, such as /dev/zero, would otherwise be read into memory without end).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO

from pledgetrack.errors import FileProblemError, ImportRowError

MAX_LINE_CHARS = 16 * 1024 * 1024
"""The most characters a line of a CSV to import may hold, its line break not counted, and a
cell too; the CSV writer refuses a longer line or cell, so every CSV pledgetrack writes it reads
back (docs/formats.md#line-length)."""

# A UTF-8 character takes at most 4 bytes, and a line break 2: a piece this long that is still
# not a whole line holds more than MAX_LINE_CHARS characters.
_PIECE_BYTES = 4 * MAX_LINE_CHARS + 3
_PEEK_BYTES = 4096  # enough of a line to tell JSON from CSV by


class TextLines:
    """The lines of a binary stream, decoded as they are read, and how many bytes that took.

    `first_text()` reads ahead to the first line with something on it (an import tells JSON from
    CSV by it); iterating then starts again from the first line, and `rest()` returns everything
    as one text, for a JSON document, which has to be parsed whole anyway (and so has no limit
    on its lines: a long note is one line of JSON).
    """

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.name = name
        self.bytes_read = 0
        self._stream = stream
        self._number = 0
        self._ahead: list[bytes] = []
        self._lines = self._split()  # one generator: a line split in pieces is never lost

    def first_text(self) -> str:
        """The start of the first line that is not blank, without its leading white space ('' if
        none). A byte that is not UTF-8 is left out here, and named when its line is read."""
        for raw in self._ahead:
            if text := _start(raw):
                return text
        for raw in self._lines:
            self._ahead.append(raw)
            if text := _start(raw):
                return text
        return ""

    def __iter__(self) -> Iterator[str]:
        ahead, self._ahead = self._ahead, []
        for raw in ahead:
            yield self._decode(raw)
        for raw in self._lines:
            yield self._decode(raw)

    def rest(self) -> str:
        """Every line not yet iterated, as one text, however long its lines."""
        ahead, self._ahead = self._ahead, []
        data = b"".join([*ahead, *self._lines])
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            start = data.rfind(b"\n", 0, error.start) + 1
            line = self._number + data.count(b"\n", 0, error.start) + 1
            raise self._not_utf8(data[start : error.start + 1], error.start - start, line) from None

    def _split(self) -> Iterator[bytes]:
        """The file's lines as bytes: each ends with LF, or, in a file whose first line has no
        LF, with CR alone (an old Mac file); a line too long to be one comes as a piece of
        `_PIECE_BYTES` that ends no line."""
        first = self._read(_PIECE_BYTES)
        if first.startswith(codecs.BOM_UTF8):
            first = first[len(codecs.BOM_UTF8) :]
        if first.endswith(b"\n") or b"\r" not in first:
            raw = first
            while raw:
                yield raw
                raw = self._read(_PIECE_BYTES)
            return
        rest = b""  # an old Mac file: split at each CR, the last piece waits for the next read
        raw = first
        while raw:
            *lines, rest = (rest + raw).split(b"\r")
            yield from (line + b"\r" for line in lines)
            if len(rest) >= _PIECE_BYTES:
                yield rest
                rest = b""
            raw = self._read(_PIECE_BYTES)
        if rest:
            yield rest

    def _read(self, limit: int) -> bytes:
        """One line's bytes, or `limit` of them; a failing disk is an error naming the file, not
        a crash."""
        try:
            raw = self._stream.readline(limit)
        except OSError as error:
            raise FileProblemError(f"cannot read {self.name}: {error.strerror}") from None
        self.bytes_read += len(raw)
        return raw

    def _decode(self, raw: bytes) -> str:
        """One line's text; an error names the line, and the column as an editor counts it."""
        self._number += 1
        if len(raw) >= _PIECE_BYTES:
            raise self._too_long()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise self._not_utf8(raw, error.start, self._number) from None
        if len(text) > MAX_LINE_CHARS:
            ending = 2 if text.endswith("\r\n") else 1 if text.endswith(("\n", "\r")) else 0
            if len(text) - ending > MAX_LINE_CHARS:
                raise self._too_long()
        return text

    def _too_long(self) -> ImportRowError:
        return ImportRowError(
            f"{self.name} line {self._number}: a line longer than {MAX_LINE_CHARS:,} "
            "characters, more than pledgetrack reads in a CSV; is it the file you meant?"
        )

    def _not_utf8(self, raw: bytes, start: int, line: int) -> ImportRowError:
        column = len(raw[:start].decode("utf-8")) + 1
        return ImportRowError(
            f"{self.name} line {line}, column {column}: byte "
            f"0x{raw[start]:02X} is not UTF-8 text; save the file as UTF-8"
        )


def _start(raw: bytes) -> str:
    """The start of a line without its leading white space, to tell JSON from CSV by."""
    return raw.lstrip()[:_PEEK_BYTES].decode("utf-8", "ignore").lstrip()
