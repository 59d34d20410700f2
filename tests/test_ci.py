"""In CI a test whose outside data or tool is missing fails; elsewhere it skips (tests/ci.py).

pytest runs in a subprocess on a few probe tests that use the real fixtures and guard, with every outside
thing pointed at an empty folder or a path that does not exist: once with CI=true, once without CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.ci import import_or_missing, missing

REPO = Path(__file__).resolve().parents[1]
GUARD = "tests/tally/test_official_selected.py::test_the_shared_files_are_there"

PROBES = """
from tests.browser.fixtures import browser
from tests.tally.conftest import pabulib_dir, pabulib_file
from tests.territory.conftest import shared_coate_csv


def test_pabulib_dir(pabulib_dir):
    pass


def test_pabulib_file():
    pabulib_file("Poland_Warszawa_2019_Ochota.pb")


def test_shared_coate_csv(shared_coate_csv):
    pass


def test_browser(browser):
    pass
"""


def outcomes(tmp_path: Path, ci: str | None) -> dict[str, str]:
    """Each probe's (and the guard's) outcome: passed, failed, error or skipped."""
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBES, encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.pop("CI", None)
    env.update(
        KENESH_PABULIB_DIR=str(empty),
        KENESH_TERRITORY_DIR=str(empty),
        KENESH_CHROMIUM=str(empty / "chromium"),
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]),
    )
    if ci is not None:
        env["CI"] = ci
    report = tmp_path / f"report-{ci}.xml"
    command = [sys.executable, "-m", "pytest", "-c", "pyproject.toml", "--rootdir", "."]
    command += ["-p", "no:cacheprovider", "-q", f"--junitxml={report}", str(probe), GUARD]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert report.exists(), done.stdout + done.stderr
    found = {}
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314 - our own pytest wrote it
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        found[case.get("name", "")] = kinds[0] if kinds else "passed"
    found["exit code"] = str(done.returncode)
    return found


PROBED = [
    "test_pabulib_dir",
    "test_pabulib_file",
    "test_shared_coate_csv",
    "test_browser",
    "test_the_shared_files_are_there",
]


def test_in_ci_missing_data_or_tools_fail_the_run(tmp_path):
    found = outcomes(tmp_path, "true")
    assert {name: found.get(name) for name in PROBED} == {
        name: "error" if name in ("test_pabulib_dir", "test_shared_coate_csv", "test_browser") else "failure"
        for name in PROBED
    }  # a fixture that fails is an error of the test, which fails the run as well
    assert found["exit code"] == "1"


@pytest.mark.parametrize("ci", [None, "false"])
def test_outside_ci_missing_data_or_tools_skip(tmp_path, ci):
    found = outcomes(tmp_path, ci)
    assert {name: found.get(name) for name in PROBED} == dict.fromkeys(PROBED, "skipped")
    assert found["exit code"] == "0"


def test_a_missing_test_dependency_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        import_or_missing("kenesh_no_such_module")
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        missing("the shared files")
    assert import_or_missing("json").__name__ == "json"
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="kenesh_no_such_module"):
        import_or_missing("kenesh_no_such_module")
