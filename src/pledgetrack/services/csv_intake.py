"""CSV rows read as what they record: a pledge row as `add` reads what is typed, an update row
as `update` does (services.intake, services.update_intake), each error naming the row's line and
the column it was read from. The columns are those of docs/formats.md; computed columns are
ignored. services.import_ runs the import; this module reads one row at a time.
"""

from __future__ import annotations

from datetime import date

from pledgetrack.domain.exchange import RateBook
from pledgetrack.domain.model import (
    Deadline,
    Mode,
    NewPledge,
    NewUpdate,
    Pledge,
    Precision,
    SourceRef,
    parse_source,
)
from pledgetrack.domain.text import quoted
from pledgetrack.errors import InputError
from pledgetrack.formats.csv_rows import CsvRow
from pledgetrack.services.intake import (
    PledgeText,
    parse_day,
    parse_new_pledge,
    reading,
    with_deadline,
)
from pledgetrack.services.record_checks import validate_timestamp
from pledgetrack.services.targets import TargetCells
from pledgetrack.services.update_intake import UpdateText, parse_new_update, void_note


def void_from_row(row: CsvRow) -> tuple[str, str] | None:
    """An update row's void as (voided_at, note), both or neither; None when not voided."""
    voided_at, note = row.get("voided_at"), row.get("void_note")
    if voided_at is None and note is None:
        return None
    if voided_at is None:
        raise row.fail("voided_at", "a void_note without the time it was voided (voided_at)")
    with row_cells(row, {"note": "void_note"}):
        validate_timestamp(voided_at, "voided_at")
        return voided_at, void_note(note)


def short_id(text: str) -> int | None:
    """A pledge id as `show ID` reads it; None for what is no id (`-1`, `²`, `1.5`)."""
    if not text.isdigit():
        return None
    try:
        return int(text)
    except ValueError:  # digits int() does not read: superscripts and the like
        return None


class row_cells:  # named as a function: `with row_cells(row, columns):`
    """Name the row's line and column in any reading error: `columns` maps the field an error
    names to the column it was read from. (A class, as `intake.reading` is: it is entered for
    every row.)"""

    __slots__ = ("columns", "row")

    def __init__(self, row: CsvRow, columns: dict[str, str]) -> None:
        self.row, self.columns = row, columns

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: object
    ) -> None:
        if isinstance(error, InputError):
            field = error.field or "title"
            raise self.row.fail(self.columns.get(field, field), str(error)) from None


def _sources(row: CsvRow) -> tuple[SourceRef, ...]:
    return tuple(parse_source(s) for s in row.items("sources"))


def _with_unit(number: str | None, unit: str | None) -> str | None:
    """A number cell with its unit cell, read as pledgetrack writes them (`plain`)."""
    return f"{number} {unit}" if number is not None and unit else number


def pledge_from_row(row: CsvRow, *, today: date) -> NewPledge:
    """A pledge CSV row as a NewPledge, read like `add`; computed columns are ignored.

    The deadline is read from its phrase as written (kept), else from the ISO date; an ISO date
    beside a phrase wins for the date itself, since the phrase may have been read with another
    fiscal year.
    """
    phrase = row.get("deadline_phrase")
    on = row.get("deadline")
    columns = {"deadline": "deadline_phrase" if phrase is not None else "deadline"}
    typed = PledgeText(
        title=row.get("title"),
        actor=row.get("actor"),
        recipients=tuple(row.items("recipient")),
        target=_with_unit(row.get("target"), row.get("unit")),
        plain_target=bool(row.get("unit")),
        target_cells=TargetCells(
            text=row.get("target_text"),
            high=row.get("target_high"),
            qualifier=row.get("target_qualifier"),
            rate=row.get("target_rate"),
        ),
        due=phrase if phrase is not None else on,
        announced=row.get("announced_on"),
        event=row.get("event"),
        quote=row.get("quote"),
        note=row.get("note"),
        counts=row.get("counts"),
        tags=tuple(row.items("tags")),
        sources=_sources(row),
    )
    with row_cells(row, columns):
        new = parse_new_pledge(typed, today=today)
    read = new.deadline
    if phrase is not None and on is not None and read is not None and read.on is not None:
        with row_cells(row, {"deadline": "deadline", "deadline_precision": "deadline_precision"}):
            exact = parse_day(on, "deadline", today=today)
            precision = read.precision
            if row.get("deadline_precision") is not None:
                with reading("deadline_precision"):
                    precision = _precision(row.get("deadline_precision") or "")
            deadline = Deadline(on=exact, precision=precision, basis=read.basis, phrase=read.phrase)
            new = with_deadline(new, deadline, today=today)
    return new


def _precision(text: str) -> Precision:
    try:
        return Precision(text.lower())
    except ValueError:
        names = ", ".join(p.value for p in Precision)
        raise InputError(
            f"unknown deadline precision {quoted(text)}; use one of: {names}"
        ) from None


def update_from_row(
    row: CsvRow, pledge: Pledge, *, today: date, rates: RateBook
) -> tuple[str | None, NewUpdate]:
    """An update CSV row as (recorded_at or None, NewUpdate), read and checked like
    `update`; its `mode` says whether the amount is an increment or a running total."""
    if row.get("happened_on") is None:
        raise row.fail("happened_on", "an update needs the date it happened")
    amount = _with_unit(row.get("amount"), row.get("unit"))
    mode = row.get("mode")
    if mode is not None and mode.lower() not in (m.value for m in Mode):
        raise row.fail("mode", f"unknown mode {quoted(mode)}; use increment or total")
    if amount is None and mode is not None:
        raise row.fail("mode", "a mode without an amount")
    total = mode is not None and Mode(mode.lower()) is Mode.TOTAL
    typed = UpdateText(
        on=row.get("happened_on"),
        amount=None if total else amount,
        total=amount if total else None,
        stage=row.get("stage"),
        verdict=row.get("status"),
        note=row.get("note"),
        quote=row.get("quote"),
        sources=_sources(row),
        plain_amount=amount is not None and bool(row.get("unit")),
    )
    recorded_at = row.get("recorded_at")
    with row_cells(row, {}):
        new = parse_new_update(typed, pledge, today=today, rates=rates)
        if recorded_at is not None:
            validate_timestamp(recorded_at, "recorded_at")
    return recorded_at, new
