"""The Method of Equal Shares and its completions: parity with pabutools, official counts, properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kenesh.tally.model import Election
from kenesh.tally.pabulib import merge_identical_ballots, parse_pabulib, read_pabulib
from kenesh.tally.rules import mes as M
from kenesh.tally.rules._mes_core import NeedExact, _run_fast, mes_setup, run_exact, run_fast
from tests.tally.conftest import pabulib_file

SAT_CLASSES = {
    "cost": "Cost_Sat",
    "card": "Cardinality_Sat",
    "additive": "Additive_Cardinal_Sat",
    "borda": "Additive_Borda_Sat",
}
MES_RULES = {
    "mes": M.mes,
    "mes-add1": M.mes_add1,
    "mes-pabutools-add1": M.mes_pabutools_add1,
    "mes-add1-utilitarian": M.mes_add1_utilitarian,
    "mes-add1-comparison": M.mes_add1_comparison,
    "mes-greedy": M.mes_greedy,
    "mes-comparison": M.mes_comparison,
}


def pabutools_outcome(text: str, rule: str, sat: str) -> list[str]:
    """pabutools 1.2.3's outcome for a Pabulib text, as sorted project ids."""
    from pabutools.election import satisfaction
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import completion_by_rule_combination, greedy_utilitarian_welfare
    from pabutools.rules import method_of_equal_shares as pabutools_mes

    instance, profile = parse_pabulib_from_string(text)
    sat_class = getattr(satisfaction, SAT_CLASSES[sat])
    if rule == "mes":
        alloc = pabutools_mes(instance, profile, sat_class=sat_class)
    elif rule == "mes-pabutools-add1":
        alloc = pabutools_mes(instance, profile, sat_class=sat_class, voter_budget_increment=1)
    elif rule == "mes-greedy":
        alloc = completion_by_rule_combination(
            instance,
            profile,
            [pabutools_mes, greedy_utilitarian_welfare],
            [{"sat_class": sat_class}, {"sat_class": sat_class}],
        )
    else:
        raise ValueError(rule)
    return sorted(str(p.name) for p in alloc)


def official(election: Election) -> list[str]:
    return sorted(
        pid
        for pid, f in zip(election.project_ids, election.project_fields, strict=True)
        if f.get("selected") == "1"
    )


# --- generated elections -------------------------------------------------------------------------------


@st.composite
def pabulib_texts(
    draw: st.DrawFn, vote_types: tuple[str, ...] = ("approval", "cumulative", "ordinal")
) -> str:
    """A small election with small integer costs and budgets, so that exact ties are frequent."""
    vote_type = draw(st.sampled_from(vote_types))
    n_projects = draw(st.integers(1, 6))
    costs = [draw(st.integers(1, 12)) for _ in range(n_projects)]
    budget = draw(st.integers(1, 40))
    n_voters = draw(st.integers(1, 9))
    lines = ["META", "key;value", f"num_projects;{n_projects}", f"num_votes;{n_voters}", f"budget;{budget}"]
    lines += [f"vote_type;{vote_type}", "PROJECTS", "project_id;cost"]
    # Ids that sort differently as strings and as numbers, to exercise the tie-break.
    ids = [str(k) for k in (7, 10, 2, 11, 1, 30)][:n_projects]
    lines += [f"{pid};{c}" for pid, c in zip(ids, costs, strict=True)]
    lines += ["VOTES", "voter_id;vote;points" if vote_type == "cumulative" else "voter_id;vote"]
    for v in range(n_voters):
        chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n_projects, unique=True))
        if vote_type == "cumulative":
            points = [str(draw(st.integers(1, 4))) for _ in chosen]
            lines.append(f"{v};{','.join(chosen)};{','.join(points)}")
        else:
            lines.append(f"{v};{','.join(chosen)}")
    return "\n".join(lines) + "\n"


def sats_for(vote_type: str) -> list[str]:
    if vote_type == "approval":
        return ["cost", "card"]
    if vote_type == "cumulative":
        return ["additive", "cost"]
    return ["borda", "card"]


FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(pabulib_texts())
def test_same_outcome_as_pabutools_on_generated_elections(text: str) -> None:
    election = parse_pabulib(text)
    for sat in sats_for(election.vote_type):
        for rule in ("mes", "mes-greedy", "mes-pabutools-add1"):
            ours = sorted(MES_RULES[rule](election, sat=sat).selected)
            assert ours == pabutools_outcome(text, rule, sat), (rule, sat)


