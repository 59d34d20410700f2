"""Explanations of outcomes as plain data, and the Method of Equal Shares' account of winners and losers.

Every rule's explanation (``Outcome.explanation`` when a rule runs with ``explain=True``) has this shape::

    {"rule": "mes-add1",
     "projects": [{"project": "12", "selected": True, "reason": "selected", ...}, ...],
     ...}                       # rule-specific keys beside "projects"

with one row per project, in the file's order for MES rules (greedy rules list them in the order they
considered them). Values are JSON-ready: ints, strings, bools, None, lists and dicts. Exact amounts are an
int when whole and a ``"p/q"`` string otherwise; money is in som (the election's currency).

MES rules add::

    "sat": "cost",                    # the satisfaction measure used
    "per_voter_budget": 126,          # what every voter held at the start of the winning run (som)
    "rounds": [                       # one per project MES bought, in order
        {"round": 1, "project": "7",
         "rho": "1/5210",             # price per unit of satisfaction (som per unit)
         "max_payment": "...",        # the most one voter paid (som): rho * utility for those who could
         "effective_votes": "...",    # cost / max_payment (equalshares.net's effective vote count)
         "payers": 5210,              # voters who paid something
         "paid_all": 0},              # of them, those who paid all they had left
        ...]

and, per project row (``reason`` codes are stable; the web translates them):

- ``selected``: bought by MES; ``round``, ``rho``, ``max_payment``, ``effective_votes``, ``payers``,
  ``paid_all`` as in its round, and ``total_paid`` (= its cost).
- ``selected_free``: supported and costs nothing: bought before the first round.
- ``selected_completion``: bought by the completion step after MES (greedy on the money left).
- ``no_support``: nobody's satisfaction grows with it; MES never considers it.
- ``not_affordable``: its supporters together held less than its cost when MES stopped. The row says how
  far it was, in two counterfactuals (each about the winning run, everything else unchanged):

  - ``money_left``: what its supporters held when MES stopped.
  - ``winning_cost``: the largest cost at which MES would have bought it: in the round
    ``winning_round`` it would have beaten that round's winner at any lower cost (at exactly this cost
    it ties, and ties go to the smaller project id); round ``None`` means "after the last round", where
    any cost up to ``money_left`` is affordable. For the cost satisfaction a cheaper project also gives
    its supporters less satisfaction, and the computation takes that into account. ``cheaper_by`` is
    ``cost - winning_cost``.
  - ``more_supporters`` (approval and choose-1 ballots only): the least number of additional voters,
    each with the per-voter budget and voting for this project alone, who would have made it win a
    round (or affordable after the last) at its actual cost; ``None`` for other ballots.

The comparison rules add ``"comparison": {"prefers_mes", "prefers_greedy", "winner", "greedy_selected",
"mes_selected"}``; when the greedy outcome wins, the explanation is the greedy rule's, with that key.

Projects bought by a completion step are not paid from the voters' shares: ``voter_explanation`` lists
only what MES bought.

``voter_explanation(election, outcome, voter_index)`` tells one voter (a ballot row) what their share
paid for under an MES rule: their budget, each payment with its round, and what they have left.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from kenesh.tally.model import Election, Outcome, TallyError, exact_json
from kenesh.tally.rules import RULE_NAMES
from kenesh.tally.rules._mes_core import MesRun, MesSetup, mes_setup, run_exact
from kenesh.tally.satisfaction import entry_utilities, utility_unit

MES_RULES = frozenset(name for name in RULE_NAMES if name == "mes" or name.startswith("mes-"))
"""The rules ``voter_explanation`` explains."""


def mes_explanation(setup: MesSetup, rule: str, run: MesRun | None, completion: list[int]) -> dict[str, Any]:
    """The explanation of an MES outcome (see the module docstring); recomputes the run exactly."""
    e = setup.election
    to_som = e.money_scale * setup.n_voters
    unit = utility_unit(e, setup.sat)
    trace: list[dict[str, Any]] = []
    final_cls: np.ndarray | None = None
    final_budgets: list[Fraction] = []
    per_voter = 0
    if run is not None:
        per_voter = run.per_voter
        exact = run_exact(setup, per_voter, trace=trace)
        final_cls, final_budgets = exact.final_cls, exact.final_budgets
    rounds: list[dict[str, Any]] = []
    bought_in: dict[int, dict[str, Any]] = {}
    for t, step in enumerate(trace, start=1):
        j = step["winner"]
        rho: Fraction = step["rho"]
        budgets, utils, weights = _groups_at(setup, j, step["cls"], step["budgets"])
        pays = [min(b, rho * u) for b, u in zip(budgets, utils, strict=True)]
        max_pay = max(pays)
        entry = {
            "round": t,
            "project": e.project_ids[j],
            "rho": exact_json(rho * unit / to_som),
            "max_payment": exact_json(max_pay / to_som),
            "effective_votes": exact_json(setup.cost_n[j] / max_pay),
            "payers": sum(w for w, p in zip(weights, pays, strict=True) if p > 0),
            "paid_all": sum(w for w, b, u in zip(weights, budgets, utils, strict=True) if 0 < b <= rho * u),
        }
        rounds.append(entry)
        bought_in[j] = entry
    completed = set(completion)
    free = set(setup.free)
    projects: list[dict[str, Any]] = []
    for j in range(e.n_projects):
        row: dict[str, Any] = {
            "project": e.project_ids[j],
            "cost": exact_json(Fraction(int(e.costs[j]), e.money_scale)),
            "supporters": setup.supporters[j],
        }
        if j in bought_in:
            info = bought_in[j]
            row.update(selected=True, reason="selected", total_paid=row["cost"])
            row.update(
                {k: info[k] for k in ("round", "rho", "max_payment", "effective_votes", "payers", "paid_all")}
            )
        elif j in free and run is not None:
            row.update(selected=True, reason="selected_free")
        elif j in completed:
            row.update(selected=True, reason="selected_completion")
        elif setup.total_util[j] == 0:
            row.update(selected=False, reason="no_support")
        else:
            row.update(selected=False, reason="not_affordable")
            if final_cls is not None:
                row.update(_loser_analysis(setup, j, trace, final_cls, final_budgets, per_voter))
        projects.append(row)
    return {
        "rule": rule,
        "sat": setup.sat,
        # Nobody voted: nobody holds a share of the budget (and there is nothing to divide by).
        "per_voter_budget": exact_json(Fraction(per_voter, to_som)) if to_som else 0,
        "rounds": rounds,
        "projects": projects,
    }


def _groups_at(
    setup: MesSetup, j: int, cls: np.ndarray, budgets: list[Fraction]
) -> tuple[list[Fraction], list[int], list[int]]:
    """Supporters of j grouped by (budget, utility) given the class of every merged voter."""
    a, b = int(setup.sup_ptr[j]), int(setup.sup_ptr[j + 1])
    keys = np.stack([cls[setup.sup_voter[a:b]], setup.sup_u[a:b]], axis=1)
    pairs, inverse = np.unique(keys, axis=0, return_inverse=True)
    weights = np.zeros(len(pairs), dtype=np.int64)
    np.add.at(weights, inverse.reshape(-1), setup.sup_w[a:b])
    return [budgets[int(c)] for c in pairs[:, 0]], [int(u) for u in pairs[:, 1]], [int(w) for w in weights]


def _loser_analysis(
    setup: MesSetup,
    j: int,
    trace: list[dict[str, Any]],
    final_cls: np.ndarray,
    final_budgets: list[Fraction],
    per_voter: int,
) -> dict[str, Any]:
    e = setup.election
    to_som = e.money_scale * setup.n_voters
    cost = setup.cost_n[j]
    end_b, _, end_w = _groups_at(setup, j, final_cls, final_budgets)
    left = sum((w * b for b, w in zip(end_b, end_w, strict=True)), Fraction(0))
    # Estimate every round in floats (ties counted as won), then confirm exactly from the best estimate
    # down, until no estimate can beat the best exact value.
    a, b = int(setup.sup_ptr[j]), int(setup.sup_ptr[j + 1])
    sup, uf, wf = setup.sup_voter[a:b], setup.sup_uf[a:b], setup.sup_wf[a:b]
    approx: list[float] = []
    for step in trace:
        bf = step["budgets_float"][step["cls"][sup]]
        rho = step["rho"] / setup.n_voters if setup.sat == "cost" else step["rho"]
        approx.append(_winning_cost_float(setup.sat, float(rho), bf, uf, wf))
    best_cost, best_round = left, None
    for t in sorted(range(len(trace)), key=lambda t: -approx[t]):
        if approx[t] < float(best_cost) * (1 - 1e-9):
            break
        step = trace[t]
        budgets, utils, weights = _groups_at(setup, j, step["cls"], step["budgets"])
        wins_ties = setup.rank[j] < setup.rank[step["winner"]]
        exact = _winning_cost(setup.sat, step["rho"], setup.n_voters, budgets, utils, weights, wins_ties)
        if exact > best_cost or (exact == best_cost and best_round is not None and t + 1 < best_round):
            best_cost, best_round = exact, t + 1
    best_cost = min(best_cost, Fraction(cost))
    result: dict[str, Any] = {
        "money_left": exact_json(left / to_som),
        "winning_cost": exact_json(best_cost / to_som),
        "winning_round": best_round,
        "cheaper_by": exact_json((cost - best_cost) / to_som),
        "more_supporters": None,
    }
    if e.vote_type in ("approval", "choose-1") and setup.sat in ("cost", "card") and per_voter > 0:
        result["more_supporters"] = _more_supporters(setup, j, trace, left, per_voter)
    return result


def _winning_cost_float(sat: str, rho: float, b: np.ndarray, u: np.ndarray, w: np.ndarray) -> float:
    """Float estimate of _winning_cost (rho already divided by n for the cost satisfaction)."""
    if sat != "cost":
        return float(np.dot(w, np.minimum(b, rho * u)))
    positive = b > 0
    order = np.argsort(b[positive])
    bs, ws = b[positive][order], w[positive][order]
    capped = np.concatenate([[0.0], np.cumsum(ws * bs)])
    free_w = float(ws.sum()) - np.concatenate([[0.0], np.cumsum(ws)])
    slope = 1 - rho * free_w
    low = np.concatenate([[0.0], bs]) / rho
    high = np.concatenate([bs / rho, [math.inf]])
    with np.errstate(divide="ignore", invalid="ignore"):
        c = capped / slope
    fits = (slope > 0) & (c >= low * (1 - 1e-9)) & (c <= high * (1 + 1e-9))
    best = float(c[fits].max()) if fits.any() else 0.0
    if abs(slope[0]) <= 1e-9 and len(bs):
        best = max(best, float(bs[0] / rho))  # a tie with the winner: maybe won, the exact check says
    return best


def _winning_cost(
    sat: str,
    rho: Fraction,
    n: int,
    budgets: list[Fraction],
    utils: list[int],
    weights: list[int],
    wins_ties: bool,
) -> Fraction:
    """The largest cost (run units) at which the project would have beaten a round's winner (price rho).

    With fixed utilities its price grows with its cost, so that is what its supporters pay at rho. With
    the cost satisfaction a supporter's utility is the cost itself (the run cost / n), so the payment cap
    grows with the cost c: it beats the winner while g(c) = sum(w * min(b, rho * c / n)) - c > 0. g is
    concave with g(0) = 0: if it starts flat (a tie at every small cost) the project wins only ties
    (``wins_ties``), up to the first cost at which a supporter runs short.
    """
    if sat != "cost":
        return sum(
            (w * min(b, rho * u) for b, u, w in zip(budgets, utils, weights, strict=True)), Fraction(0)
        )
    rho = rho / n
    # Supporters with nothing left are capped from the start: they do not count in g's first slope.
    order = sorted((g for g in range(len(budgets)) if budgets[g] > 0), key=lambda g: budgets[g])
    weights = [weights[g] if budgets[g] > 0 else 0 for g in range(len(budgets))]
    slope0 = 1 - rho * sum(weights)
    if slope0 > 0 or not order:
        return Fraction(0)
    if slope0 == 0:
        return budgets[order[0]] / rho if wins_ties else Fraction(0)
    capped = Fraction(0)
    free_w = sum(weights)
    best = Fraction(0)
    for position in range(len(order) + 1):
        slope = 1 - rho * free_w
        if slope > 0:
            c = capped / slope
            low = budgets[order[position - 1]] / rho if position > 0 else Fraction(0)
            high = budgets[order[position]] / rho if position < len(order) else None
            if low <= c and (high is None or c <= high):
                best = max(best, c)
        if position < len(order):
            g = order[position]
            capped += weights[g] * budgets[g]
            free_w -= weights[g]
    return best


def _more_supporters(
    setup: MesSetup, j: int, trace: list[dict[str, Any]], left: Fraction, per_voter: int
) -> int:
    """Fewest extra single-project voters (each with the per-voter budget) that make j win somewhere."""
    cost = setup.cost_n[j]
    unit_u = int(setup.election.costs[j]) if setup.sat == "cost" else 1
    best = math.ceil((cost - left) / per_voter) if left < cost else 0
    a, b = int(setup.sup_ptr[j]), int(setup.sup_ptr[j + 1])
    sup, uf, wf = setup.sup_voter[a:b], setup.sup_uf[a:b], setup.sup_wf[a:b]
    estimates = []
    for t, step in enumerate(trace):
        rho = float(step["rho"])
        paid = float(np.dot(wf, np.minimum(step["budgets_float"][step["cls"][sup]], rho * uf)))
        each = min(float(per_voter), rho * unit_u)
        if each > 0:
            estimates.append(((cost - paid) / each, t))
    # Exact only where the float estimate could give the least count.
    for estimate, t in sorted(estimates):
        if estimate > best + 1:
            break
        step = trace[t]
        rho = step["rho"]
        budgets, utils, weights = _groups_at(setup, j, step["cls"], step["budgets"])
        paid_exact = sum(
            (w * min(b, rho * u) for b, u, w in zip(budgets, utils, weights, strict=True)), Fraction(0)
        )
        each_exact = min(Fraction(per_voter), rho * unit_u)
        best = min(best, max(0, math.ceil((cost - paid_exact) / each_exact)))
    return best


def voter_explanation(election: Election, outcome: Outcome, voter_index: int) -> dict[str, Any]:
    """What one voter's share paid for under an MES outcome (exact; see the module docstring).

    Uses the rounds of ``outcome.explanation`` when the outcome was explained, otherwise recounts the
    winning run exactly (about a second for 100,000 ballots).
    """
    if outcome.rule not in MES_RULES:
        raise TallyError(f"{outcome.rule} is not a Method of Equal Shares rule")
    if not 0 <= voter_index < election.n_ballots:
        raise TallyError(f"no ballot row {voter_index}")
    sat = outcome.details["sat"]
    n = election.n_voters
    to_som = election.money_scale * n
    unit = utility_unit(election, sat)
    if (
        "per_voter_budget" not in outcome.details
        or outcome.details.get("comparison", {}).get("winner") == "greedy"
    ):
        return {"voter": voter_index, "budget": 0, "payments": [], "left": 0}
    per_voter = Fraction(outcome.details["per_voter_budget"]) * to_som
    ids = {pid: j for j, pid in enumerate(election.project_ids)}
    if outcome.explanation is not None and "rounds" in outcome.explanation:
        rounds = [
            (ids[r["project"]], Fraction(r["rho"]) * to_som / unit) for r in outcome.explanation["rounds"]
        ]
    else:
        setup = mes_setup(election, sat)
        run = run_exact(setup, int(per_voter))
        rounds = [(p.project, p.rho) for p in run.purchases if p.rho is not None]
    a, b = int(election.indptr[voter_index]), int(election.indptr[voter_index + 1])
    util = entry_utilities(election, sat)[a:b]
    mine: dict[int, int] = {}
    for j, u in zip(election.indices[a:b].tolist(), util.tolist(), strict=True):
        if j not in mine and u > 0:
            mine[j] = u
    budget = per_voter
    payments = []
    for t, (j, rho) in enumerate(rounds, start=1):
        if j in mine:
            pay = min(budget, rho * mine[j])
            budget -= pay
            payments.append(
                {"round": t, "project": election.project_ids[j], "paid": exact_json(pay / to_som)}
            )
    return {
        "voter": voter_index,
        "budget": exact_json(per_voter / to_som),
        "payments": payments,
        "left": exact_json(budget / to_som),
    }
