"""How a survey figure is written: a share as a percentage, a mean with one decimal, the index signed;
an interval as "low–high"; a hidden group as "fewer than 5"."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kenesh.surveys.stats import Estimate
from kenesh.web.l10n import format_number


def _one(kind: str, value: float) -> str:
    if kind == "proportion":
        return format_number(round(100 * value, 1), decimals=1) + "%"
    if kind == "index":
        text = format_number(round(value, 1), decimals=1)
        return ("+" + text) if value > 0 else text
    return format_number(round(value, 2), decimals=2)


def figure(estimate: Estimate | None) -> str:
    if estimate is None or estimate.value is None:
        return "—"
    return _one(estimate.kind, estimate.value)


def interval(estimate: Estimate | None) -> str:
    if estimate is None or estimate.low is None or estimate.high is None:
        return "—"
    return f"{_one(estimate.kind, estimate.low)} – {_one(estimate.kind, estimate.high)}"


def fewer_than_5() -> str:
    return _("fewer than 5")


def counted(estimate: Estimate | None) -> str:
    """ "12 of 40" for a proportion, "n = 40" otherwise; the effective n when weighted."""
    if estimate is None:
        return "—"
    if estimate.kind == "proportion" and estimate.count is not None:
        text = _("%(count)s of %(n)s") % {"count": estimate.count, "n": estimate.n}
    else:
        text = f"n = {estimate.n}"
    if estimate.weighted:
        text += " " + _("(weighted; effective n %(n)s)") % {
            "n": format_number(round(estimate.n_effective, 1), decimals=1)
        }
    return text
