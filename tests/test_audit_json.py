"""What gets into a ledger, audited: typed text is quoted in messages as typed, with its controls
escaped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_clean_error, digest, ok, run


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("update", "1", "--amount", "5 \u202evisas"), "'5 \\u202evisas'"),
        (("update", "1", "--on", "2024-01-0\x1b[31m1", "--note", "n"), "'2024-01-0\\x1b[31m1'"),
        (("update", "1", "--amount", "5", "--stage", "sent\u2066"), "'sent\\u2066'"),
        (("add", "T", "--by", "A", "--due", "soon\u202e"), "'soon\\u202e'"),
        (("add", "T", "--by", "A", "--announced", "12 July\n2022x"), "'12 July\\n2022x'"),
        (("report", "--sort", "due\u200f"), "'due\\u200f'"),
    ],
)
def test_typed_text_in_a_message_is_quoted_as_typed_with_its_controls_escaped(
    ledger_path: Path, args: tuple[str, ...], shown: str
) -> None:
    ok("add", "Visas", "--by", "US", "--target", "100 visas", "--announced", "2022-01-01")
    before = digest(ledger_path)
    result = run(*args)
    assert_clean_error(result, 2)
    assert shown in result.stderr
    for control in ("\u202e", "\x1b", "\u2066", "\u200f"):
        assert control not in result.stderr
    assert digest(ledger_path) == before
