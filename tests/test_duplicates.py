"""Probable duplicates on import: the same actor, title (regardless of case, accents, dots and
spacing) and announced date as a pledge the ledger or the file already has. A CSV without uids
imported again adds nothing; a record with a uid of its own that duplicates a pledge is refused,
naming it, unless --allow-duplicates."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import assert_clean_error, digest, ok, run

ROWS = (
    "title,actor,announced_on,target\n"
    "Invest in border infrastructure,Mexico,2022-07-12,$1.5 billion\n"
    'Resettle refugees,United States,2022-06-10,"20,000 refugees"\n'
)


def count() -> int:
    return len(json.loads(ok("list", "--format", "json").stdout))


def test_a_csv_without_uids_imported_again_adds_nothing(ledger_path: Path, tmp_path: Path) -> None:
    ok("init")
    path = tmp_path / "pledges.csv"
    path.write_text(ROWS)
    ok("import", str(path))
    again = ok("import", str(path))
    assert "Imported 0 pledges" in again.stderr and "skipped 2" in again.stderr
    assert count() == 2
    doubled = tmp_path / "doubled.csv"
    doubled.write_text(ROWS + ROWS.split("\n", 1)[1].upper().replace("UNITED STATES", "U.S."))
    ok("import", str(doubled))
    assert count() == 2  # case and the alias U.S. make no new pledge
    ok("import", str(path), "--allow-duplicates")
    assert count() == 4


def test_a_record_with_its_own_uid_that_repeats_a_pledge_is_refused(
    ledger_path: Path, tmp_path: Path
) -> None:
    ok("add", "Invest in border infrastructure", "--by", "Mexico", "--announced", "2022-07-12")
    document = json.loads(ok("export", "--what", "all", "--format", "json").stdout)
    document["pledges"][0]["uid"] = "00000000-0000-4000-8000-000000000002"
    document["pledges"][0]["title"] = "Invest in  Border infrastructure."
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(document))
    before = digest(ledger_path)
    result = run("import", str(path))
    assert_clean_error(result, 1)
    assert "probably pledge 1 again" in result.stderr and "--allow-duplicates" in result.stderr
    assert digest(ledger_path) == before
    ok("import", str(path), "--allow-duplicates")
    assert count() == 2
    other_day = tmp_path / "other.csv"
    other_day.write_text("uid,title,actor,announced_on\n"
                         "00000000-0000-4000-8000-000000000003,Invest in border infrastructure,"
                         "Mexico,2023-01-01\n")  # fmt: skip
    ok("import", str(other_day))  # another announced date: another pledge
    assert count() == 3
