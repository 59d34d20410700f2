"""Reading results: why each project won or lost in plain words, and what one voter's ballot helped fund.

The words are rendered from kenesh.tally.explain's rows (stored in ResultProject.explanation) and the
result-wide details (Result.details), in the active language (ky, ru or en). Reason codes are the engine's
stable codes; an unknown code falls back to "Funded." / "Not funded.".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kenesh.pb.ballots import Identity, voter_key_of
from kenesh.pb.election import CountBallot, CountProject, election_build, som
from kenesh.pb.models import Ballot, BallotChoice, Process, Result, ResultProject, ResultStatus
from kenesh.tally.explain import MES_RULES, voter_explanation
from kenesh.tally.model import Outcome, TallyError
from kenesh.web.l10n import format_number, format_percent, format_som


def money(value: Any) -> str:
    """An engine amount (int or "p/q" som) written as money in the active language, in whole som as on
    every public page (the exact amounts are in the published export)."""
    return format_som(som(value), decimals=0)


def score_label(ballot_format: str) -> str:
    """What the greedy count ranks by, for this ballot format."""
    if ballot_format in ("cumulative", "ranked"):
        # Ranked ballots are counted as points by place (kenesh.pb.election.rank_points).
        return pgettext("greedy score", "points")
    return pgettext("greedy score", "votes")


def votes_label(ballot_format: str) -> str:
    """The heading of ResultProject.votes for this ballot format."""
    if ballot_format in ("cumulative", "ranked"):
        return pgettext("result column", "Points")
    return pgettext("result column", "Votes")


def _score(value: Any) -> str:
    fraction = Fraction(value)
    return format_number(Decimal(fraction.numerator) / Decimal(fraction.denominator), decimals=None)


def reason_text(row: dict[str, Any], *, ballot_format: str, details: dict[str, Any]) -> str:
    """Why one project won or lost, in one or a few plain sentences of the active language."""
    reason = row.get("reason", "")
    cost = money(row["cost"]) if "cost" in row else ""
    if reason == "selected" and "round" in row:
        return _(
            "Funded in round %(round)s of the Method of Equal Shares. Its supporters who paid (%(payers)s) "
            "shared its cost of %(cost)s, and none paid more than %(max_payment)s of their share of "
            "%(share)s."
        ) % {
            "round": row["round"],
            "payers": format_number(row.get("payers", 0)),
            "cost": cost,
            "max_payment": money(row.get("max_payment", 0)),
            "share": money(details.get("per_voter_budget", 0)),
        }
    if reason == "selected" and "rank" in row:
        return _(
            "Funded. Place in the ranking: %(rank)s (%(label)s: %(score)s). Money still available at its "
            "turn: %(left)s, enough for its cost of %(cost)s."
        ) % {
            "rank": row["rank"],
            "label": score_label(ballot_format),
            "score": _score(row.get("score", 0)),
            "left": money(row.get("money_left_before") or 0),
            "cost": cost,
        }
    if reason == "selected_free":
        return _("Funded: it costs nothing and some voters chose it.")
    if reason == "selected_completion":
        return _("Funded from the money left after the equal-shares rounds: it still fit in what remained.")
    if reason == "no_support":
        return _("Not funded: nobody voted for it.")
    if reason == "not_affordable":
        return _not_affordable_text(row, cost)
    if reason == "skipped_does_not_fit":
        return _(
            "Not funded. Place in the ranking: %(rank)s (%(label)s: %(score)s). Money still available at "
            "its turn: %(left)s, less than its cost of %(cost)s."
        ) % {
            "rank": row.get("rank", ""),
            "label": score_label(ballot_format),
            "score": _score(row.get("score", 0)),
            "left": money(row.get("money_left_before") or 0),
            "cost": cost,
        }
    if reason == "stopped_does_not_fit":
        return _(
            "Not funded: its cost of %(cost)s was more than the %(left)s left, and the count stopped there."
        ) % {"cost": cost, "left": money(row.get("money_left_before") or 0)}
    if reason == "stopped_before":
        return _("Not funded: the count stopped before reaching it.")
    if reason == "exceeds_budget":
        return _("Not funded: its cost of %(cost)s is more than the whole budget.") % {"cost": cost}
    if reason == "below_threshold":
        return _("Not funded: its score is below the required threshold.")
    if reason == "not_in_optimum":
        return _("Not funded: it is not part of the combination of projects that satisfies voters most.")
    return _("Funded.") if row.get("selected") else _("Not funded.")


def _not_affordable_text(row: dict[str, Any], cost: str) -> str:
    parts = [
        _(
            "Not funded: when the count ended, its supporters (%(supporters)s) had %(left)s left between "
            "them, less than its cost of %(cost)s."
        )
        % {
            "supporters": format_number(row.get("supporters", 0)),
            "left": money(row.get("money_left", 0)),
            "cost": cost,
        }
    ]
    if Fraction(row.get("winning_cost", 0)) > 0:
        parts.append(
            _("It would have been funded had it cost %(winning_cost)s or less (%(cheaper_by)s less).")
            % {"winning_cost": money(row["winning_cost"]), "cheaper_by": money(row.get("cheaper_by", 0))}
        )
    more = row.get("more_supporters")
    if more:
        parts.append(
            _("With the same cost, %(more)s more voters choosing it would have been enough.")
            % {"more": format_number(more)}
        )
    return " ".join(parts)


def rule_summary(result: Result) -> str:
    """How the rule works, with this count's numbers (and, for ranked ballots, how places became points)."""
    text = _rule_text(result)
    top = (result.details or {}).get("ranked_top")
    if result.process.ballot_format == "ranked" and top:
        return f"{text} {ranked_points_text(int(top))}"
    return text


