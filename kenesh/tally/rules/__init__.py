"""The counting rules, by the names the CLI and the platform use.

Each rule is a plain function ``rule(election, *, sat=None, explain=False) -> Outcome``: resolute and
deterministic. Ties are broken lexicographically on the project id as a string (pabutools' default),
except in the cities' greedy rules (greedy, greedy-no-skip, greedy-threshold), which keep the file's
project order among equal scores as Pabulib's checker does and as the cities counted (Warszawa 2020
Rembertów funded the first listed of two projects tied at 231 votes). ``sat=None`` means the default
satisfaction for the election's vote type.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from kenesh.tally.model import Election, Outcome, TallyError

Rule = Callable[..., Outcome]

RULE_NAMES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "utilitarian-greedy",
    "mes",
    "mes-add1",
    "mes-add1-utilitarian",
    "mes-add1-comparison",
    "mes-comparison",
    "mes-pabutools-add1",
    "mes-greedy",
    "phragmen",
    "max-welfare",
)


_RULES = {
    "greedy": ("greedy", "greedy"),
    "greedy-no-skip": ("greedy", "greedy_no_skip"),
    "greedy-threshold": ("greedy", "greedy_threshold"),
    "utilitarian-greedy": ("greedy", "utilitarian_greedy"),
    "mes": ("mes", "mes"),
    "mes-add1": ("mes", "mes_add1"),
    "mes-add1-utilitarian": ("mes", "mes_add1_utilitarian"),
    "mes-add1-comparison": ("mes", "mes_add1_comparison"),
    "mes-comparison": ("mes", "mes_comparison"),
    "mes-pabutools-add1": ("mes", "mes_pabutools_add1"),
    "mes-greedy": ("mes", "mes_greedy"),
    "phragmen": ("phragmen", "phragmen"),
    "max-welfare": ("welfare", "max_welfare"),
}
"""CLI name -> (module of kenesh.tally.rules, function)."""


def get_rule(name: str) -> Rule:
    """The rule function for a CLI name. Only its module is imported, when first asked for: `kenesh
    pabulib validate` loads no rule, and a count loads only what its rule needs."""
    try:
        module, function = _RULES[name]
    except KeyError:
        raise TallyError(f"unknown rule {name!r}; expected one of: {', '.join(RULE_NAMES)}") from None
    rule: Rule = getattr(importlib.import_module(f"kenesh.tally.rules.{module}"), function)
    return rule


def run_rule(election: Election, name: str, *, sat: str | None = None, explain: bool = False) -> Outcome:
    return get_rule(name)(election, sat=sat, explain=explain)
