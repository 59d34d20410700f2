"""The Method of Equal Shares (MES) and the completions cities and pabutools use with it.

Rules (``rule(election, *, sat=None, explain=False) -> Outcome``; ties go to the smaller project id as a
string; ``sat`` is one of ``kenesh.tally.satisfaction.SATISFACTIONS``, by default cost for approval and
choose-1, points for cumulative and scoring, Borda for ordinal):

- ``mes``: pabutools ``method_of_equal_shares``, every voter starting with budget/n.
- ``mes_add1``: the "Add1" completion of equalshares.net's compute tool (options ``integral``, no
  ``exhaustive``), as Wieliczka, Świecie and Assen counted: per-voter budgets floor(budget/n), then +1
  som, +2 som, ... each run from scratch; the run before the first whose projects cost more than the
  budget wins. It does not stop at the first exhaustive outcome.
- ``mes_pabutools_add1``: pabutools' ``voter_budget_increment=1``: per-voter budgets budget/n, +1, +2, ...;
  it stops at the first outcome that is exhaustive (no supported project left out fits in the money
  left), or at the first that costs too much (then the previous one). It differs from ``mes_add1``
  in where it starts (budget/n, not its floor) and in stopping at the first exhaustive outcome; on
  Wieliczka 2023 (Green Budget) the two select different projects.
- ``mes_add1_utilitarian``: ``mes_add1``, then pabutools' utilitarian greedy on the money left (projects
  by satisfaction per cost, those that fit) -- equalshares.net's "add1u".
- ``mes_add1_comparison``: ``mes_add1``, then the comparison step of Pabulib's ``equalshares/add1-comparison``
  (pabulib/checker and equalshares.net, mode "satisfaction"): the city greedy count (projects by votes,
  skipping what does not fit) is computed too; each voter prefers the outcome with more of the projects
  on their ballot; the greedy outcome wins only when strictly more voters prefer it.
- ``mes_comparison``: the same comparison step after plain ``mes`` (Pabulib's ``equalshares-comparison``).
- ``mes_greedy``: pabutools ``completion_by_rule_combination`` of MES and ``greedy_utilitarian_welfare``
  (same satisfaction): MES, then the greedy on the money left.

Add1 loops stop early once every supported project is bought (later runs cannot change the outcome);
when all projects together fit in the budget, ``mes_add1`` is plain MES, as in the compute tool. They
do not rerun MES at every step: where ``_mes_plateau`` proves that a range of budgets all give the
current outcome, they pass over it (same result as stepping by one, often hundreds of times faster).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from kenesh.tally.model import Election, Outcome, exact_json
from kenesh.tally.rules._mes_core import MesRun, MesSetup, mes_setup, run_exact, run_fast
from kenesh.tally.rules._mes_plateau import components, plateau_thetas, verify_plateau
from kenesh.tally.rules.greedy import greedy, utilitarian_completion
from kenesh.tally.satisfaction import default_satisfaction

Runner = Callable[[MesSetup, int], MesRun]


def mes(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """pabutools ``method_of_equal_shares``: every voter gets budget/n (see the module docstring)."""
    setup = _setup(election, sat)
    if setup.n_voters == 0:
        return _outcome(setup, "mes", [], None, explain=explain)
    run = run_fast(setup, election.budget_scaled)
    return _outcome(setup, "mes", run.selected, run, explain=explain)


def mes_add1(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """equalshares.net's Add1: whole-som per-voter budgets from floor(budget/n) up, last run that fits."""
    setup = _setup(election, sat)
    if setup.n_voters == 0:
        return _outcome(setup, "mes-add1", [], None, explain=explain)
    run, steps = _add1(setup)
    return _outcome(setup, "mes-add1", run.selected, run, explain=explain, extra={"add1_steps": steps})


def mes_pabutools_add1(
    election: Election, *, sat: str | None = None, explain: bool = False, jumps: bool = True
) -> Outcome:
    """pabutools ``method_of_equal_shares(voter_budget_increment=1)`` (see the module docstring).

    ``jumps=False`` steps by one budget at a time, without skipping proven plateaus (for tests).
    """
    setup = _setup(election, sat)
    if setup.n_voters == 0:
        return _outcome(setup, "mes-pabutools-add1", [], None, explain=explain)
    e = election
    walk = _Walk(setup, e.budget_scaled, setup.n_voters * e.money_scale, jumps=jumps)
    previous: int | None = None
    while True:
        cost = _cost(e, walk.selected)
        if cost > e.budget_scaled:
            break
        previous = walk.per_voter
        if _exhaustive(setup, walk.selected, cost) or _all_bought(setup, walk.selected):
            break
        # Every budget of the plateau fits and is not exhaustive either: the loop passes over it.
        walk.skip_plateau()
        previous = walk.per_voter
        walk.step()
    steps = (walk.per_voter - e.budget_scaled) // walk.step_size
    previous_run = walk.run_at(previous) if previous is not None else None
    selected = previous_run.selected if previous_run is not None else list(setup.free)
    return _outcome(
        setup, "mes-pabutools-add1", selected, previous_run, explain=explain, extra={"add1_steps": steps}
    )


