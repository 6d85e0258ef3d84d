"""One formatter per `--format`, picked once by `formatter_for` and handed each command's result.

`table` renders Rich views for the terminal; `markdown` writes text tables; `json`, `ndjson` and
`csv` hand records to their writer in `formats.writers`, which streams them to stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pledgetrack.domain.choices import parse_choice

if TYPE_CHECKING:
    from pledgetrack.domain.exchange import ExchangeRate
    from pledgetrack.domain.extraction.candidate import Candidate
    from pledgetrack.domain.model import PledgeState
    from pledgetrack.domain.tallies import Report, Summary
    from pledgetrack.formats.writers import RecordWriter
    from pledgetrack.services.pledge_views import PledgeDetail

FORMATS = ("table", "json", "ndjson", "csv", "markdown")


class Formatter(Protocol):
    """Prints the result of one command in one format."""

    def pledges(self, states: Iterable[PledgeState]) -> None:
        """`list` and `search`: pledges, one a row."""
        ...

    def report(self, report: Report) -> None:
        """`report`: the pledges shown, then the counts and totals of all selected."""
        ...

    def summary(self, summary: Summary) -> None:
        """`summary`: one scorecard per group."""
        ...

    def detail(self, detail: PledgeDetail) -> None:
        """`show`: one pledge with its timeline."""
        ...

    def rates(self, rates: Sequence[tuple[ExchangeRate, ExchangeRate | None]]) -> None:
        """`rate list`: each rate recorded, with the later one replacing it, if any."""
        ...

    def candidates(self, found: Sequence[tuple[str, Sequence[Candidate]]]) -> None:
        """`extract`: the candidate pledges of each text, by its file name."""
        ...


class TableFormatter:
    """Rich tables sized to the terminal."""

    def pledges(self, states: Iterable[PledgeState]) -> None:
        """The `list` table, printed a chunk at a time as the pledges are read; one line when
        nothing matches."""
        from pledgetrack.cli.list_view import list_view
        from pledgetrack.cli.output import emit, literal, stdout_console

        empty = True
        for part in list_view(states, stdout_console().width):
            emit(part)
            empty = False
        if empty:
            emit(literal("No pledges match."))

    def report(self, report: Report) -> None:
        """The report view for this terminal's width."""
        from pledgetrack.cli.output import emit, literal, stdout_console
        from pledgetrack.cli.report_view import report_view

        if not report.states:
            emit(literal(f"No pledges match (as of {report.as_of_text})."))
        else:
            emit(report_view(report, stdout_console().width))

    def summary(self, summary: Summary) -> None:
        """The summary view for this terminal's width."""
        from pledgetrack.cli.output import emit, stdout_console
        from pledgetrack.cli.summary_view import summary_view

        emit(summary_view(summary, stdout_console().width))

    def detail(self, detail: PledgeDetail) -> None:
        """The pledge's fields, then its timeline and edits."""
        from pledgetrack.cli.detail_view import detail_view
        from pledgetrack.cli.output import emit, stdout_console

        for part in detail_view(detail, stdout_console().width):
            emit(part)

    def rates(self, rates: Sequence[tuple[ExchangeRate, ExchangeRate | None]]) -> None:
        """The rates as a table for this width; one line when there are none."""
        from pledgetrack.cli.output import emit, literal, stdout_console
        from pledgetrack.cli.rate_view import rates_view

        if not rates:
            emit(literal("No rates recorded (add one with `pledgetrack rate add`)."))
        else:
            emit(rates_view(rates, stdout_console().width))

    def candidates(self, found: Sequence[tuple[str, Sequence[Candidate]]]) -> None:
        """A table of candidates per text, under the text's name when there are several."""
        from pledgetrack.cli.extract_view import candidates_view
        from pledgetrack.cli.output import emit, literal, stdout_console

        for number, (name, candidates) in enumerate(found):
            heading = f"{name}: " if len(found) > 1 else ""
            if number:
                emit(literal(""))
            if not candidates:
                emit(literal(f"{heading}No candidate pledges found."))
                continue
            if heading:
                emit(literal(f"{heading}{len(candidates)} candidate pledges", "bold"))
            emit(candidates_view(candidates, stdout_console().width))


@dataclass(frozen=True)
class RecordFormatter:
    """The documented records (docs/formats.md), written by one machine-format writer."""

    writer: RecordWriter

    def pledges(self, states: Iterable[PledgeState]) -> None:
        """One record per pledge, written as each is read."""
        from pledgetrack.formats.fields import PLEDGE_FIELDS, pledge_fields

        self.writer.write(sys.stdout, PLEDGE_FIELDS, (pledge_fields(s) for s in states))

    def report(self, report: Report) -> None:
        """The pledges shown, as records (the tallies are `summary`'s: with --in, it says so
        rather than drop the converted totals without a word)."""
        if report.conversion is not None:
            from pledgetrack.cli.output import message

            currency = report.conversion.currency
            message(
                f"The records are the pledges; their totals, converted into {currency} too, are "
                f"in `summary --by status --in {currency}` (or `--format markdown`)."
            )
        self.pledges(report.states)

    def summary(self, summary: Summary) -> None:
        """Nested formats: one record per group; flat ones: one row per group and unit."""
        from pledgetrack.formats.fields import summary_columns, summary_records, summary_rows

        columns = summary_columns(summary.by, converted=summary.conversion is not None)
        if self.writer.nested:
            self.writer.write(sys.stdout, columns, summary_records(summary))
        else:
            self.writer.write(sys.stdout, columns, summary_rows(summary))

    def detail(self, detail: PledgeDetail) -> None:
        """Nested formats: the pledge with its updates; flat ones: the pledge's row."""
        from pledgetrack.formats.fields import PLEDGE_FIELDS, pledge_document, pledge_fields

        if self.writer.nested:
            record = pledge_document(
                detail.state,
                detail.updates,
                detail.parts,
                in_parent=detail.in_parent,
                left_out=detail.left_out,
            )
        else:
            record = pledge_fields(detail.state)
        self.writer.write_one(sys.stdout, PLEDGE_FIELDS, record)

    def rates(self, rates: Sequence[tuple[ExchangeRate, ExchangeRate | None]]) -> None:
        """One record per rate."""
        from pledgetrack.formats.fields import RATE_FIELDS, rate_fields

        self.writer.write(sys.stdout, RATE_FIELDS, (rate_fields(r, by) for r, by in rates))

    def candidates(self, found: Sequence[tuple[str, Sequence[Candidate]]]) -> None:
        """One record per candidate, each with its text's file name."""
        from pledgetrack.formats.fields import CANDIDATE_FIELDS, candidate_fields

        records = (candidate_fields(c, name) for name, candidates in found for c in candidates)
        self.writer.write(sys.stdout, CANDIDATE_FIELDS, records)


class MarkdownFormatter(RecordFormatter):
    """Markdown tables; the report keeps its table, counts line and totals."""

    def report(self, report: Report) -> None:
        """The report as Markdown: the pledges, the counts, the totals."""
        from pledgetrack.cli.output import emit_text
        from pledgetrack.cli.report_view import report_markdown

        emit_text(report_markdown(report))


def formatter_for(fmt: str) -> Formatter:
    """The formatter of `--format`: table, json, ndjson, csv or markdown."""
    fmt = parse_choice(fmt, FORMATS, "unknown format {text}")
    if fmt == "table":
        return TableFormatter()  # Rich's views: no writer of records to load
    from pledgetrack.formats.writers import writer_for

    if fmt == "markdown":
        return MarkdownFormatter(writer_for(fmt))
    return RecordFormatter(writer_for(fmt))
