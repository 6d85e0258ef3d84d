"""A file to import, read as UTF-8 text one line at a time, so a large CSV is never held whole.

A byte-order mark is dropped; a byte that is not UTF-8 stops the import with its line and column.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO

from pledgetrack.errors import FileProblemError, ImportRowError


class TextLines:
    """The lines of a binary stream, decoded as they are read, and how many bytes that took.

    `first_text()` reads ahead to the first line with something on it (an import tells JSON from
    CSV by it); iterating then starts again from the first line, and `rest()` returns everything
    as one text, for a JSON document, which has to be parsed whole anyway.
    """

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.name = name
        self.bytes_read = 0
        self._stream = stream
        self._number = 0
        self._ahead: list[str] = []
        self._lines = self._decoded()  # one generator: a line split in pieces is never lost

    def first_text(self) -> str:
        """The first line that is not blank, without its leading white space ('' if none)."""
        for text in self._ahead:
            if text.strip():
                return text.lstrip()
        for text in self._lines:
            self._ahead.append(text)
            if text.strip():
                return text.lstrip()
        return ""

    def __iter__(self) -> Iterator[str]:
        ahead, self._ahead = self._ahead, []
        yield from ahead
        yield from self._lines

    def rest(self) -> str:
        """Every line not yet iterated, as one text."""
        return "".join(self)

    def _decoded(self) -> Iterator[str]:
        for raw in self._raw():
            self.bytes_read += len(raw)
            if self._number == 0:
                if raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                if not raw.endswith(b"\n") and b"\r" in raw:
                    # No LF in the whole file: an old Mac file, whose lines end with CR alone.
                    *pieces, last = raw.split(b"\r")
                    yield from (self._decode(piece + b"\r") for piece in pieces)
                    if last:
                        yield self._decode(last)
                    continue
            yield self._decode(raw)

    def _raw(self) -> Iterator[bytes]:
        """The file's lines as bytes; a failing disk is an error naming the file, not a crash."""
        lines = iter(self._stream)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                return
            except OSError as error:
                raise FileProblemError(f"cannot read {self.name}: {error.strerror}") from None
            yield raw

    def _decode(self, raw: bytes) -> str:
        """One line's text; an error names the line, and the column as an editor counts it."""
        self._number += 1
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            column = len(raw[: error.start].decode("utf-8")) + 1
            raise ImportRowError(
                f"{self.name} line {self._number}, column {column}: byte "
                f"0x{raw[error.start]:02X} is not UTF-8 text; save the file as UTF-8"
            ) from None