def mes_add1_utilitarian(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """``mes_add1``, then the utilitarian greedy (satisfaction per cost) on the money left."""
    setup = _setup(election, sat)
    if setup.n_voters == 0:
        return _outcome(setup, "mes-add1-utilitarian", [], None, explain=explain)
    run, steps = _add1(setup)
    completed = utilitarian_completion(election, setup.sat, run.selected)
    return _outcome(
        setup,
        "mes-add1-utilitarian",
        run.selected + completed,
        run,
        explain=explain,
        completion=completed,
        extra={"add1_steps": steps},
    )


def mes_greedy(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """pabutools ``completion_by_rule_combination([method_of_equal_shares, greedy_utilitarian_welfare])``."""
    setup = _setup(election, sat)
    if setup.n_voters == 0:
        # pabutools' MES returns nothing without ballots; its greedy then fills the budget.
        completed = utilitarian_completion(election, setup.sat, [])
        return _outcome(setup, "mes-greedy", completed, None, explain=explain, completion=completed)
    run = run_fast(setup, election.budget_scaled)
    completed = utilitarian_completion(election, setup.sat, run.selected)
    return _outcome(setup, "mes-greedy", run.selected + completed, run, explain=explain, completion=completed)


def mes_add1_comparison(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """Pabulib's ``equalshares/add1-comparison``: ``mes_add1``, kept unless more voters prefer the greedy."""
    setup = _setup(election, sat)
    run, steps = _add1(setup) if setup.n_voters else (None, 0)
    return _with_comparison(setup, "mes-add1-comparison", run, explain=explain, extra={"add1_steps": steps})


def mes_comparison(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """Pabulib's ``equalshares-comparison``: plain ``mes``, kept unless more voters prefer the greedy."""
    setup = _setup(election, sat)
    run = run_fast(setup, election.budget_scaled) if setup.n_voters else None
    return _with_comparison(setup, "mes-comparison", run, explain=explain, extra={})


def _with_comparison(
    setup: MesSetup, rule: str, run: MesRun | None, *, explain: bool, extra: dict[str, Any]
) -> Outcome:
    """The comparison step of equalshares.net and Pabulib's checker (mode "satisfaction")."""
    election = setup.election
    mes_selected = run.selected if run is not None else []
    city = greedy(election, explain=explain)
    ids = {pid: j for j, pid in enumerate(election.project_ids)}
    greedy_selected = [ids[pid] for pid in city.selected]
    prefers_mes, prefers_greedy = compare_by_ballot_count(election, mes_selected, greedy_selected)
    comparison = {
        "prefers_mes": prefers_mes,
        "prefers_greedy": prefers_greedy,
        "winner": "greedy" if prefers_greedy > prefers_mes else "mes",
        "greedy_selected": list(city.selected),
        "mes_selected": [election.project_ids[j] for j in mes_selected],
    }
    extra = {**extra, "comparison": comparison}
    if prefers_greedy > prefers_mes:
        out = _outcome(setup, rule, greedy_selected, None, explain=False, extra=extra)
        if explain and city.explanation is not None:
            out.explanation = {**city.explanation, "rule": rule, "comparison": comparison}
        return out
    out = _outcome(setup, rule, mes_selected, run, explain=explain, extra=extra)
    if out.explanation is not None:
        out.explanation["comparison"] = comparison
    return out


# --- the pieces ------------------------------------------------------------------------------------------


def _setup(election: Election, sat: str | None) -> MesSetup:
    return mes_setup(election, sat or default_satisfaction(election.vote_type))


def _cost(election: Election, selected: list[int]) -> int:
    return sum(int(election.costs[j]) for j in selected)


def _exhaustive(setup: MesSetup, selected: list[int], cost: int) -> bool:
    """No project MES could buy is left out while fitting in the money left (pabutools' test)."""
    chosen = set(selected)
    left = setup.election.budget_scaled - cost
    return all(j in chosen or int(setup.election.costs[j]) > left for j in setup.eligible)


def _all_bought(setup: MesSetup, selected: list[int]) -> bool:
    chosen = set(selected)
    return all(j in chosen for j in setup.eligible)


def _add1(setup: MesSetup, *, jumps: bool = True) -> tuple[MesRun, int]:
    """equalshares.net's Add1 loop; returns the winning run and how many +1 steps it took."""
    e = setup.election
    n = setup.n_voters
    if int(e.costs.sum()) <= e.budget_scaled:
        return run_fast(setup, e.budget_scaled), 0
    step = n * e.money_scale
    start = (e.budget_scaled // step) * step
    walk = _Walk(setup, start, step, jumps=jumps)
    while not _all_bought(setup, walk.selected):
        if _cost(e, walk.selected) <= e.budget_scaled:
            # Every budget of the plateau fits: the loop passes over it.
            walk.skip_plateau()
        if _cost(e, walk.peek().selected) > e.budget_scaled:
            break
        walk.step()
    return walk.run_at(walk.per_voter), (walk.per_voter - start) // step


class _Walk:
    """MES outcomes at per-voter budgets V, V + step, ..., passing over proven plateaus (``_mes_plateau``).

    ``skip_plateau`` moves to the last budget proven to give the current outcome: it tries to prove
    k, 2k, 4k, ... steps ahead (k: the first jump that worked on the previous plateau, at least 2),
    halving the jump after a failure and doubling it again after two successes in a row. Where outcomes
    change at almost every step (the proof then fails at once), it waits a growing number of plain steps
    before trying again.
    Which budgets are proven changes only the time taken, never the outcome.
    """

    _MAX_WAIT = 64

    def __init__(self, setup: MesSetup, per_voter: int, step: int, *, jumps: bool):
        self.setup = setup
        self.step_size = step
        self.per_voter = per_voter
        self.jumps = jumps
        self._run: MesRun | None = run_fast(setup, per_voter)
        self._base = self._run
        self.selected = self._run.selected
        self._thetas = plateau_thetas(self._run)
        self._next: MesRun | None = None
        self._label: np.ndarray | None = None
        self._wait = 0
        self._backoff = 1
        self._first_try = 2
        """The first jump tried: the first that worked last time (plateaus tend to be alike)."""

    def peek(self) -> MesRun:
        """The run at the next budget (computed once)."""
        if self._next is None:
            self._next = run_fast(self.setup, self.per_voter + self.step_size)
        return self._next

    def step(self) -> None:
        run = self.peek()
        self._next = None
        self.per_voter += self.step_size
        self._run = self._base = run
        self.selected = run.selected
        self._thetas = plateau_thetas(run)

    def run_at(self, per_voter: int) -> MesRun:
        if self._run is not None and self._run.per_voter == per_voter:
            return self._run
        return run_fast(self.setup, per_voter)

    def skip_plateau(self) -> None:
        if not self.jumps:
            return
        if self._wait > 0:
            self._wait -= 1
            return
        if self._label is None:
            self._label = components(self.setup)
        k, last_failed, moved = self._first_try, False, False
        while k >= 2:
            target = self.per_voter + k * self.step_size
            thetas = verify_plateau(self.setup, self._base, self._thetas, self._label, target)
            if thetas is None:
                last_failed = True
                k //= 2
                continue
            if not moved:
                self._first_try = k
            self.per_voter, self._thetas, moved = target, thetas, True
            self._run, self._next = None, None
            # The proof is looser the longer the jump: grow again after two successes in a row.
            if not last_failed and k < 2**40:
                k *= 2
            last_failed = False
        if moved:
            self._backoff = 1
        else:
            self._first_try = 2
            self._wait = self._backoff
            self._backoff = min(2 * self._backoff, self._MAX_WAIT)


def compare_by_ballot_count(election: Election, first: list[int], second: list[int]) -> tuple[int, int]:
    """How many voters have more of their ballot's projects in ``first``, and how many in ``second``."""
    lengths = np.diff(election.indptr)
    voter = np.repeat(np.arange(election.n_ballots), lengths)
    counts = []
    for chosen in (first, second):
        mask = np.zeros(election.n_projects, dtype=bool)
        mask[list(chosen)] = True
        counts.append(np.bincount(voter, weights=mask[election.indices], minlength=election.n_ballots))
    w = election.ballot_weights()
    return int(w[counts[0] > counts[1]].sum()), int(w[counts[1] > counts[0]].sum())


def _outcome(
    setup: MesSetup,
    rule: str,
    selected: list[int],
    run: MesRun | None,
    *,
    explain: bool,
    completion: list[int] | None = None,
    extra: dict[str, Any] | None = None,
) -> Outcome:
    e = setup.election
    details: dict[str, Any] = {"sat": setup.sat}
    if run is not None:
        details["per_voter_budget"] = exact_json(Fraction(run.per_voter, e.money_scale * setup.n_voters))
    if extra:
        details.update(extra)
    explanation = None
    if explain:
        from kenesh.tally.explain import mes_explanation

        explanation = mes_explanation(setup, rule, run, completion or [])
    return Outcome(
        rule=rule,
        selected=[e.project_ids[j] for j in selected],
        total_cost=Fraction(_cost(e, selected), e.money_scale),
        budget=e.budget,
        explanation=explanation,
        details=details,
    )


__all__ = [
    "mes",
    "mes_add1",
    "mes_add1_comparison",
    "mes_add1_utilitarian",
    "mes_comparison",
    "mes_greedy",
    "mes_pabutools_add1",
    "run_exact",
]
