"""Office survey pages: instruments from the bank and their XLSForm, rounds, paper entry, the Kobo import,
and the analysts' view across municipalities. Each checks its permission on the municipality."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kenesh.accounts.models import Role as AccountRole
from kenesh.accounts.permissions import active_roles, is_admin
from kenesh.ops.access import office_required, require_perm
from kenesh.surveys.forms import (
    ImportForm,
    InstrumentForm,
    OrderForm,
    OwnQuestionForm,
    QuestionnaireForm,
    RewordForm,
    RoundForm,
)
from kenesh.surveys.kobo import ImportRejected
from kenesh.surveys.kobo import kobo_import as _import
from kenesh.surveys.models import MAX_CHOICES, Instrument, Question, Round, localized
from kenesh.surveys.present import counted, figure, interval
from kenesh.surveys.selectors import round_indicators
from kenesh.surveys.services import (
    SurveyRejected,
    instrument_create,
    instrument_edit,
    own_question_add,
    questions_of,
    questions_reorder,
    response_enter_paper,
    round_create,
)
from kenesh.surveys.services import question_reword as reword
from kenesh.surveys.xlsform import xlsform_bytes, xlsform_filename
from kenesh.territory.models import Municipality

MANAGE = "surveys.manage"
ENTER = "surveys.enter_responses"
NATIONAL = "analytics.view_across_municipalities"


@office_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The municipalities whose surveys this person runs (an administrator: every one with an instrument)."""
    ids = {m for role, m in active_roles(request.user) if role == AccountRole.STAFF and m is not None}
    if is_admin(request.user):
        ids |= set(Instrument.objects.values_list("municipality_id", flat=True))
    places = Municipality.objects.filter(pk__in=ids).order_by("name_ru")
    return render(
        request,
        "surveys/office/index.html",
        {
            "places": [(m, localized(m, "name")) for m in places],
            "may_see_national": request.user.has_perm(NATIONAL),
        },
    )


def _municipality(request: HttpRequest, municipality_id: int, permission: str = MANAGE) -> Municipality:
    place = get_object_or_404(Municipality, pk=municipality_id)
    require_perm(request, permission, place)
    return place


