"""The `kenesh tally` and `kenesh pabulib validate` commands: exit codes and output, run as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import missing
from tests.tally.conftest import pabulib_file

REPO = Path(__file__).resolve().parents[2]

# Greedy by votes on a budget of 100: project 1 (4 votes, 60) fits, 2 (3 votes, 50) does not and is
# skipped, 3 (2 votes, 30) fits, 4 (120) never does. greedy-no-skip stops at 2 and keeps only 1.
SMALL = """META
key;value
description;Test election
country;Kyrgyzstan
unit;Test
instance;2025
num_projects;4
num_votes;5
budget;100
vote_type;approval
rule;{rule}
PROJECTS
project_id;cost;votes;name;selected
1;60;4;School roof;{s1}
2;50;3;Well;0
3;30;2;Lights;{s3}
4;120;1;Road;0
VOTES
voter_id;vote
v1;1,2
v2;1,2,3
v3;1,2
v4;1,3
v5;4
"""

CUMULATIVE = """META
key;value
description;Points
country;Kyrgyzstan
unit;Test
instance;2025
num_projects;3
num_votes;2
budget;10
vote_type;cumulative
max_sum_points;10
rule;greedy
PROJECTS
project_id;cost;score;selected
a;6;12;1
b;5;5;0
c;4;3;1
VOTES
voter_id;vote;points
1;a,b;7,3
2;a,b,c;5,2,3
"""


def kenesh(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kenesh.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.pb"
    path.write_text(SMALL.format(rule="greedy", s1=1, s3=1))
    return path


def write(tmp_path: Path, text: str, name: str = "e.pb") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_tally_prints_a_table_and_the_totals(small: Path) -> None:
    done = kenesh("tally", small, "--rule", "greedy")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "small.pb: greedy (cost satisfaction), approval ballots, 5 voters, 4 projects"
    assert lines[1].split() == ["#", "project", "cost", "name"]
    assert lines[2].split() == ["1", "1", "60", "School", "roof"]
    assert lines[3].split() == ["2", "3", "30", "Lights"]
    assert lines[4] == "selected 2 of 4 projects; total cost 90 of budget 100 (90.0%)"
    assert done.stderr == ""


def test_tally_json_gives_selected_ids_total_and_budget(small: Path) -> None:
    done = kenesh("tally", small, "--rule", "greedy-no-skip", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["rule"] == "greedy-no-skip"
    assert data["selected"] == ["1"]
    assert data["total_cost"] == 60
    assert data["budget"] == 100
    assert data["sat"] == "cost"
    assert "explanation" not in data


def test_tally_explain_adds_the_explanation(small: Path) -> None:
    data = json.loads(kenesh("tally", small, "--rule", "greedy", "--json", "--explain").stdout)
    reasons = {p["project"]: p["reason"] for p in data["explanation"]["projects"]}
    assert reasons["2"] == "skipped_does_not_fit"
    assert reasons["1"] == "selected"
    human = kenesh("tally", small, "--rule", "greedy", "--explain")
    assert human.returncode == 0
    assert "explanation:" in human.stdout


def test_default_satisfaction_follows_the_vote_type(tmp_path: Path) -> None:
    path = write(tmp_path, CUMULATIVE)
    data = json.loads(kenesh("tally", path, "--rule", "utilitarian-greedy", "--json").stdout)
    assert data["sat"] == "additive"
    # cost satisfaction is allowed on points ballots; borda is not
    assert kenesh("tally", path, "--rule", "utilitarian-greedy", "--sat", "cost").returncode == 0
    done = kenesh("tally", path, "--rule", "greedy", "--sat", "borda")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "kenesh tally: error: satisfaction 'borda' does not fit cumulative ballots; "
        "use one of: additive, cost, card"
    )


def test_a_satisfaction_that_does_not_fit_is_a_one_line_error(small: Path) -> None:
    done = kenesh("tally", small, "--rule", "mes", "--sat", "additive")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == (
        "kenesh tally: error: satisfaction 'additive' does not fit approval ballots; use one of: cost, card"
    )


def test_missing_file_unknown_rule_and_missing_rule_exit_2(small: Path, tmp_path: Path) -> None:
    done = kenesh("tally", tmp_path / "nope.pb", "--rule", "greedy")
    assert (done.returncode, done.stderr.strip()) == (
        2,
        f"kenesh tally: error: file not found: {tmp_path / 'nope.pb'}",
    )
    done = kenesh("tally", small, "--rule", "plurality")
    assert done.returncode == 2
    assert "invalid choice: 'plurality'" in done.stderr
    done = kenesh("tally", small)
    assert (done.returncode, done.stderr.strip()) == (
        2,
        "kenesh tally: error: give a rule (--rule RULE) or --check",
    )


def test_an_invalid_file_is_reported_with_its_line_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.format(rule="greedy", s1=1, s3=1).replace("v2;1,2,3", "v2;1,9"))
    done = kenesh("tally", path, "--rule", "greedy")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith(f"kenesh tally: error: {path}: invalid file: line 21:")
    assert "'9'" in done.stderr


def test_check_exits_0_when_the_recount_matches(small: Path) -> None:
    done = kenesh("tally", "--check", small)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "small.pb: META rule greedy, recounted with greedy",
        "match: the recount selects the 2 projects the file marks selected",
    ]


def test_check_recounts_equal_shares_with_the_comparison_step(tmp_path: Path) -> None:
    # MES alone buys only 1; the comparison step keeps the city's greedy {1, 3}, which two voters prefer
    # and none likes less.
    path = write(tmp_path, SMALL.format(rule="equalshares-comparison", s1=1, s3=1))
    done = kenesh("tally", "--check", path)
    assert done.returncode == 0, done.stdout + done.stderr
    first_line = done.stdout.splitlines()[0]
    assert first_line == "e.pb: META rule equalshares-comparison, recounted with mes-comparison"


def test_check_exits_1_and_names_missing_and_extra_projects(tmp_path: Path) -> None:
    # The file claims 1 and 2 were chosen; greedy chooses 1 and 3.
    path = write(tmp_path, SMALL.format(rule="greedy", s1=1, s3=0).replace("2;50;3;Well;0", "2;50;3;Well;1"))
    done = kenesh("tally", "--check", path)
    assert done.returncode == 1
    assert "  missing (selected in the file, not by the recount): 2" in done.stdout.splitlines()
    assert "  extra (selected by the recount, not in the file): 3" in done.stdout.splitlines()
    data = json.loads(kenesh("tally", "--check", path, "--json").stdout)
    assert (data["status"], data["missing"], data["extra"]) == ("differ", ["2"], ["3"])


def test_check_uses_the_files_rule(tmp_path: Path) -> None:
    # Under greedy-no-skip the official outcome is {1}: greedy's {1, 3} would differ.
    path = write(tmp_path, SMALL.format(rule="greedy-no-skip", s1=1, s3=0))
    assert kenesh("tally", "--check", path).returncode == 0
    done = kenesh("tally", "--check", path, "--rule", "greedy")
    assert done.returncode == 1
    assert "extra (selected by the recount, not in the file): 3" in done.stdout


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("greedy-custom", "the city used its own variant of greedy"),
        ("greedy-exclusive", "exclusions between projects"),
        ("unknown", "does not say which rule"),
        ("borda-count", "not one of Pabulib's rule names"),
    ],
)
def test_check_exits_3_when_the_rule_cannot_be_recounted(tmp_path: Path, rule: str, why: str) -> None:
    path = write(tmp_path, SMALL.format(rule=rule, s1=1, s3=1))
    done = kenesh("tally", "--check", path)
    assert done.returncode == 3
    assert done.stdout.startswith(f"e.pb: cannot check: META rule {rule!r}")
    assert why in done.stdout


def test_check_exits_3_without_a_selected_column(tmp_path: Path) -> None:
    text = SMALL.format(rule="greedy", s1=1, s3=1)
    text = text.replace(";name;selected", ";name").replace(";1\n", "\n").replace(";0\n", "\n")
    done = kenesh("tally", "--check", write(tmp_path, text))
    assert done.returncode == 3
    assert "no selected column" in done.stdout


def test_check_exits_2_on_an_invalid_file(tmp_path: Path) -> None:
    path = write(tmp_path, "hello\n")
    done = kenesh("tally", "--check", path)
    assert done.returncode == 2
    assert "invalid file: line 1" in done.stderr


def test_check_leaves_projects_funded_from_extra_money_out(tmp_path: Path) -> None:
    path = write(
        tmp_path, SMALL.format(rule="greedy", s1=1, s3=1).replace("4;120;1;Road;0", "4;120;1;Road;2")
    )
    done = kenesh("tally", "--check", path)
    assert done.returncode == 0
    assert "  not compared (funded from extra money): 4" in done.stdout.splitlines()


def test_validate_exits_0_on_a_valid_file(small: Path) -> None:
    done = kenesh("pabulib", "validate", small)
    assert (done.returncode, done.stdout.strip()) == (0, f"{small}: valid")


def test_validate_lists_errors_with_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL.format(rule="greedy", s1=1, s3=1).replace("v2;1,2,3", "v2;1,9"))
    done = kenesh("pabulib", "validate", path)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{path}:21: ")
    assert lines[-1] == f"{path}: invalid (1 error)"
    data = json.loads(kenesh("pabulib", "validate", path, "--json").stdout)
    assert data["valid"] is False
    assert data["errors"][0]["line"] == 21
    done = kenesh("pabulib", "validate", tmp_path / "absent.pb")
    assert done.returncode == 2
    assert "file not found" in done.stderr


def test_the_console_script_is_installed(small: Path) -> None:
    script = Path(sys.executable).parent / "kenesh"
    if not script.exists():
        missing("the kenesh console script is not installed in this environment")
    done = subprocess.run(
        [script, "tally", small, "--rule", "greedy", "--json"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["selected"] == ["1", "3"]


def test_tally_commands_do_not_load_django(small: Path) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from kenesh.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['tally', {str(small)!r}, '--rule', 'greedy']) == 0\n"
        f"    assert main(['pabulib', 'validate', {str(small)!r}]) == 0\n"
        "assert 'django' not in sys.modules, 'kenesh tally imported Django'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr


def test_check_matches_the_official_outcome_of_shared_elections() -> None:
    for name in (
        "Poland_Warszawa_2019_Ochota.pb",  # greedy
        "Poland_Gdynia_2022_Kamienna_Gora__large.pb",  # greedy-no-skip
        "Poland_Warszawa_2018_Przyczolek_Grochowski.pb",  # greedy-threshold
        "Poland_Wieliczka_2023_Green_Budget.pb",  # equalshares/add1-comparison
    ):
        done = kenesh("tally", "--check", pabulib_file(name))
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.splitlines()[1].startswith("match:")


def test_every_rule_runs_on_a_shared_election() -> None:
    path = pabulib_file("Poland_Warszawa_2019_Ochota.pb")
    for rule in (
        "greedy",
        "utilitarian-greedy",
        "mes",
        "mes-add1",
        "mes-add1-comparison",
        "mes-greedy",
        "phragmen",
        "max-welfare",
    ):
        done = kenesh("tally", path, "--rule", rule, "--json")
        assert done.returncode == 0, f"{rule}: {done.stderr}"
        data = json.loads(done.stdout)
        assert data["selected"], rule
        assert data["total_cost"] <= data["budget"] == 550560
