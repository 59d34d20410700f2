"""The rules of a process's ballot in plain words, with its numbers: "Choose from 1 to 3 projects."

The ballot page and the process page say the same sentences. Kyrgyz numbers take their case suffix
(kenesh.pb.numerals): "1ден 3кө чейин".
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kenesh.pb.models import BallotFormat
from kenesh.pb.numerals import ABLATIVE, DATIVE, number_in_case
from kenesh.web.l10n import format_number, format_som


def choices_rule(low: int, high: int | None) -> str:
    """How many projects to choose: "Choose from 1 to 3 projects.", "Choose exactly 2 projects.", ..."""
    if high is not None and max(low, 1) == high:
        return ngettext("Choose exactly %(count)s project.", "Choose exactly %(count)s projects.", high) % {
            "count": format_number(high)
        }
    if high is not None:
        return _("Choose from %(from)s to %(to)s projects.") % {
            # An empty ballot is always refused: the least is 1 even where the process says 0.
            "from": number_in_case(max(low, 1), ABLATIVE),
            "to": number_in_case(high, DATIVE),
        }
    return ngettext(
        "Choose at least %(count)s project; as many as you support.",
        "Choose at least %(count)s projects; as many as you support.",
        max(low, 1),
    ) % {"count": format_number(max(low, 1))}


def ballot_rules(process: Any, *, n_projects: int | None = None) -> list[str]:
    """The sentences that tell a voter what a valid ballot of this process is, with its numbers."""
    fmt = process.ballot_format
    low, high = process.min_choices or 0, process.max_choices
    if fmt == BallotFormat.APPROVAL:
        return [choices_rule(low, high)]
    if fmt == BallotFormat.KNAPSACK:
        rules = [
            _("Choose the projects you want, as long as their total cost fits in the budget of %(budget)s.")
            % {"budget": format_som(process.budget, decimals=0)}
        ]
        if high is not None or low > 1:
            rules.append(choices_rule(low, high))
        return rules
    if fmt == BallotFormat.CUMULATIVE:
        rules = [
            _(
                "Distribute up to %(points)s points among the projects: "
                "more points for what matters more to you."
            )
            % {"points": format_number(process.points_total)}
        ]
        if process.max_points_per_project:
            rules.append(
                _("At most %(cap)s points per project.")
                % {"cap": format_number(process.max_points_per_project)}
            )
        return rules
    top = high or n_projects or 0
    rules = [
        _("Rank up to %(k)s projects: 1 for your first choice, 2 for the second, and so on.")
        % {"k": format_number(top)}
    ]
    if low > 1:
        rules.append(
            ngettext("Rank at least %(count)s project.", "Rank at least %(count)s projects.", low)
            % {"count": format_number(low)}
        )
    return rules
