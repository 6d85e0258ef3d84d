"""The lines of a file to import, read one at a time: what `import` sees of a file's bytes."""

from __future__ import annotations

import io

import pytest

from pledgetrack.errors import FileProblemError, ImportRowError
from pledgetrack.formats.lines import TextLines

BOM = b"\xef\xbb\xbf"


def lines_of(data: bytes) -> list[str]:
    return list(TextLines(io.BytesIO(data), "f.csv"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b\n1,2\n", ["a,b\n", "1,2\n"]),
        (b"a,b\r\n1,2", ["a,b\r\n", "1,2"]),
        (b"a,b\r1,2\r", ["a,b\r", "1,2\r"]),  # an old Mac file
        (BOM + b"a,b\n", ["a,b\n"]),
        ("título,ação\n".encode(), ["título,ação\n"]),
        (b"", []),
    ],
)
def test_lines_as_written(data: bytes, expected: list[str]) -> None:
    assert lines_of(data) == expected


def test_reading_ahead_to_tell_json_from_csv_loses_nothing() -> None:
    lines = TextLines(io.BytesIO(BOM + b'\n  \n  {"a": 1}\n'), "f.json")
    assert lines.first_text().startswith("{")
    assert lines.rest() == '\n  \n  {"a": 1}\n'
    cr_only = TextLines(io.BytesIO(b"title,actor\rA,Mexico\r"), "f.csv")
    assert cr_only.first_text() == "title,actor\r"
    assert list(cr_only) == ["title,actor\r", "A,Mexico\r"]


def test_bytes_read_grow_with_the_lines_read() -> None:
    data = b"a,b\n" + b"x,y\n" * 1000
    lines = TextLines(io.BytesIO(data), "f.csv")
    seen = iter(lines)
    next(seen)
    assert lines.bytes_read < 100  # one line read, not the whole file
    assert sum(1 for _ in seen) == 1000
    assert lines.bytes_read == len(data)


def test_a_byte_that_is_not_utf8_is_named_by_line_and_column_wherever_it_is() -> None:
    data = b"a,b\n" + b"x,y\n" * 4998 + b"ab,caf\xe9\n"
    with pytest.raises(ImportRowError, match=r"^f\.csv line 5000, column 7: byte 0xE9 "):
        lines_of(data)
    with pytest.raises(ImportRowError, match=r"^f\.csv line 1, column 2: byte 0xFF "):
        lines_of(BOM + b"a\xff\n")  # the mark is not counted as columns
    with pytest.raises(ImportRowError, match=r"^f\.csv line 2, column 11: byte 0xE9 "):
        lines_of("a,b\ntítulo,caf".encode() + b"\xe9\n")  # columns are characters, not bytes
    with pytest.raises(ImportRowError, match=r"^f\.csv line 3, column 5: byte 0xE9 "):
        lines_of(b"a,b\rx,y\rab,c\xe9\r")  # an old Mac file is numbered line by line too


class FailingDisk(io.BytesIO):
    """A file whose second line cannot be read."""

    def readline(self, size: int | None = -1) -> bytes:
        if self.tell() > 0:
            raise OSError(5, "Input/output error")
        return super().readline(size)


def test_a_file_that_fails_while_read_is_an_error_naming_it() -> None:
    with pytest.raises(FileProblemError, match=r"^cannot read f\.csv: Input/output error$"):
        list(TextLines(FailingDisk(b"a,b\n1,2\n"), "f.csv"))
