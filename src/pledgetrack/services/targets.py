"""A pledge's target as it comes in — typed (`add --target`, `edit --target`), a CSV's `target`,
`unit` and `target_*` cells, or a whole-ledger record — read with its wording (qualifier, range,
rate, the text as written) and checked the same way each time (docs/reading.md#amounts).

Every error is an InputError naming the field it is about, so an import names the column. Pure:
no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pledgetrack.domain.amount_reader import read_amount
from pledgetrack.domain.amounts import (
    MAX_UNITS,
    describe_reading,
    format_plain,
    target_reading,
    to_milli,
)
from pledgetrack.domain.model import AmountReading, NewPledge, Qualifier, Rate
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError

E = TypeVar("E", Qualifier, Rate)


@dataclass(frozen=True)
class TargetCells:
    """A CSV's cells beside `target` and `unit`, as typed: the target as written, a range's high
    end, the qualifier and the rate; None where a cell is empty."""

    text: str | None = None
    high: str | None = None
    qualifier: str | None = None
    rate: str | None = None


def read_target(
    typed: str | None, *, plain: bool = False, cells: TargetCells | None = None
) -> AmountReading | None:
    """The target read with its wording, or None for none. `plain` reads `typed` as a CSV's
    number and unit cells (`domain.amount_reader.read_amount`); `cells.text`, the target as
    written, is read as typed and the other cells must say what it says."""
    cells = cells or TargetCells()
    base = None
    if typed is not None:
        base = _read(typed, "target", plain=plain)
        if plain:  # cells, not words as written
            base = replace(base, text="")
    if cells.text is not None:
        written = _read(cells.text, "target_text", plain=False)
        _agrees(written, base, cells)
        return written
    if base is None:
        given = next((f for f in ("high", "qualifier", "rate") if getattr(cells, f)), None)
        if given is not None:
            raise InputError(
                f"the target_{given} cell needs a target (the target and unit cells, or "
                "target_text)",
                field=f"target_{given}",
            )
        return None
    return _with_cells(base, cells)


def _read(text: str, field: str, *, plain: bool) -> AmountReading:
    try:
        read = read_amount(text, plain=plain)
        to_milli(read.amount.value)
        if read.high is not None:
            to_milli(read.high)
    except InputError as error:
        error.field = error.field or field
        raise
    return read


def _cells_say(cells: TargetCells, unit: str) -> dict[str, Any]:
    """What the `target_high`, `target_qualifier` and `target_rate` cells say, by field."""
    said: dict[str, Any] = {}
    if cells.high is not None:
        try:
            high = read_amount(cells.high, plain=True, default_unit=unit).amount
        except InputError as error:
            error.field = "target_high"
            raise
        if high.unit != unit:
            raise InputError(
                f"the range's high end {quoted(cells.high)} is in {high.unit}, the target in "
                f"{unit}",
                field="target_high",
            )
        said["target_high"] = high.value
    if cells.qualifier is not None:
        said["target_qualifier"] = _choice(cells.qualifier, Qualifier, "target_qualifier")
    if cells.rate is not None:
        said["target_rate"] = _choice(cells.rate, Rate, "target_rate")
    return said


_READING_FIELDS = {"target_high": "high", "target_qualifier": "qualifier", "target_rate": "rate"}


def _with_cells(base: AmountReading, cells: TargetCells) -> AmountReading:
    """The target of a CSV's `target` and `unit` with its `target_high`, `target_qualifier` and
    `target_rate` cells (which a target written with its own wording must agree with)."""
    said = _cells_say(cells, base.amount.unit)
    for field, value in said.items():
        before = getattr(base, _READING_FIELDS[field])
        if before is not None and before != value:
            raise InputError(
                f"{quoted(base.text)} says {before}, the {field} cell {value}: give one",
                field=field,
            )
    return replace(base, **{_READING_FIELDS[f]: v for f, v in said.items()})


def _agrees(written: AmountReading, base: AmountReading | None, cells: TargetCells) -> None:
    """Refuse cells that say otherwise than the target as written (a CSV edited by hand)."""
    said = _cells_say(cells, written.amount.unit)
    if base is not None:
        said["target"] = base.amount
    for field, value in said.items():
        right = written.amount if field == "target" else getattr(written, _READING_FIELDS[field])
        if value != right:
            raise InputError(
                f"the target_text {quoted(written.text)} reads as {describe_reading(written)}; "
                f"the {field} cell says otherwise",
                field=field,
            )


def _choice(text: str, kind: type[E], field: str) -> E:
    try:
        return kind(text.strip().lower())
    except ValueError:
        names = ", ".join(k.value for k in kind)
        raise InputError(
            f"unknown value {quoted(text)}; use one of: {names}", field=field
        ) from None


def wording_fields(reading: AmountReading | None) -> dict[str, Any]:
    """A reading's wording as the fields of a NewPledge (`target_qualifier`, ...)."""
    if reading is None:
        return {}
    return {
        "target_qualifier": reading.qualifier,
        "target_qualifier_text": reading.qualifier_text,
        "target_high": reading.high,
        "target_rate": reading.rate,
        "target_text": reading.text or None,
    }


def validate_wording(new: NewPledge) -> None:
    """Refuse a target's wording without a target, a range's high end not above its low end or
    not storable, and the words of a qualifier without the qualifier."""
    said = ("target_qualifier", "target_qualifier_text", "target_high", "target_rate")
    if new.target is None:
        given = next((f for f in (*said, "target_text") if getattr(new, f) is not None), None)
        if given is not None:
            raise InputError(f"an action pledge has no target, so no {given}", field=given)
        return
    high = new.target_high
    if high is not None:
        if not high > new.target.value:
            raise InputError(
                f"a range's high end ({format_plain(high)}) must be above its low end, the target "
                f"({format_plain(new.target.value)})",
                field="target_high",
            )
        if high > MAX_UNITS:
            raise InputError("a range's high end is over 100 trillion", field="target_high")
        to_milli(high)
    if new.target_qualifier_text is not None and new.target_qualifier is None:
        raise InputError(
            f"{quoted(new.target_qualifier_text)} is the words of no qualifier",
            field="target_qualifier",
        )


def validate_record_wording(new: NewPledge) -> None:
    """Refuse a record whose target as written, read again as `add` reads it, does not give its
    target, qualifier, range and rate."""
    validate_wording(new)
    if new.target_text is None:
        return
    kept = target_reading(new)
    read = _read(new.target_text, "target_text", plain=False)
    assert kept is not None
    for field, value, right in (
        ("target", kept.amount, read.amount),
        ("target_qualifier", kept.qualifier, read.qualifier),
        ("target_qualifier_text", kept.qualifier_text, read.qualifier_text),
        ("target_high", kept.high, read.high),
        ("target_rate", kept.rate, read.rate),
    ):
        if value != right:
            raise InputError(
                f"{quoted(new.target_text)} reads as {describe_reading(read)}, not as the record "
                "says",
                field=field,
            )
