"""Our greedy rules reproduce the `selected` column of every shared Pabulib file counted by one of them.

A project counts as selected when its `selected` value is 1, as in Pabulib's checker (2 and 3 mark
projects funded outside the rule, e.g. Gdynia's and Katowice's extra lists). Files that are themselves
inconsistent go into ALLOWED with the reason (see docs/tally-exceptions.md); the test fails on any new
mismatch, and also when an allowed file starts to match (so that the list stays true).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kenesh.tally.pabulib import read_pabulib
from kenesh.tally.rules.greedy import greedy, greedy_no_skip, greedy_threshold
from tests.ci import missing
from tests.tally.conftest import pabulib_file, pabulib_files, pabulib_path

RULES = {"greedy": greedy, "greedy-no-skip": greedy_no_skip, "greedy-threshold": greedy_threshold}

ALLOWED: dict[str, str] = {
    # file name: why the file's own `selected` column cannot be reproduced (none so far).
}


def _meta_rule(path: Path) -> str | None:
    """META `rule` of a Pabulib file, read from its head only (collection must stay quick)."""
    with path.open(encoding="utf-8-sig", errors="replace") as f:
        for line in f:
            key, _, value = line.strip().partition(";")
            if key == "rule":
                return value.strip()
            if key == "PROJECTS":
                return None
    return None


def _counted_files() -> list[str]:
    return [p.name for p in pabulib_files() if _meta_rule(p) in RULES]


FILES = _counted_files()


def test_the_shared_files_are_there() -> None:
    if not FILES:
        missing(f"no shared Pabulib files at {pabulib_path()}")
    assert len(FILES) > 300


@pytest.mark.parametrize("name", FILES)
def test_selected_column_is_reproduced(name: str) -> None:
    election = read_pabulib(pabulib_file(name))
    if "selected" not in election.project_columns:
        pytest.skip("the file has no `selected` column")
    official = {
        fields["project_id"]
        for fields in election.project_fields
        if fields.get("selected", "").strip() and int(fields["selected"]) == 1
    }
    ours = set(RULES[election.meta["rule"]](election).selected)
    if name in ALLOWED:
        assert ours != official, f"{name} now matches: remove it from ALLOWED and the docs"
        return
    assert sorted(ours - official) == [] and sorted(official - ours) == [], (
        f"{name}: we select {sorted(ours - official)} that the file does not; "
        f"the file selects {sorted(official - ours)} that we do not"
    )