@office_required
@require_http_methods(["GET", "POST"])
def municipality(request: HttpRequest, municipality_id: int) -> HttpResponse:
    place = _municipality(request, municipality_id)
    form = RoundForm(request.POST or None, municipality=place)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "instrument"}
        try:
            round_create(
                actor=request.user, municipality=place, instrument=form.cleaned_data["instrument"], **fields
            )
        except SurveyRejected as rejected:
            form.add_error(None, str(rejected.message))
        else:
            messages.success(request, _("The round is created."))
            return redirect("surveys:office_municipality", municipality_id=place.pk)
    instruments = Instrument.objects.filter(municipality=place).order_by("family", "version")
    rounds = Round.objects.filter(municipality=place).select_related("instrument")
    return render(
        request,
        "surveys/office/municipality.html",
        {
            "municipality": place,
            "name": localized(place, "name"),
            "instruments": instruments,
            "rounds": rounds,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


round_new = municipality


@office_required
@require_http_methods(["GET", "POST"])
def instrument_new(request: HttpRequest, municipality_id: int) -> HttpResponse:
    place = _municipality(request, municipality_id)
    form = InstrumentForm(request.POST or None, municipality_id=place.pk)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = instrument_create(
                actor=request.user,
                municipality=place,
                title_ky=form.cleaned_data["title_ky"],
                title_ru=form.cleaned_data["title_ru"],
                bank_codes=form.cleaned_data["questions"],
            )
        except SurveyRejected as rejected:
            form.add_error(None, str(rejected.message))
        else:
            messages.success(request, _("The instrument is created."))
            return redirect("surveys:office_instrument", instrument_id=instrument.pk)
    return render(
        request,
        "surveys/office/instrument_form.html",
        {"municipality": place, "name": localized(place, "name"), "form": form},
        status=400 if form.errors else 200,
    )


def _instrument(request: HttpRequest, instrument_id: int) -> Instrument:
    item = get_object_or_404(Instrument.objects.select_related("municipality"), pk=instrument_id)
    require_perm(request, MANAGE, item.municipality)
    return item


def _saved(request: HttpRequest, before: Instrument, after: Instrument) -> HttpResponse:
    if after.pk != before.pk:
        messages.success(
            request,
            _("The instrument had answers: the changes are version %(version)s.")
            % {"version": after.version},
        )
    else:
        messages.success(request, _("The instrument is saved."))
    return redirect("surveys:office_instrument", instrument_id=after.pk)


@office_required
@require_http_methods(["GET", "POST"])
def instrument(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """An instrument's questions; an edit of an answered one makes a new version."""
    item = _instrument(request, instrument_id)
    present = list(item.questions.values_list("code", flat=True))
    initial = {"title_ky": item.title_ky, "title_ru": item.title_ru, "questions": present}
    form = InstrumentForm(request.POST or None, initial=initial, municipality_id=item.municipality_id)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["questions"]
        try:
            edited = instrument_edit(
                actor=request.user,
                instrument=item,
                title_ky=form.cleaned_data["title_ky"],
                title_ru=form.cleaned_data["title_ru"],
                add_codes=[c for c in chosen if c not in present],
                remove_codes=[c for c in present if c not in chosen],
            )
        except SurveyRejected as rejected:
            form.add_error(None, str(rejected.message))
        else:
            return _saved(request, item, edited)
    versions = Instrument.objects.filter(family=item.family).order_by("version")
    return render(
        request,
        "surveys/office/instrument.html",
        {
            "instrument": item,
            "questions": item.questions.prefetch_related("choices"),
            "form": form,
            "frozen": item.frozen,
            "versions": versions,
            "latest": versions.last(),
        },
        status=400 if form.errors else 200,
    )


def _rejected_onto(form: Any, rejected: SurveyRejected) -> None:
    """A service's refusal onto the form: each message at its field, the rest at the top."""
    for name, message in rejected.errors.items():
        form.add_error(name if name in form.fields else None, str(message))
    if not rejected.errors:
        form.add_error(None, str(rejected.message))


@office_required
@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """Write a question of the municipality's own (kept in its part of the bank) and add it to the
    instrument."""
    item = _instrument(request, instrument_id)
    form = OwnQuestionForm(request.POST or None)
    adding_rows = request.method == "POST" and "more" in request.POST
    if request.method == "POST" and not adding_rows and form.is_valid():
        try:
            edited = own_question_add(actor=request.user, instrument=item, draft=form.draft())
        except SurveyRejected as rejected:
            _rejected_onto(form, rejected)
        else:
            return _saved(request, item, edited)
    return render(
        request,
        "surveys/office/question_new.html",
        {"instrument": item, "form": form, "frozen": item.frozen, "more": form.option_count < MAX_CHOICES},
        status=400 if (form.is_bound and not adding_rows and form.errors) else 200,
    )


@office_required
@require_http_methods(["GET", "POST"])
def question_reword(request: HttpRequest, instrument_id: int, code: str) -> HttpResponse:
    """Change the wording of one question of the instrument and its options' labels."""
    item = _instrument(request, instrument_id)
    question = get_object_or_404(Question, instrument=item, code=code)
    choices = list(question.choices.all())
    form = RewordForm(request.POST or None, question=question, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            edited = reword(
                actor=request.user,
                instrument=item,
                code=question.code,
                text_ky=form.cleaned_data["text_ky"],
                text_ru=form.cleaned_data["text_ru"],
                labels=form.labels(),
            )
        except SurveyRejected as rejected:
            _rejected_onto(form, rejected)
        else:
            return _saved(request, item, edited)
    return render(
        request,
        "surveys/office/question_reword.html",
        {"instrument": item, "question": question, "form": form, "frozen": item.frozen},
        status=400 if form.errors else 200,
    )


@office_required
@require_http_methods(["GET", "POST"])
def question_order(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """The order of the instrument's questions, by place numbers."""
    item = _instrument(request, instrument_id)
    form = OrderForm(request.POST or None, questions=list(item.questions.all()))
    if request.method == "POST" and form.is_valid():
        try:
            edited = questions_reorder(actor=request.user, instrument=item, order=form.order())
        except SurveyRejected as rejected:
            _rejected_onto(form, rejected)
        else:
            return _saved(request, item, edited)
    return render(
        request,
        "surveys/office/question_order.html",
        {"instrument": item, "form": form, "frozen": item.frozen},
        status=400 if form.errors else 200,
    )


@office_required
@require_GET
def xlsform(request: HttpRequest, instrument_id: int) -> HttpResponse:
    item = get_object_or_404(Instrument.objects.select_related("municipality"), pk=instrument_id)
    require_perm(request, MANAGE, item.municipality)
    response = HttpResponse(
        xlsform_bytes(item), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{xlsform_filename(item)}"'
    return response


def _round(request: HttpRequest, round_id: int) -> Round:
    survey_round = get_object_or_404(Round.objects.select_related("municipality", "instrument"), pk=round_id)
    require_perm(request, ENTER, survey_round.municipality)
    return survey_round


@office_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, round_id: int) -> HttpResponse:
    """Type in one paper questionnaire; after saving, the form is empty for the next one."""
    survey_round = _round(request, round_id)
    form = QuestionnaireForm(request.POST or None, questions=questions_of(survey_round.instrument))
    if request.method == "POST" and form.is_valid():
        try:
            response_enter_paper(actor=request.user, survey_round=survey_round, raw=form.raw_answers())
        except SurveyRejected as rejected:
            for code, message in rejected.errors.items():
                form.add_error(code if code in form.fields else None, str(message))
        else:
            messages.success(request, _("The questionnaire is saved. Enter the next one."))
            return redirect("surveys:office_paper", round_id=survey_round.pk)
    return render(
        request,
        "surveys/office/paper.html",
        {"round": survey_round, "form": form, "count": survey_round.responses.count()},
        status=400 if form.errors else 200,
    )


@office_required
@require_http_methods(["GET", "POST"])
def kobo_import(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = _round(request, round_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = _import(
                actor=request.user, survey_round=survey_round, data=form.cleaned_data["file"].read()
            )
        except ImportRejected as rejected:
            problems = [str(p) for p in rejected.problems]
        else:
            messages.success(request, _("%(count)s questionnaires are imported.") % {"count": count})
            return redirect("surveys:office_municipality", municipality_id=survey_round.municipality_id)
    return render(
        request,
        "surveys/office/import.html",
        {"round": survey_round, "form": form, "problems": problems},
        status=400 if (form.errors or problems) else 200,
    )


@office_required
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    """For analysts: each municipality's latest round, its main figures with intervals and n."""
    require_perm(request, NATIONAL, None)
    rows: list[dict[str, Any]] = []
    latest: dict[int, Round] = {}
    for survey_round in Round.objects.select_related("municipality", "instrument").order_by(
        "starts_on", "pk"
    ):
        latest[survey_round.municipality_id] = survey_round
    wanted = (
        "trust_lsg.index",
        "trust_lsg.top2",
        "corruption.share",
        "aware_budget.share",
        "participated.any",
    )
    for survey_round in latest.values():
        result = round_indicators(survey_round, breakdowns=False)
        by_code = {i.code: i for i in result.indicators}
        rows.append(
            {
                "round": survey_round,
                "name": localized(survey_round.municipality, "name"),
                "respondents": result.respondents,
                "cells": [
                    {
                        "figure": figure(by_code[c].overall) if c in by_code else "—",
                        "interval": interval(by_code[c].overall) if c in by_code else "",
                        "counted": counted(by_code[c].overall) if c in by_code else "",
                    }
                    for c in wanted
                ],
            }
        )
    headings = [
        _("Trust index"),
        _("Trusting (4–5)"),
        _("Corruption seen as present"),
        _("Aware of the budget"),
        _("Took part in the last year"),
    ]
    return render(request, "surveys/office/national.html", {"rows": rows, "headings": headings})
