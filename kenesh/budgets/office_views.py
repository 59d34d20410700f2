"""Back-office pages of the budgets: a municipality's budgets and versions, import, lines, summary,
publishing, comparison of two versions. Every page: office sign-in (`office_required`) and
"budgets.change_budget" on the municipality; the writes are the services'."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kenesh.accounts.access import municipalities_served, municipality_for_office
from kenesh.accounts.forms import form_errors_add
from kenesh.accounts.permissions import is_admin
from kenesh.budgets import forms as budget_forms
from kenesh.budgets import office_selectors, services
from kenesh.budgets.importer import (
    BudgetFileRejected,
    budget_file_import,
    errors_sorted,
    template_csv,
    template_xlsx,
)
from kenesh.budgets.models import (
    Budget,
    BudgetLine,
    BudgetVersion,
    ClassificationKind,
    LineDirection,
)
from kenesh.ops.access import office_required, require_perm
from kenesh.territory.models import Unit

CHANGE_BUDGET = "budgets.change_budget"
# An upload page shows at most this many problems; the rest are counted.
ERRORS_SHOWN = 300


# Fetch an object and check the permission in one step, so that no view can forget the check.


def _municipality(request: HttpRequest, coate: str) -> Unit:
    return municipality_for_office(request, coate, CHANGE_BUDGET)


def _budget(request: HttpRequest, coate: str, year: int) -> Budget:
    municipality = _municipality(request, coate)
    budget = Budget.objects.filter(municipality=municipality, year=year).first()
    if budget is None:
        raise Http404(year)
    budget.municipality = municipality
    return budget


def _version(request: HttpRequest, pk: int) -> BudgetVersion:
    version = BudgetVersion.objects.select_related("budget__municipality__parent").filter(pk=pk).first()
    if version is None:
        raise Http404(pk)
    require_perm(request, CHANGE_BUDGET, version.budget)
    return version


def _line(request: HttpRequest, pk: int) -> BudgetLine:
    line = (
        BudgetLine.objects.select_related("version__budget__municipality", "code", "economic")
        .filter(pk=pk)
        .first()
    )
    if line is None:
        raise Http404(pk)
    require_perm(request, CHANGE_BUDGET, line.version.budget)
    return line


def _apply(form: BaseForm, action: Callable[[], Any]) -> bool:
    """Run a service; its ValidationError becomes the form's, keeping what was typed."""
    try:
        action()
    except ValidationError as error:
        form_errors_add(form, error)
        return False
    return True


def _form_page(
    request: HttpRequest, form: BaseForm, *, heading: str, back: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        "budgets/office/form.html",
        {"form": form, "heading": heading, "back": back, **context},
    )


# Municipalities and budgets


@office_required
def office_home(request: HttpRequest) -> HttpResponse:
    """The municipalities whose budgets the person may edit; straight to the only one when there is one."""
    municipalities = municipalities_served(request.user)
    if not is_admin(request.user) and len(municipalities) == 1:
        return redirect("budgets:office_municipality", coate=municipalities[0].coate)
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    return render(request, "budgets/office/home.html", {"page": page})


def _budgets_page(
    request: HttpRequest, municipality: Unit, form: BaseForm, status: int = 200
) -> HttpResponse:
    budgets = office_selectors.budgets_of(municipality)
    return render(
        request,
        "budgets/office/municipality.html",
        {"municipality": municipality, "budgets": budgets, "form": form},
        status=status,
    )


