"""Reading the whole-ledger JSON document (`export --what all --format json`) back as records:
the text parsed strictly, each record's fields typed, every error naming the file, the record and
the field (docs/formats.md#whole-ledger-document).

Text in, plain values out (text, whole numbers, Decimal, ISO dates, enums); whether the values
make a pledge is for services.intake to say. Pure: no I/O, no storage.
"""

from __future__ import annotations

import contextlib
import enum
import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from pledgetrack.domain.model import SourceRef
from pledgetrack.domain.text import quoted, visible
from pledgetrack.errors import ImportRowError, InputError

# The fields each kind of record may have; any other is refused rather than dropped.
FIELDS = {
    "document": ("format", "version", "actors", "events", "rates", "pledges", "updates"),
    "actors": ("name", "key", "aliases"),
    "aliases": ("name", "key"),
    "events": ("name", "key", "held_on", "place"),
    "rates": ("uid", "base", "counter", "rate", "valid_on", "source", "note", "recorded_at"),
    "pledges": (
        "uid", "id", "title", "actor", "recipient", "event", "kind", "target", "unit",
        "target_qualifier", "target_qualifier_text", "target_high", "target_rate", "target_text",
        "counts", "deadline", "deadline_precision", "deadline_basis", "deadline_phrase",
        "announced_on", "quote", "note", "created_at", "parent_uid", "tags", "sources", "edits",
    ),
    "sources": ("url", "citation", "quote"),
    "edits": ("edited_at", "field", "old", "new"),
    "updates": (
        "uid", "pledge_uid", "happened_on", "recorded_at", "stage", "amount", "unit", "mode",
        "verdict", "note", "quote", "sources", "void",
    ),
    "void": ("uid", "voided_at", "note"),
}  # fmt: skip
_NOUNS = {
    "document": "the document", "actors": "an actor", "aliases": "an alias", "events": "an event",
    "rates": "a rate",
    "pledges": "a pledge", "sources": "a source", "edits": "an edit", "updates": "an update",
    "void": "a void",
}  # fmt: skip

# No number pledgetrack writes is longer (an amount has at most 15 digits before its point and 3
# after); refusing longer ones as they are read also keeps Python's reader of whole numbers off
# its 4,300-digit limit.
MAX_NUMBER_LENGTH = 40
_NUMBER_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

E = TypeVar("E", bound=enum.Enum)


class _NotJson(Exception):
    """A value json.loads would take but the document may not hold (NaN, an endless number)."""


def _too_long(text: str) -> str | None:
    """Why a number written `text` is refused, if it is: longer than any field holds."""
    if len(text) <= MAX_NUMBER_LENGTH:
        return None
    return f"a number {len(text):,} characters long; no field holds one"


def _whole(text: str) -> int:
    if why := _too_long(text):
        raise _NotJson(why)
    return int(text)


def _decimal(text: str) -> Decimal:
    if why := _too_long(text):
        raise _NotJson(why)
    return Decimal(text)


def _constant(text: str) -> Any:
    raise _NotJson(f"{text} is not a number JSON allows; write a number, or null")


# One decoder for every line of an NDJSON document: json.loads would build one a line.
_DECODER = json.JSONDecoder(parse_int=_whole, parse_float=_decimal, parse_constant=_constant)


def load_document(text: str, name: str) -> Any:
    """The JSON text as Python values: numbers as int or Decimal, never float; NaN, Infinity
    and numbers longer than any field holds are refused, as is nesting too deep to read."""
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise ImportRowError(
            f"{name} line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"
        ) from None
    except _NotJson as error:
        raise ImportRowError(f"{name}: {error}") from None
    except RecursionError:
        raise ImportRowError(f"{name}: JSON nested too deeply") from None


def load_ledger_text(text: str, name: str) -> Any:
    """A whole-ledger export as Python values, from either of its forms: one JSON document, or
    one record a line (a header line, then `{"section": record}` lines)."""
    first, _, rest = text.partition("\n")
    if rest.strip():
        try:
            header = json.loads(first)
        except ValueError:
            header = None
        if isinstance(header, dict) and "format" in header and set(header) <= HEADER:
            return _from_lines(text.splitlines(), name)
    return load_document(text, name)


HEADER = frozenset({"format", "version"})


def _from_lines(lines: list[str], name: str) -> dict[str, Any]:
    document: dict[str, Any] = dict(load_document(lines[0], name))
    sections = [key for key in FIELDS["document"] if key not in HEADER]
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        record = load_document(line, f"{name} line {number}")
        if not isinstance(record, dict) or len(record) != 1 or next(iter(record)) not in sections:
            raise ImportRowError(
                f'{name} line {number}: expected one record as {{"SECTION": {{...}}}}, SECTION '
                f"one of {', '.join(sections)}"
            )
        ((section, value),) = record.items()
        document.setdefault(section, []).append(value)
    return document


