"""The count itself: the anonymised export is built, read back, counted by the process's rule, and marked.

The election that is counted is the one that is published. `count_run` builds the anonymised Pabulib
file first (kenesh.pb.export), reads it back with kenesh.tally's reader, counts that, and writes the same
file again with the `selected` column: so `kenesh tally --check` on the published export recounts exactly
what we counted, with the rule named in its META (the Pabulib name is the CountingRule value). Each rule
uses kenesh.tally's default satisfaction for the vote type, which is also what `--check` uses. No
database here: kenesh.pb.count_inputs reads the ballots, kenesh.pb.count_store stores what this returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kenesh.pb.election import (
    CountBallot,
    CountError,
    CountProject,
    selected_mark,
    sha256_hex,
    tally_rule_for,
)
from kenesh.pb.export import ExportInfo, export_election, export_text
from kenesh.tally.model import Election, Outcome, TallyError
from kenesh.tally.pabulib import parse_pabulib
from kenesh.tally.rules import run_rule

Progress = Callable[[int], None]


@dataclass
class Count:
    """What one count produced: the counted election, the engine's outcome and the published file."""

    election: Election
    outcome: Outcome
    export: str
    export_sha256: str
    votes: dict[str, int] = field(default_factory=dict)
    """Per project id: ballots that chose it (approval, knapsack, ranked), or its points (cumulative)."""


def election_count(election: Election, *, rule: str) -> Outcome:
    """Run a CountingRule (Pabulib name) on an election with explanations, as `--check` will recount it."""
    try:
        return run_rule(election, tally_rule_for(rule), explain=True)
    except TallyError as error:
        raise CountError(str(error)) from error


def count_run(
    *,
    info: ExportInfo,
    ballot_format: str,
    budget: Decimal,
    projects: Sequence[CountProject],
    ballots: Sequence[CountBallot],
    limits: dict[str, str] | None = None,
    progress: Progress | None = None,
    ranked_top: int | None = None,
) -> Count:
    """Build the anonymised export, read it back, count it, and write it again with `selected`.

    ``info.rule`` is the CountingRule (Pabulib) name.
    """
    report = progress or _noop
    if not projects:
        raise CountError("no project is on the ballot", "no_projects")
    if not ballots:
        raise CountError("no ballot was cast", "no_ballots")
    draft = export_election(
        info=info,
        ballot_format=ballot_format,
        budget=budget,
        projects=projects,
        ballots=ballots,
        limits=limits,
        ranked_top=ranked_top,
    )
    # Count what a recounter will read: the written file, parsed by the same reader `--check` uses.
    election = parse_pabulib(export_text(draft))
    report(60)
    outcome = election_count(election, rule=info.rule)
    report(85)
    selected_mark(election, outcome.selected)
    text = export_text(election)
    # ResultProject.votes: approvals per project, points on cumulative and ranked ballots.
    column = "score" if "score" in election.project_columns else "votes"
    votes = {
        pid: int(f[column]) for pid, f in zip(election.project_ids, election.project_fields, strict=True)
    }
    return Count(election=election, outcome=outcome, export=text, export_sha256=sha256_hex(text), votes=votes)


def _noop(percent: int) -> None:
    return None
