"""Greedy rules: the cities' count by votes or score (plain, no-skip, threshold) and utilitarian greedy.

Explanation shape (``Outcome.explanation`` when ``explain=True``), shared by every rule in this package::

    {"rule": "greedy",
     "projects": [
        {"project": "12",            # project id
         "selected": True,
         "rank": 1,                  # 1-based position in the order the rule considered the projects
         "score": 5210,              # what the rule ranked by (exact: int, or "p/q" string)
         "cost": 150000,             # exact som
         "money_left_before": 900000,  # exact som left when the rule reached this project (None: not reached)
         "reason": "selected"},
        ...]}

Reason codes (stable; the web translates them):

- ``selected``: bought.
- ``skipped_does_not_fit``: costs more than the money left, the rule went on to the next project.
- ``stopped_does_not_fit``: costs more than the money left and the rule stopped here (no-skip rules).
- ``stopped_before``: the rule stopped before reaching this project.
- ``below_threshold``: its score is below META ``min_project_score_threshold`` (greedy-threshold).
- ``exceeds_budget``: costs more than the whole budget (never eligible).
- ``no_support``: nobody's satisfaction grows with it, so the rule leaves it out (max-welfare).
- ``not_in_optimum``: not part of the chosen welfare-maximising set (max-welfare).

Rows come in the order the rule considered the projects (bought ones first for max-welfare). Rule-specific
keys: utilitarian greedy's ``score`` is the total satisfaction and ``score_per_cost`` what it ranks by
(satisfaction per som, exact, or "inf" for a free project); Phragmén adds ``max_load``. Every rule of
this package also puts ``sat`` and ``welfare`` in ``Outcome.details`` when it measures satisfaction, and
the threshold rules put ``threshold`` there.

The cities' greedy rules follow Pabulib's checker (``pabulib/checker.py``): projects in decreasing order of
score -- the number of voters who chose the project for approval and choose-1 ballots, the sum of points
for cumulative and scoring ballots, and for ordinal ballots without points ``len(ballot) - position``
(the first of three gets 3) -- ties broken by the order of PROJECTS in the file (the checker sorts
stably; Pabulib files list projects in the city's own ranking, which is how Warsaw 2020 Rembertów
broke its tie at 231 votes). The other rules break ties by project id as a string, as pabutools does.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import numpy as np

from kenesh.tally.model import Election, Outcome, TallyError, exact_json
from kenesh.tally.rules._common import (
    build_outcome,
    lex_rank,
    money_json,
    project_totals,
    welfare_details,
)
from kenesh.tally.satisfaction import default_satisfaction, entry_utilities, utility_unit

THRESHOLD_KEY = "min_project_score_threshold"
SENTINEL_COST = 999_999_999
"""Pabulib's cost for a project withdrawn after the vote (in som)."""


def _counts_voters(election: Election) -> bool:
    return election.vote_type in ("approval", "choose-1") or (
        election.vote_type == "ordinal" and election.points is None
    )


def city_score_unit(election: Election) -> int:
    """What one unit of city_scores is worth: 1/points_scale of a point when points are summed."""
    return 1 if _counts_voters(election) else election.points_scale


def city_scores(election: Election) -> list[int]:
    """Each project's score as the cities count it, in units of 1/city_score_unit (see the module doc)."""
    if _counts_voters(election):
        if election.vote_type == "ordinal":
            # Borda (len - position - 1) plus one for every ballot listing the project.
            values = entry_utilities(election, "borda") + 1
        else:
            values = np.ones(len(election.indices), dtype=np.int64)
        return project_totals(election, values)
    if election.points is None:
        raise TallyError(f"a {election.vote_type} election needs points to be scored")
    return project_totals(election, election.points.astype(np.int64))


def score_threshold(election: Election) -> Fraction | None:
    """META min_project_score_threshold as an exact number, or None when the file has none."""
    raw = election.meta.get(THRESHOLD_KEY, "").strip()
    if not raw:
        return None
    try:
        return Fraction(Decimal(raw.replace(",", ".")))
    except (InvalidOperation, ValueError):
        raise TallyError(f"META {THRESHOLD_KEY} is not a number: {raw!r}") from None