@FAST
@given(pabulib_texts(), st.integers(0, 60))
def test_fast_engine_agrees_with_the_exact_one(text: str, per_voter: int) -> None:
    election = parse_pabulib(text)
    for sat in sats_for(election.vote_type):
        setup = mes_setup(election, sat)
        fast, exact = run_fast(setup, per_voter * 7), run_exact(setup, per_voter * 7)
        assert fast.selected == exact.selected


@FAST
@given(pabulib_texts())
def test_properties_of_every_variant(text: str) -> None:
    election = parse_pabulib(text)
    merged = merge_identical_ballots(election)
    supported = set(election.indices.tolist())
    for rule, fn in MES_RULES.items():
        out = fn(election)
        # Never over budget, never a project twice.
        assert out.total_cost <= election.budget
        assert len(set(out.selected)) == len(out.selected)
        if rule in ("mes", "mes-add1", "mes-pabutools-add1"):
            ids = {pid: j for j, pid in enumerate(election.project_ids)}
            assert {ids[pid] for pid in out.selected} <= supported, rule
        # Identical ballots merged: same outcome, same order.
        assert fn(merged).selected == out.selected, rule


def test_an_uncertain_float_decision_is_redone_exactly() -> None:
    # At 3 a voter, c's supporters hold exactly its cost after a: a float sum cannot tell "just enough".
    setup = mes_setup(parse_pabulib(CHECKER_EXAMPLE), "cost")
    with pytest.raises(NeedExact):
        _run_fast(setup, 12)
    assert run_fast(setup, 12).selected == run_exact(setup, 12).selected == [0, 2]
    assert run_fast(setup, 12).exact


def test_engines_agree_on_a_real_election_at_several_budgets() -> None:
    election = read_pabulib(pabulib_file("Poland_Wieliczka_2023_Green_Budget.pb"))
    setup = mes_setup(election, "cost")
    n = election.n_voters
    for per_voter in (election.budget_scaled, 200 * n, 315 * n):
        assert run_fast(setup, per_voter).selected == run_exact(setup, per_voter).selected


# --- pabutools on real elections, live -----------------------------------------------------------------

LIVE = [
    ("Poland_Warszawa_2018_Szczesliwice.pb", ["cost", "card"]),
    ("Poland_Czestochowa_2024_Dzbow.pb", ["additive"]),
    ("Poland_Krakow_2020_Stare_Miasto.pb", ["borda"]),
]


@pytest.mark.parametrize(("name", "sats"), LIVE, ids=[n for n, _ in LIVE])
def test_same_outcome_as_pabutools_on_real_elections(name: str, sats: list[str]) -> None:
    path = pabulib_file(name)
    text = path.read_text(encoding="utf-8-sig")
    election = read_pabulib(path)
    for sat in sats:
        for rule in ("mes", "mes-greedy"):
            assert sorted(MES_RULES[rule](election, sat=sat).selected) == pabutools_outcome(text, rule, sat)


# --- the cities' counts ----------------------------------------------------------------------------------


def test_add1_reproduces_wieliczka_2023() -> None:
    election = read_pabulib(pabulib_file("Poland_Wieliczka_2023_Green_Budget.pb"))
    assert election.meta["rule"] == "equalshares/add1-comparison"
    add1 = M.mes_add1(election)
    assert sorted(add1.selected) == official(election)
    assert add1.details["per_voter_budget"] == 315
    comparison = M.mes_add1_comparison(election)
    assert sorted(comparison.selected) == official(election)
    assert comparison.details["comparison"]["winner"] == "mes"
    # pabutools' own increment starts at budget/n and stops at the first exhaustive outcome: it differs.
    assert sorted(M.mes_pabutools_add1(election).selected) != official(election)


CHECKER_EXAMPLE = """META
key;value
num_projects;3
num_votes;4
budget;10
vote_type;approval
PROJECTS
project_id;cost
a;6
b;4
c;4
VOTES
voter_id;vote
v1;a,b
v2;a,b
v3;a,c
v4;c
"""


