"""The "you said, we did" rows of the apps that may be absent: hearing proposals (kenesh.hearings) and
appeals (kenesh.appeals). Each function returns [] while its app is not installed, so this page does not
wait for them; each reads only what those apps publish (appeals: counts by category, never a person or a
text). The models are looked up by label, so this module imports neither app."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kenesh.territory.models import Unit, pick_language


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def hearing_rows(municipality: Unit) -> list[Any]:
    """Each proposal or question raised at a public hearing, the municipality's answer, and what it became."""
    if not apps.is_installed("kenesh.hearings"):
        return []
    from kenesh.monitoring.selectors import Link, Row

    HearingProposal = apps.get_model("hearings", "HearingProposal")

    proposals = (
        HearingProposal.objects.filter(
            hearing__municipality_id=municipality.pk, hearing__notice_date__lte=timezone.localdate()
        )
        .select_related("hearing__municipality", "budget_line_version__budget", "plan_item__plan")
        .order_by("-hearing__date", "number")[:300]
    )
    rows = []
    for proposal in proposals:
        hearing = proposal.hearing
        url = _url("hearings:detail", coate=municipality.coate, pk=hearing.pk)
        text = pick_language(proposal, "text")
        row = Row(
            "hearings",
            Link(
                _("Hearing of %(date)s, proposal %(number)s: %(text)s")
                % {"date": hearing.date.strftime("%d.%m.%Y"), "number": proposal.number, "text": text[:200]},
                url,
            ),
        )
        if proposal.status != "unanswered":
            row.decided.append(Link(str(proposal.get_status_display()).capitalize(), url))
        item = proposal.plan_item
        if item is not None and proposal.plan_item_url:
            row.decided.append(
                Link(
                    _("Action plan %(year)s: %(item)s") % {"year": item.plan.year, "item": item.title},
                    proposal.plan_item_url,
                )
            )
            row.done.append(
                Link(
                    _("%(status)s, %(progress)s%%")
                    % {"status": item.get_status_display(), "progress": item.progress},
                    proposal.plan_item_url,
                )
            )
            row.progress = item.progress
        version = proposal.budget_line_version
        if proposal.budget_line_key and version is not None:
            row.done.append(
                Link(
                    _("In the budget %(year)s") % {"year": version.budget.year},
                    _url("budgets:citizen", coate=municipality.coate, year=version.budget.year),
                )
            )
        rows.append(row)
    return rows


def appeal_rows(municipality: Unit) -> list[Any]:
    """Appeals by year and category: how many, how many answered, how many the citizens marked solved."""
    if not apps.is_installed("kenesh.appeals"):
        return []
    from kenesh.monitoring.selectors import Link, Row

    Appeal = apps.get_model("appeals", "Appeal")
    Category = apps.get_model("appeals", "Category")

    counts = (
        Appeal.objects.filter(municipality_id=municipality.pk)
        .values("year", "category_id")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(status__in=["answered", "closed"])),
            redirected=Count("pk", filter=Q(status="redirected")),
            solved=Count("pk", filter=Q(solved=True)),
        )
        .order_by("-year", "-total")
    )
    categories = {category.pk: category for category in Category.objects.all()}
    list_url = _url("appeals:list", coate=municipality.coate)
    figures_url = _url("appeals:figures", coate=municipality.coate)
    rows = []
    for found in counts:
        category = categories.get(found["category_id"])
        name = pick_language(category, "name") if category is not None else "—"
        row = Row(
            "appeals",
            Link(
                _("Appeals %(year)s about %(category)s: %(count)s")
                % {"year": found["year"], "category": name, "count": found["total"]},
                list_url,
            ),
        )
        row.decided.append(
            Link(
                _("Answered: %(answered)s; redirected to another body: %(redirected)s")
                % {"answered": found["answered"], "redirected": found["redirected"]},
                list_url,
            )
        )
        row.done.append(
            Link(_("Solved, as the citizens say: %(count)s") % {"count": found["solved"]}, figures_url)
        )
        rows.append(row)
    return rows
