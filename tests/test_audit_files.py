"""The ledger file when things go wrong around it (docs/errors.md): a PLEDGETRACK_TIMEOUT that
cannot be read gives one `Error:` line, exit 2, and leaves the ledger as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_clean_error, digest, ok, run, script

# --- PLEDGETRACK_TIMEOUT -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "abc", "nan", "inf", "-inf", "-1", "1e400"])
def test_a_bad_timeout_is_refused_naming_the_variable(value: str, ledger_path: Path) -> None:
    ok("add", "A pledge", "--by", "Mexico")
    before = digest(ledger_path)
    for command in (("list",), ("add", "Another", "--by", "Mexico")):
        result = run(*command, env={"PLEDGETRACK_TIMEOUT": value})
        assert_clean_error(result, 2)
        assert "PLEDGETRACK_TIMEOUT must be a number of seconds from 0 to" in result.stderr
    assert digest(ledger_path) == before


def test_timeouts_that_can_be_read(ledger_path: Path) -> None:
    result = script("add", "A pledge", "--by", "Mexico", env={"PLEDGETRACK_TIMEOUT": "abc"})
    assert_clean_error(result, 2)  # through the console script too
    assert not ledger_path.exists()
    for value in ("0", "2.5", " 10 "):
        ok("add", "A pledge", "--by", "Mexico", env={"PLEDGETRACK_TIMEOUT": value})