def _city_greedy(
    election: Election, rule: str, *, skip: bool, threshold: Fraction | None, explain: bool
) -> Outcome:
    scores = city_scores(election)
    # Ties keep the PROJECTS order of the file, as the checker's stable sort does.
    order = sorted(range(election.n_projects), key=lambda j: -scores[j])
    unit = city_score_unit(election)
    scaled_threshold = None if threshold is None else threshold * unit
    left = election.budget_scaled
    selected: list[int] = []
    rows: list[dict[str, Any]] = []
    stopped = False
    for position, j in enumerate(order, start=1):
        cost = int(election.costs[j])
        before: int | None = left
        if stopped:
            reason, before = "stopped_before", None
        elif scaled_threshold is not None and scores[j] < scaled_threshold:
            reason = "below_threshold"
        elif cost <= left:
            reason = "selected"
            selected.append(j)
            left -= cost
        elif cost > election.budget_scaled and (skip or cost == SENTINEL_COST * election.money_scale):
            # Pabulib marks a withdrawn project with the cost 999999999; the checker lets it stop no count.
            reason = "exceeds_budget"
        elif skip:
            reason = "skipped_does_not_fit"
        else:
            reason, stopped = "stopped_does_not_fit", True
        if explain:
            rows.append(
                {
                    "project": election.project_ids[j],
                    "selected": reason == "selected",
                    "rank": position,
                    "score": exact_json(Fraction(scores[j], unit)),
                    "cost": money_json(election, cost),
                    "money_left_before": None if before is None else money_json(election, before),
                    "reason": reason,
                }
            )
    details: dict[str, Any] = {}
    if threshold is not None:
        details["threshold"] = exact_json(threshold)
    return build_outcome(election, rule, selected, rows=rows, explain=explain, details=details)


def greedy(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """Buy projects by decreasing score, skipping any that no longer fits (``sat`` is not used)."""
    return _city_greedy(election, "greedy", skip=True, threshold=None, explain=explain)


def greedy_no_skip(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """Buy projects by decreasing score and stop at the first that does not fit.

    As in the checker, META min_project_score_threshold, when present, excludes the projects below it.
    """
    return _city_greedy(
        election, "greedy-no-skip", skip=False, threshold=score_threshold(election), explain=explain
    )


def greedy_threshold(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """Greedy among the projects whose score reaches META min_project_score_threshold (score >= threshold)."""
    threshold = score_threshold(election)
    if threshold is None:
        raise TallyError(f"greedy-threshold needs META {THRESHOLD_KEY}")
    return _city_greedy(election, "greedy-threshold", skip=True, threshold=threshold, explain=explain)


def _density_key(total: int, cost: int, *, additive: bool) -> tuple[int, Fraction]:
    """Sort key (smaller first) for satisfaction per unit of cost, as pabutools ranks it.

    pabutools' additive scheme gives infinity to a supported free project and 0 to any project with no
    positive satisfaction; its general scheme (used for Borda) gives infinity to every free project.
    """
    if cost == 0 and (total > 0 or not additive):
        return (0, Fraction(0))
    if additive and total <= 0:
        return (1, Fraction(0))
    return (1, -Fraction(total, cost))


def utilitarian_greedy(election: Election, *, sat: str | None = None, explain: bool = False) -> Outcome:
    """pabutools ``greedy_utilitarian_welfare``: by satisfaction per cost, skipping what does not fit."""
    sat = sat or default_satisfaction(election.vote_type)
    totals = project_totals(election, entry_utilities(election, sat))
    rows: list[dict[str, Any]] | None = [] if explain else None
    selected = utilitarian_completion(election, sat, [], totals=totals, rows=rows)
    details = welfare_details(election, sat, totals, selected)
    return build_outcome(
        election, "utilitarian-greedy", selected, rows=rows, explain=explain, details=details
    )


def utilitarian_completion(
    election: Election,
    sat: str,
    start: Sequence[int],
    *,
    totals: list[int] | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> list[int]:
    """pabutools ``greedy_utilitarian_welfare`` started from ``start``: the projects it adds, in order.

    The projects not in ``start`` go by decreasing satisfaction per cost (see ``_density_key``), ties by
    project id, each bought if it fits in the money ``start`` left. ``totals`` are the projects'
    satisfaction totals when the caller has them; when ``rows`` is a list, an explanation row is
    appended to it for every project considered.
    """
    if totals is None:
        totals = project_totals(election, entry_utilities(election, sat))
    rank = lex_rank(election)
    additive = sat != "borda"
    costs = [int(c) for c in election.costs]
    chosen = set(start)
    considered = [j for j in range(election.n_projects) if j not in chosen]
    keys = {j: _density_key(totals[j], costs[j], additive=additive) for j in considered}
    order = sorted(considered, key=lambda j: (keys[j], rank[j]))
    unit = utility_unit(election, sat)
    left = election.budget_scaled - sum(costs[j] for j in start)
    added: list[int] = []
    for position, j in enumerate(order, start=1):
        before = left
        if costs[j] <= left:
            reason = "selected"
            added.append(j)
            left -= costs[j]
        elif costs[j] > election.budget_scaled:
            reason = "exceeds_budget"
        else:
            reason = "skipped_does_not_fit"
        if rows is not None:
            per_cost: int | str
            if keys[j][0] == 0:
                per_cost = "inf"
            else:
                per_cost = exact_json(-keys[j][1] * election.money_scale / unit)
            rows.append(
                {
                    "project": election.project_ids[j],
                    "selected": reason == "selected",
                    "rank": position,
                    "score": exact_json(Fraction(totals[j], unit)),
                    "score_per_cost": per_cost,
                    "cost": money_json(election, costs[j]),
                    "money_left_before": money_json(election, before),
                    "reason": reason,
                }
            )
    return added
