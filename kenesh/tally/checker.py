"""Recount a Pabulib file with the rule its META names and compare with its PROJECTS `selected` column."""

from __future__ import annotations

from dataclasses import dataclass, field

from kenesh.tally.model import Election, Outcome
from kenesh.tally.rules import run_rule

RULE_FOR_META = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-no-skip",
    "greedy-threshold": "greedy-threshold",
    "equalshares": "mes",
    "equalshares/add1": "mes-add1",
    "equalshares/add1-comparison": "mes-add1-comparison",
    "equalshares-comparison": "mes-comparison",
}
"""Pabulib's META ``rule`` values (the list in pabulib.org/format and the pabulib/checker) that we recount."""

WHY_NOT_CHECKABLE = {
    "greedy-custom": "the city used its own variant of greedy, described only in the file's comment",
    "greedy-exclusive": "greedy with exclusions between projects that the file does not encode",
    "unknown": "the file does not say which rule the city used",
}

OFFICIAL = "1"
"""The `selected` value of a project the rule chose; Pabulib uses 2 and 3 for projects funded afterwards
from extra money (the 80% rule, reserve funds), which no rule explains, so those are not compared."""


@dataclass
class Check:
    """A recount's verdict: ``status`` is "match", "differ" or "uncheckable" (``reason`` then says why)."""

    meta_rule: str
    rule: str | None
    status: str
    official: list[str] = field(default_factory=list)
    """Project ids with selected == 1, in file order."""
    missing: list[str] = field(default_factory=list)
    """Selected in the file, not by the recount."""
    extra: list[str] = field(default_factory=list)
    """Selected by the recount, not in the file."""
    funded_otherwise: list[str] = field(default_factory=list)
    """Project ids whose `selected` is neither 0 nor 1 (funded from extra money): not compared."""
    outcome: Outcome | None = None
    reason: str | None = None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "status": self.status,
            "meta_rule": self.meta_rule,
            "rule": self.rule,
            "official": self.official,
            "missing": self.missing,
            "extra": self.extra,
            "funded_otherwise": self.funded_otherwise,
        }
        if self.reason:
            data["reason"] = self.reason
        if self.outcome is not None:
            data["outcome"] = self.outcome.as_json()
        return data


def rule_for(meta_rule: str) -> tuple[str | None, str | None]:
    """(our rule name, None) for a checkable META rule, else (None, why it cannot be checked)."""
    if meta_rule in RULE_FOR_META:
        return RULE_FOR_META[meta_rule], None
    if meta_rule in WHY_NOT_CHECKABLE:
        return None, f"META rule {meta_rule!r}: {WHY_NOT_CHECKABLE[meta_rule]}"
    if not meta_rule:
        return None, "the file's META has no rule"
    return None, f"META rule {meta_rule!r} is not one of Pabulib's rule names"


def check_election(
    election: Election, *, rule: str | None = None, sat: str | None = None, explain: bool = False
) -> Check:
    """Recount ``election`` with ``rule`` (default: the one its META names) and compare with `selected`."""
    meta_rule = election.meta.get("rule", "").strip()
    if rule is None:
        rule, reason = rule_for(meta_rule)
        if rule is None:
            return Check(meta_rule=meta_rule, rule=None, status="uncheckable", reason=reason)
    if "selected" not in election.project_columns:
        return Check(
            meta_rule=meta_rule,
            rule=rule,
            status="uncheckable",
            reason="the PROJECTS section has no selected column",
        )
    official: list[str] = []
    funded_otherwise: list[str] = []
    for pid, fields in zip(election.project_ids, election.project_fields, strict=True):
        value = fields.get("selected", "").strip()
        if value == OFFICIAL:
            official.append(pid)
        elif value not in ("", "0"):
            funded_otherwise.append(pid)
    outcome = run_rule(election, rule, sat=sat, explain=explain)
    chosen = set(outcome.selected)
    missing = [pid for pid in official if pid not in chosen]
    extra = [pid for pid in outcome.selected if pid not in set(official)]
    return Check(
        meta_rule=meta_rule,
        rule=rule,
        status="differ" if missing or extra else "match",
        official=official,
        missing=missing,
        extra=extra,
        funded_otherwise=funded_otherwise,
        outcome=outcome,
    )