def test_add1_as_in_pabulibs_checker_examples() -> None:
    election = parse_pabulib(CHECKER_EXAMPLE)
    assert M.mes(election).selected == ["a"]
    assert sorted(M.mes_add1(election).selected) == ["a", "c"]
    assert sorted(M.mes_add1_comparison(election).selected) == ["a", "c"]


COMPARISON_EXAMPLE = """META
key;value
num_projects;3
num_votes;5
budget;200
vote_type;approval
PROJECTS
project_id;cost
a1;100
a2;100
b;100
VOTES
voter_id;vote
1;a1,a2
2;a1,a2
3;a1,a2
4;b
5;b
"""


def test_comparison_switches_to_greedy_when_more_voters_prefer_it() -> None:
    election = parse_pabulib(COMPARISON_EXAMPLE)
    # Add1 ends at 66 a voter (at 67 all three would be bought): a1 and b. Greedy by votes: a1 and a2.
    add1 = M.mes_add1(election)
    assert sorted(add1.selected) == ["a1", "b"]
    assert add1.details["per_voter_budget"] == 66
    out = M.mes_add1_comparison(election)
    assert sorted(out.selected) == ["a1", "a2"]
    assert out.details["comparison"]["prefers_greedy"] == 3
    assert out.details["comparison"]["prefers_mes"] == 2
    assert out.details["comparison"]["winner"] == "greedy"


def test_comparison_after_plain_mes() -> None:
    election = parse_pabulib(COMPARISON_EXAMPLE)
    # Plain MES (40 a voter) buys a1 only; voters 4 and 5 have nothing either way, 1-3 prefer greedy.
    out = M.mes_comparison(election)
    assert out.details["comparison"]["mes_selected"] == ["a1"]
    assert sorted(out.selected) == ["a1", "a2"]


def test_comparison_keeps_mes_on_a_tie() -> None:
    election = parse_pabulib(COMPARISON_EXAMPLE.replace("num_votes;5", "num_votes;6") + "6;b\n")
    assert M.compare_by_ballot_count(election, [0, 2], [0, 1]) == (3, 3)
    assert "b" in M.mes_add1_comparison(election).selected


def test_a_supported_free_project_is_bought_and_an_unsupported_one_never() -> None:
    text = """META
key;value
num_projects;3
num_votes;2
budget;10
vote_type;approval
PROJECTS
project_id;cost
free;0
nobody;0
x;5
VOTES
voter_id;vote
1;free,x
2;x
"""
    election = parse_pabulib(text)
    # With the cost satisfaction a free project satisfies nobody; with cardinality it is bought first.
    assert M.mes(election, sat="cost").selected == ["x"]
    assert M.mes(election, sat="card").selected == ["free", "x"]
    for sat in ("cost", "card"):
        assert sorted(M.mes(election, sat=sat).selected) == pabutools_outcome(text, "mes", sat)
        assert "nobody" not in M.mes_add1(election, sat=sat).selected


def test_exact_tie_goes_to_the_smaller_id_as_a_string() -> None:
    text = """META
key;value
num_projects;2
num_votes;2
budget;10
vote_type;approval
PROJECTS
project_id;cost
9;10
10;10
VOTES
voter_id;vote
1;9
2;10
"""
    assert M.mes(parse_pabulib(text)).selected == []
    doubled = text.replace("budget;10", "budget;20")
    # Both cost 10 and have one supporter with 10: "10" < "9" as strings.
    assert M.mes(parse_pabulib(doubled)).selected == ["10", "9"]


def test_outcome_money_is_exact() -> None:
    election = parse_pabulib(CHECKER_EXAMPLE)
    out = M.mes(election)
    assert out.total_cost == Fraction(6)
    assert out.details["per_voter_budget"] == "5/2"


def test_add1_stops_once_every_supported_project_is_bought() -> None:
    # The unsupported project makes the total exceed the budget, so the compute tool's shortcut does not
    # apply; without the stop, raising the budgets would go on for ever.
    text = """META
key;value
num_projects;3
num_votes;2
budget;10
vote_type;approval
PROJECTS
project_id;cost
x;2
y;3
nobody;9
VOTES
voter_id;vote
1;x
2;y
"""
    out = M.mes_add1(parse_pabulib(text))
    assert sorted(out.selected) == ["x", "y"]
    assert out.details["per_voter_budget"] == 5