def ranked_points_text(top: int) -> str:
    """How a ranked ballot's places became points (kenesh.pb.election.rank_points), in plain words."""
    return _(
        "Each ranked ballot was counted as points: the project in place 1 got %(top)s points, the next "
        "one point less, down to 1 point for place %(top)s; projects not ranked got none."
    ) % {"top": top}


def _rule_text(result: Result) -> str:
    details = result.details or {}
    if details.get("tally_rule", "") in MES_RULES or result.rule == "equalshares/add1":
        return _mes_text(result, details)
    return _(
        "Greedy count: projects in order of %(label)s, most first; each was funded if it still fit in "
        "the money left, otherwise the count went on to the next."
    ) % {"label": score_label(result.process.ballot_format)}


def _mes_text(result: Result, details: dict[str, Any]) -> str:
    """The Method of Equal Shares with this count's numbers; where the Add1 completion raised the shares,
    what it is, how far it raised them and why, so that budget / voters = share need not add up."""
    budget = result.process.budget
    voters = result.ballots_counted
    share = Fraction(str(details.get("per_voter_budget", 0)))
    equal = Fraction(str(budget)) / voters if voters else Fraction(0)
    how = _(
        "A project was funded when its supporters could pay for it together from their shares; in each "
        "round the project whose supporters paid least for it came first."
    )
    # Add1 starts from the equal share rounded down to whole som; only a share above the equal one was raised.
    if not voters or share <= equal:
        first = _(
            "Method of Equal Shares: the budget of %(budget)s was shared equally among the %(voters)s "
            "voters, %(share)s each."
        ) % {"budget": money(budget), "voters": format_number(voters), "share": money(share)}
        return f"{first} {how}"
    raised = _(
        "Method of Equal Shares: the budget of %(budget)s shared equally among the %(voters)s voters "
        "gives %(equal)s each. With shares of that size the funded projects would have left part of the "
        "budget unspent, so the count used the Add1 completion: it counted again and again, each time "
        "with every share 1 som larger, and kept the largest shares with which the funded projects still "
        "fit in the budget. That raised the shares to %(share)s each, %(raise)s (%(percent)s) more than "
        "the equal share. The shares are a way of counting, not money paid to anyone: together the "
        "funded projects cost no more than the budget."
    ) % {
        "budget": money(budget),
        "voters": format_number(voters),
        "equal": money(equal),
        "share": money(share),
        "raise": money(share - equal),
        "percent": format_percent(float(share / equal - 1)),
    }
    return f"{raised} {how}"


@dataclass(frozen=True)
class ProjectLine:
    """One row of the results page."""

    row: ResultProject
    reason: str


def project_lines(result: Result) -> list[ProjectLine]:
    """Every project of a result with its reason in words (one query, proposals joined)."""
    rows = result.projects.select_related("proposal").order_by("order", "id")
    ballot_format = result.process.ballot_format
    details = result.details or {}
    return [
        ProjectLine(row=r, reason=reason_text(r.explanation, ballot_format=ballot_format, details=details))
        for r in rows
    ]


# --- what one voter's ballot helped fund ------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    """A signed-in voter's ballot under a result: what they chose, which of it won, what they paid."""

    chosen: list[ResultProject]
    funded: list[ResultProject]
    payments: list[tuple[ResultProject, Decimal]]
    share: Decimal | None
    left: Decimal | None