def described(value: Any) -> str:
    """What a JSON value is, in JSON's words, for an error."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return "a number"
    if isinstance(value, str):
        return f"text {quoted(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


class LedgerRecord:
    """One record of a section, with typed getters whose errors name file, record and field."""

    def __init__(
        self, name: str, label: str, value: Any, kind: str, *, within: str | None = None
    ) -> None:
        """Record `value` of file `name`, labelled `label` (`pledges record 3`; empty for the
        document itself; `within` names the record it is part of), of `kind`: the key of its
        fields in FIELDS."""
        self.name = name
        self.where = f"{within}, {label}" if within else f"{name} {label}" if label else name
        if not isinstance(value, dict):
            raise ImportRowError(f"{self.where}: expected an object, found {described(value)}")
        self.data: dict[str, Any] = value
        uid = value.get("uid")
        if isinstance(uid, str):
            self.where += f" (uid {visible(uid)})"
        for field in value:
            if field not in FIELDS[kind]:
                raise self.fail(
                    str(field),
                    f"not a field of {_NOUNS[kind]}, which has {', '.join(FIELDS[kind])}",
                )

    def nested(self, field: str, index: int, value: Any) -> LedgerRecord:
        """Record `index` of the list in `field` (an alias, a source, an edit)."""
        label = f"{field} record {index + 1}"
        return LedgerRecord(self.name, label, value, field, within=self.where)

    def fail(self, field: str, why: str) -> ImportRowError:
        """The error naming this record's file, record and field."""
        return ImportRowError(f"{self.where}, field {visible(field)}: {why}")

    @contextlib.contextmanager
    def rules(self, renamed: dict[str, str] | None = None) -> Iterator[None]:
        """Name this record and the field in any rule the values break (an InputError of
        services.intake); `renamed` maps the field an error names to the record's."""
        try:
            yield
        except InputError as error:
            field = error.field or "uid"
            raise self.fail((renamed or {}).get(field, field), str(error)) from None

    def text(self, field: str, *, required: bool = False) -> str | None:
        """A text field, or None when it is null or absent."""
        value = self.data.get(field)
        if value is None:
            if required:
                raise self.fail(field, "missing")
            return None
        return self._text(field, value)

    def _text(self, field: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail(field, f"expected text, found {described(value)}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # JSON can write half of a surrogate pair; no text holds one
            raise self.fail(field, f"{quoted(value)} holds half of a surrogate pair") from None
        return value

    def need(self, field: str) -> str:
        """A text field that must be there."""
        value = self.text(field, required=True)
        assert value is not None
        return value

    def uid(self, field: str = "uid") -> str:
        """A uid: text that is neither blank nor padded with spaces."""
        value = self.need(field)
        if not value.strip() or value != value.strip():
            raise self.fail(field, f"{quoted(value)} is not a uid (blank, or spaces around it)")
        return value

    def number(self, field: str) -> Decimal | None:
        """An exact number: a JSON number, or a decimal written as text; None when null."""
        value = self.data.get(field)
        if value is None:
            return None
        if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
            if why := _too_long(value):
                raise self.fail(field, why)
            return Decimal(value)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(field, f"expected a number, found {described(value)}")
        return Decimal(value)

    def whole(self, field: str, low: int, high: int) -> int | None:
        """A whole number from low to high, or None when null or absent."""
        value = self.data.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, f"expected a whole number, found {described(value)}")
        if not low <= value <= high:
            raise self.fail(field, f"{value} is not from {low} to {high:,}")
        return value

    def day(self, field: str) -> date | None:
        """An ISO date, YYYY-MM-DD, or None when null or absent."""
        value = self.text(field)
        if value is None:
            return None
        try:
            if _ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        raise self.fail(field, f"expected an ISO date (2024-09-30), found {quoted(value)}")

    def choice(self, field: str, enum_type: type[E]) -> E | None:
        """One of an enum's values, as stored, or None when null or absent."""
        value = self.text(field)
        if value is None:
            return None
        try:
            return enum_type(value)
        except ValueError:
            names = ", ".join(str(e.value) for e in enum_type)
            raise self.fail(field, f"unknown value {quoted(value)}; use one of: {names}") from None

    def items(self, field: str) -> list[Any]:
        """A list field; empty when null or absent."""
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(field, f"expected a list, found {described(value)}")
        return value

    def texts(self, field: str) -> tuple[str, ...]:
        """A list of text (tags)."""
        return tuple(self._text(field, value) for value in self.items(field))

    def names(self, field: str) -> tuple[str, ...]:
        """A list of names (a pledge's recipients); one name as text, as exports before format
        version 3 wrote a pledge's one recipient, is a list of one; none when null."""
        value = self.data.get(field)
        return (self._text(field, value),) if isinstance(value, str) else self.texts(field)

    def void(self) -> LedgerRecord | None:
        """The record's void (uid, voided_at, note), or None when it was not voided."""
        value = self.data.get("void")
        return (
            None
            if value is None
            else LedgerRecord(self.name, "void", value, "void", within=self.where)
        )

    def sources(self) -> tuple[SourceRef, ...]:
        """The sources: url, citation and quote, each text or null."""
        found = []
        for index, item in enumerate(self.items("sources")):
            source = self.nested("sources", index, item)
            found.append(
                SourceRef(source.text("url"), source.text("citation"), source.text("quote"))
            )
        return tuple(found)


def section(document: dict[str, Any], key: str, name: str) -> list[Any]:
    """One of the document's lists of records; empty when absent."""
    value = document.get(key, [])
    if not isinstance(value, list):
        raise ImportRowError(f"{name}: {key} is {described(value)}, not a list of records")
    return value
