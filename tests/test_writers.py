"""The one writer per format: every command's `--format X` goes through the same writer, each
writer streams (a reader of the first line does not wait for the last record), and the JSON is
exactly what `json.dumps(indent=2)` would write."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from conftest import ok
from pledgetrack.formats.writers import RECORD_FORMATS, write_document, writer_for

RECORDS: list[dict[str, Any]] = [
    {"title": "Ports «of entry»", "target": Decimal("3.4E9"), "on": date(2024, 1, 2), "tags": []},
    {"title": "=SUM(A1)", "target": Decimal("0.125"), "on": None, "tags": ["a", "b"]},
]
COLUMNS = ("title", "target", "on", "tags")


class Stop(Exception):
    """Raised by the record stream after its first record."""


def first_then_fail() -> Iterator[dict[str, Any]]:
    yield RECORDS[0]
    raise Stop


@pytest.mark.parametrize("fmt", RECORD_FORMATS)
def test_each_writer_writes_a_record_before_the_next_is_read(fmt: str) -> None:
    out = io.StringIO()
    with pytest.raises(Stop):
        writer_for(fmt).write(out, COLUMNS, first_then_fail())
    assert "Ports «of entry»" in out.getvalue()


def test_json_is_byte_for_byte_json_dumps() -> None:
    out = io.StringIO()
    writer_for("json").write(out, COLUMNS, RECORDS)
    expected = [
        {"title": "Ports «of entry»", "target": 3400000000, "on": "2024-01-02", "tags": []},
        {"title": "=SUM(A1)", "target": 0.125, "on": None, "tags": ["a", "b"]},
    ]
    assert out.getvalue() == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    empty = io.StringIO()
    writer_for("json").write(empty, COLUMNS, [])
    assert empty.getvalue() == "[]\n"


def test_the_whole_ledger_document_is_json_dumps_of_its_sections() -> None:
    out = io.StringIO()
    nested = {"title": "t", "edits": [{"field": "title", "old": "a", "new": "b"}]}
    write_document(out, {"format": "x", "version": 1}, [("pledges", [nested]), ("updates", [])])
    document = {"format": "x", "version": 1, "pledges": [nested], "updates": []}
    assert out.getvalue() == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def test_ndjson_is_one_object_a_line_and_nothing_for_no_records() -> None:
    out = io.StringIO()
    writer_for("ndjson").write(out, COLUMNS, RECORDS)
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Ports «of entry»", "=SUM(A1)"]
    empty = io.StringIO()
    writer_for("ndjson").write(empty, COLUMNS, [])
    assert empty.getvalue() == ""


def test_csv_and_markdown_write_the_columns_in_order() -> None:
    csv_out, md_out = io.StringIO(), io.StringIO()
    writer_for("csv").write(csv_out, COLUMNS, RECORDS)
    writer_for("markdown").write(md_out, COLUMNS, RECORDS)
    assert csv_out.getvalue().splitlines() == [
        "title,target,on,tags",
        "Ports «of entry»,3400000000,2024-01-02,",
        "'=SUM(A1),0.125,,a;b",
    ]
    assert md_out.getvalue().splitlines()[2] == "| Ports «of entry» | 3400000000 | 2024-01-02 |  |"


def test_report_list_search_and_export_write_the_same_csv() -> None:
    ok("add", "Ports of entry", "--by", "US", "--target", "$3.4 billion", "--due", "2026")
    ok("add", "=HYPERLINK(1)", "--by", "Mexico", "--target", "20,000 refugees")
    as_of = ("--as-of", "2026-06-01")
    exported = ok("export", *as_of).stdout
    assert ok("list", "--format", "csv", *as_of).stdout == exported
    assert ok("report", "--format", "csv", "--sort", "id", *as_of).stdout == exported
    searched = ok("search", "Ports", "--format", "csv", *as_of).stdout
    assert searched.splitlines() == exported.splitlines()[:2]


def test_show_in_ndjson_is_the_json_document_on_one_line() -> None:
    ok(
        "add",
        "Ports of entry",
        "--by",
        "US",
        "--target",
        "$3.4 billion",
        "--announced",
        "2022-01-01",
    )
    ok("update", "1", "--on", "2023-01-01", "--amount", "$1 billion", "--note", "first")
    document = json.loads(ok("show", "1", "--format", "json").stdout)
    line = ok("show", "1", "--format", "ndjson").stdout
    assert line.count("\n") == 1
    assert json.loads(line) == document
    assert [u["note"] for u in document["updates"]] == ["first"]
    csv_lines = ok("show", "1", "--format", "csv").stdout.splitlines()
    assert len(csv_lines) == 2 and csv_lines[0].startswith("uid,id,title")


def test_every_amount_is_a_json_number_digit_for_digit() -> None:
    exact = Decimal("99999999999999.125")  # more digits than a float keeps
    for fmt in ("json", "ndjson"):
        out = io.StringIO()
        writer_for(fmt).write(out, ("target",), [{"target": exact}, {"target": Decimal(5)}])
        assert "99999999999999.125" in out.getvalue() and '"99999' not in out.getvalue()
        parsed = json.loads(out.getvalue()) if fmt == "json" else None
        if parsed is not None:
            assert json.loads(out.getvalue(), parse_float=Decimal)[0]["target"] == exact
            assert parsed[1]["target"] == 5