def voter_ballot(process: Process, user: Any) -> Ballot | None:
    """The signed-in person's own web ballot in a process (found by its voter key), with its choices."""
    if user is None or not user.is_authenticated:
        return None
    choices = Prefetch("choices", queryset=BallotChoice.objects.select_related("proposal"))
    return (
        Ballot.objects.filter(process=process, voter_key=voter_key_of(Identity.of_user(user).key))
        .prefetch_related(choices)
        .first()
    )


def voter_contribution(result: Result, ballot: Ballot, lines: Sequence[ProjectLine]) -> Contribution:
    """What a ballot helped fund: its winners, and under MES the share it paid for each of them."""
    by_proposal = {line.row.proposal_id: line.row for line in lines}
    ordered = sorted(ballot.choices.all(), key=lambda c: (c.rank or 0, c.proposal.number))
    chosen = [by_proposal[c.proposal_id] for c in ordered if c.proposal_id in by_proposal]
    funded = [row for row in chosen if row.selected]
    payments: list[tuple[ResultProject, Decimal]] = []
    share = left = None
    details = result.details or {}
    if details.get("tally_rule") in MES_RULES and details.get("rounds") and result.ballots_counted:
        explained = _mes_payments(result, ordered, [line.row for line in lines])
        if explained is not None:
            by_number = {str(row.proposal.number): row for row in chosen}
            payments = [
                (by_number[p["project"]], som(p["paid"]))
                for p in explained["payments"]
                if p["project"] in by_number
            ]
            share, left = som(explained["budget"]), som(explained["left"])
    return Contribution(chosen=chosen, funded=funded, payments=payments, share=share, left=left)


def _mes_payments(result: Result, choices: Sequence[BallotChoice], rows: Sequence[ResultProject]) -> Any:
    """kenesh.tally's voter_explanation on a one-ballot election weighted as the whole count.

    A voter's payments depend only on their own ballot, the projects' costs and the stored rounds, so an
    election holding this ballot alone with the weight of every counted ballot gives the same answer as
    the full recount, without reading the other ballots.
    """
    details = result.details
    projects = [
        CountProject(project_id=str(r.proposal.number), cost=r.cost)
        for r in sorted(rows, key=lambda r: r.proposal.number)
    ]
    ballot = CountBallot(choices=tuple((str(c.proposal.number), c.points) for c in choices))
    try:
        election = election_build(
            ballot_format=result.process.ballot_format,
            budget=result.process.budget,
            projects=projects,
            ballots=[ballot],
            ranked_top=details.get("ranked_top"),
        )
        election.weights = np.array([result.ballots_counted], dtype=np.int64)
        election.voter_ids = []
        outcome = Outcome(
            rule=details["tally_rule"],
            selected=[],
            total_cost=Fraction(0),
            budget=election.budget,
            explanation={"rounds": details["rounds"]},
            details={k: details[k] for k in ("sat", "per_voter_budget") if k in details},
        )
        return voter_explanation(election, outcome, 0)
    except (TallyError, KeyError, ValueError):
        return None


def count_error_text(error: str) -> str:
    """Why a count failed, in the active language (Result.error holds a code, or the engine's own words)."""
    if error == "no_ballots":
        return _("No ballot was cast in this process, so there is nothing to count.")
    if error == "no_projects":
        return _("No project is on the ballot of this process.")
    return error


# --- selectors ---------------------------------------------------------------------------------------------


def results_of(process: Process) -> QuerySet[Result]:
    """Every result of a process, newest first."""
    return Result.objects.filter(process=process).select_related("recount_of").order_by("-created_at", "-id")


def result_published_latest(process: Process) -> Result | None:
    """The result the public sees: the most recently published one."""
    return (
        Result.objects.filter(process=process, published_at__isnull=False, status=ResultStatus.DONE)
        .select_related("process", "process__municipality")
        .order_by("-published_at", "-id")
        .first()
    )


def result_in_progress(process: Process) -> Result | None:
    """A count that is queued or running, if any."""
    return (
        Result.objects.filter(process=process, status__in=(ResultStatus.QUEUED, ResultStatus.RUNNING))
        .order_by("-created_at", "-id")
        .first()
    )


def recount_matches(result: Result) -> bool | None:
    """Whether a recount funds the same projects as the result it recounts (None: not a finished recount)."""
    original = result.recount_of
    if original is None or result.status != ResultStatus.DONE or original.status != ResultStatus.DONE:
        return None
    mine = set(result.projects.filter(selected=True).values_list("proposal_id", flat=True))
    theirs = set(original.projects.filter(selected=True).values_list("proposal_id", flat=True))
    return mine == theirs