@office_required
def budget_list(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(request, coate)
    return _budgets_page(request, municipality, budget_forms.BudgetCreateForm())


@office_required
@require_http_methods(["POST"])
def budget_new(request: HttpRequest, coate: str) -> HttpResponse:
    municipality = _municipality(request, coate)
    form = budget_forms.BudgetCreateForm(request.POST)
    if form.is_valid() and _apply(
        form,
        lambda: services.budget_create(
            actor=request.user,
            municipality=municipality,
            year=form.cleaned_data["year"],
            population=form.cleaned_data["population"],
        ),
    ):
        messages.success(request, _("The budget for %(year)s is open.") % {"year": form.cleaned_data["year"]})
        return redirect("budgets:office_budget", coate=coate, year=form.cleaned_data["year"])
    return _budgets_page(request, municipality, form, status=400)


@office_required
def budget_detail(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    budget = _budget(request, coate, year)
    versions = office_selectors.versions_with_totals(budget)
    return render(
        request,
        "budgets/office/budget.html",
        {
            "budget": budget,
            "municipality": budget.municipality,
            "versions": versions,
            "compare_form": budget_forms.CompareForm(budget=budget),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    budget = _budget(request, coate, year)
    initial = {
        "summary_ky": budget.summary_ky,
        "summary_ru": budget.summary_ru,
        "summary_en": budget.summary_en,
        "population": budget.population,
    }
    form = budget_forms.SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(form, lambda: services.budget_summary_edit(actor=request.user, budget=budget, **data)):
            messages.success(request, _("The summary is saved."))
            return redirect("budgets:office_budget", coate=coate, year=year)
    back = reverse("budgets:office_budget", kwargs={"coate": coate, "year": year})
    heading = _("The citizen's budget summary, %(year)s") % {"year": year}
    return _form_page(request, form, heading=heading, back=back, municipality=budget.municipality)


# Versions


@office_required
@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    budget = _budget(request, coate, year)
    form = budget_forms.VersionForm(request.POST or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[BudgetVersion] = []

        def create() -> None:
            made.append(
                services.version_create(
                    actor=request.user,
                    budget=budget,
                    kind=data["kind"],
                    number=data["number"],
                    period=data["period"],
                    date=data["date"],
                    act_title=data["act_title"],
                    act_title_ru=data["act_title_ru"],
                    act_date=data["act_date"],
                    copy_from=data["copy_from"],
                )
            )

        if _apply(form, create):
            messages.success(request, _("The version is created."))
            return redirect("budgets:office_version", pk=made[0].pk)
    back = reverse("budgets:office_budget", kwargs={"coate": coate, "year": year})
    heading = _("New version of the %(year)s budget") % {"year": year}
    return _form_page(request, form, heading=heading, back=back, municipality=budget.municipality)


@office_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    lines = office_selectors.version_lines(version)
    context = {
        "version": version,
        "budget": version.budget,
        "municipality": version.budget.municipality,
        "plan": lines.plan,
        "sections": lines.sections,
        "balance": lines.balance,
    }
    return render(request, "budgets/office/version.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file into the version: all its lines, or nothing and the table of problems (the typed
    totals stay in the form)."""
    version = _version(request, pk)
    form = budget_forms.UploadForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    rejected_name = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = budget_file_import(
                    actor=request.user,
                    version=version,
                    data=upload.read(),
                    filename=upload.name,
                    declared_revenue=form.cleaned_data["declared_revenue"],
                    declared_expenditure=form.cleaned_data["declared_expenditure"],
                )
            except BudgetFileRejected as rejection:
                errors = errors_sorted(rejection.errors)
                rejected_name = upload.name
            else:
                messages.success(
                    request,
                    _("Imported %(count)s lines from %(name)s.")
                    % {"count": result.lines, "name": upload.name},
                )
                return redirect("budgets:office_version", pk=version.pk)
    context = {
        "version": version,
        "budget": version.budget,
        "municipality": version.budget.municipality,
        "form": form,
        "errors": errors[:ERRORS_SHOWN],
        "error_count": len(errors),
        "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0),
        "rejected_name": rejected_name,
    }
    return render(request, "budgets/office/upload.html", context, status=status)


@office_required
@require_http_methods(["GET", "POST"])
def version_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    back = reverse("budgets:office_version", kwargs={"pk": pk})
    if request.method == "POST":
        try:
            services.version_publish(actor=request.user, version=version)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The version is published."))
        return redirect(back)
    return render(
        request,
        "budgets/office/confirm.html",
        {
            "heading": _("Publish %(version)s?") % {"version": version.label},
            "text": _(
                "Once published, the version is on the citizen's budget page and in the open data of the "
                "municipality."
            ),
            "action": _("Publish"),
            "back": back,
            "municipality": version.budget.municipality,
        },
    )


@office_required
def version_compare(request: HttpRequest, coate: str, year: int) -> HttpResponse:
    budget = _budget(request, coate, year)
    form = budget_forms.CompareForm(request.GET or None, budget=budget)
    changes: list[office_selectors.Change] = []
    compared = None
    if form.is_valid():
        compared = (form.cleaned_data["a"], form.cleaned_data["b"])
        changes = office_selectors.version_changes(*compared)
    show_all = request.GET.get("all") == "1"
    counts = {
        status: sum(1 for c in changes if c.status == status) for status in ("added", "removed", "changed")
    }
    totals = {
        direction: (
            sum((c.before or 0 for c in changes if c.line.direction == direction), Decimal(0)),
            sum((c.after or 0 for c in changes if c.line.direction == direction), Decimal(0)),
        )
        for direction in LineDirection.values
    }
    return render(
        request,
        "budgets/office/compare.html",
        {
            "budget": budget,
            "municipality": budget.municipality,
            "form": form,
            "compared": compared,
            "changes": changes if show_all else [c for c in changes if c.status != "same"],
            "show_all": show_all,
            "counts": counts,
            "same_count": sum(1 for c in changes if c.status == "same"),
            "totals": [
                (LineDirection(direction).label, before, after, after - before)
                for direction, (before, after) in totals.items()
            ],
            "query": request.GET.urlencode(),
        },
    )


# Lines


def _line_form_page(
    request: HttpRequest,
    version: BudgetVersion,
    form: budget_forms.LineForm,
    line: BudgetLine | None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = data["code"]
        direction = (
            LineDirection.REVENUE if code.kind == ClassificationKind.REVENUE else LineDirection.EXPENDITURE
        )
        write = lambda: services.line_set(  # noqa: E731
            actor=request.user,
            version=version,
            direction=direction,
            code=code,
            economic=data["economic"],
            amount=data["amount"],
            over_plan=data["over_plan"],
            note=data["note"],
            line=line,
        )
        if _apply(form, write):
            messages.success(request, _("The line is saved."))
            return redirect("budgets:office_version", pk=version.pk)
    back = reverse("budgets:office_version", kwargs={"pk": version.pk})
    heading = _("Edit the line") if line is not None else _("Add a line")
    response = _form_page(
        request,
        form,
        heading=heading,
        back=back,
        municipality=version.budget.municipality,
        subtitle=f"{version.budget.year} · {version.label}",
        line=line,
    )
    if request.method == "POST":
        response.status_code = 400
    return response


@office_required
@require_http_methods(["GET", "POST"])
def line_new(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    return _line_form_page(request, version, budget_forms.LineForm(request.POST or None), None)


@office_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    initial = {
        "code": line.code_id,
        "economic": line.economic_id,
        "amount": f"{line.amount:f}",
        "over_plan": line.over_plan,
        "note": line.note,
    }
    form = budget_forms.LineForm(request.POST or None, initial=initial)
    return _line_form_page(request, line.version, form, line)


@office_required
@require_http_methods(["GET", "POST"])
def line_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    back = reverse("budgets:office_version", kwargs={"pk": line.version_id})
    if request.method == "POST":
        services.line_delete(actor=request.user, line=line)
        messages.success(request, _("The line is deleted."))
        return redirect(back)
    label = f"{line.code.code} {line.code.name}"
    if line.economic is not None:
        label += f" / {line.economic.code} {line.economic.name}"
    return render(
        request,
        "budgets/office/confirm.html",
        {
            "heading": _("Delete the line?"),
            "text": label,
            "action": _("Delete"),
            "back": back,
            "municipality": line.version.budget.municipality,
        },
    )


# The template (public)


def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The import template in the page's language: CSV or XLSX."""
    language = (request.LANGUAGE_CODE or "ky").split("-")[0]
    if language not in ("ky", "ru", "en"):
        language = "ky"
    if fmt == "csv":
        body, content_type = template_csv(language), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = template_xlsx(language)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404(fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="kenesh-budget-template-{language}.{fmt}"'
    return response
