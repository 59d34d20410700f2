"""Every office page fits a 360 px phone in Kyrgyz and Russian: the page itself never scrolls sideways.

A wide table may scroll inside its own labelled region (role=region, aria-label, tabindex=0); the page
may not. Signed in as the demo's staff member and as an administrator, every office URL name of every app
is visited; a name that answers GET with 405 is an action (a POST behind a button), not a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kenesh.accounts.models import Role, RoleAssignment, User
from kenesh.accounts.testing import office_login
from kenesh.appeals.models import Appeal
from kenesh.budgets.models import BudgetLine, BudgetVersion
from kenesh.pb.models import ImplementationProject, Process, Proposal, Result
from kenesh.territory import demo as territory_demo
from kenesh.territory.models import Deputy, Municipality
from tests.browser.fixtures import signed_in_page
from tests.browser.urls import url_of
from tests.web.demo import demo_load

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _office_url_names() -> list[str]:
    """Every namespaced URL name whose pattern lies under office/ (all apps, as urls.py declare them)."""
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif (
                isinstance(pattern, URLPattern) and pattern.name and str(pattern.pattern).startswith("office")
            ):
                names.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


def _kwargs_by_name() -> dict[str, list[dict[str, Any]]]:
    """The demo's objects for each office URL's parameters (the richest page of each kind)."""
    municipality = Municipality.objects.current().get(coate=territory_demo.KUM_DOBO)
    coate = municipality.coate
    process = Process.objects.filter(municipality=municipality, results__isnull=False).distinct().first()
    assert process is not None, "the pb demo has a finished process"
    proposal = Proposal.objects.filter(process=process).order_by("number").first()
    result = Result.objects.filter(process=process).order_by("-pk").first()
    project = ImplementationProject.objects.filter(result__process=process).order_by("pk").first()
    version = BudgetVersion.objects.filter(budget__municipality=municipality).order_by("-pk").first()
    line = BudgetLine.objects.filter(version=version).order_by("pk").first()
    deputy = Deputy.objects.filter(council__municipality=municipality).order_by("pk").first()
    resident = User.objects.filter(municipality=municipality).order_by("pk").first()
    assignment = RoleAssignment.objects.active().filter(municipality=municipality).order_by("pk").first()
    appeal = Appeal.objects.filter(municipality=municipality).exclude(photo="").order_by("pk").first()
    assert (
        version and line and deputy and resident and assignment and proposal and result and project and appeal
    )
    year = version.budget.year
    by_name: dict[str, dict[str, Any]] = {
        "web:office": {},
        "accounts:office": {},
        "accounts:office_global_roles": {},
        "accounts:office_role_revoke": {"assignment_id": assignment.pk},
        "accounts:office_residents": {"municipality_id": municipality.pk},
        "accounts:office_resident_verify": {"municipality_id": municipality.pk, "user_id": resident.pk},
        "accounts:office_roles": {"municipality_id": municipality.pk},
        "audit:log": {},
        "messaging:outbox": {},
        "budgets:office": {},
        "budgets:office_version": {"pk": version.pk},
        "budgets:office_upload": {"pk": version.pk},
        "budgets:office_publish": {"pk": version.pk},
        "budgets:office_line_new": {"pk": version.pk},
        "budgets:office_line": {"pk": line.pk},
        "budgets:office_line_delete": {"pk": line.pk},
        "budgets:office_municipality": {"coate": coate},
        "budgets:office_budget_new": {"coate": coate},
        "budgets:office_budget": {"coate": coate, "year": year},
        "budgets:office_summary": {"coate": coate, "year": year},
        "budgets:office_version_new": {"coate": coate, "year": year},
        "budgets:office_compare": {"coate": coate, "year": year},
        "pb:office": {},
        "pb:office_moderation": {},
        "pb:office_process_new": {"?": f"m={coate}"},
        "pb:office_process": {"process_id": process.pk},
        "pb:office_process_edit": {"process_id": process.pk},
        "pb:office_phase_move": {"process_id": process.pk},
        "pb:office_proposal_new": {"process_id": process.pk},
        "pb:office_proposal": {"process_id": process.pk, "number": proposal.number},
        "pb:office_desk": {"process_id": process.pk},
        "pb:office_paper": {"process_id": process.pk},
        "pb:office_participation": {"process_id": process.pk},
        "pb:office_results": {"process_id": process.pk},
        "pb:office_result_count": {"process_id": process.pk},
        "pb:office_result_publish": {"result_id": result.pk},
        "pb:office_implementation": {"project_id": project.pk},
        "pb:proposal_moderate": {"process_id": process.pk, "number": proposal.number},
        "appeals:office": {},
        "appeals:office_paper": {"?": f"m={coate}"},
        "appeals:office_settings": {"?": f"m={coate}"},
        "appeals:office_calendar": {},
        "appeals:office_sweep": {},
        "appeals:office_appeal": {"appeal_id": appeal.pk},
        "appeals:office_photo": {"appeal_id": appeal.pk},
        "territory:office": {},
        "territory:office_municipality": {"coate": coate},
        "territory:office_executive": {"coate": coate},
        "territory:office_council": {"coate": coate},
        "territory:office_deputy_add": {"coate": coate},
        "territory:office_deputy_edit": {"coate": coate, "deputy_id": deputy.pk},
        "territory:office_deputy_end": {"coate": coate, "deputy_id": deputy.pk},
    }
    by_name.update(_needs_and_plans_kwargs(municipality))
    by_name.update(_hearings_kwargs(municipality))
    by_name.update(_surveys_kwargs(municipality))
    by_name.update(_monitoring_kwargs(municipality))
    by_name.update(_subscriptions_kwargs(municipality))
    # Each process page once more for every other demo process (another phase shows other actions).
    others = Process.objects.filter(municipality=municipality).exclude(pk=process.pk)
    return {
        name: [kwargs]
        + [
            {**kwargs, "process_id": other.pk}
            for other in others
            if kwargs.get("process_id") and "number" not in kwargs
        ]
        for name, kwargs in by_name.items()
    }


def _needs_and_plans_kwargs(municipality: Municipality) -> dict[str, dict[str, Any]]:
    """The office pages of the needs assessment and of the action plan, on the demo's objects."""
    from kenesh.needs.models import Campaign, Session
    from kenesh.plans.models import GroupMember, Plan

    campaign = Campaign.objects.get(municipality=municipality, year=2025)
    session = Session.objects.filter(campaign=campaign).order_by("pk").first()
    plan = Plan.objects.get(municipality=municipality, year=2026)
    item = plan.items.order_by("pk").first()
    member = GroupMember.objects.filter(group__plan=plan).order_by("pk").first()
    assert session and item and member
    coate, year, plan_year = municipality.coate, campaign.year, plan.year
    return {
        "needs:office": {},
        "needs:office_municipality": {"coate": coate},
        "needs:office_campaign": {"coate": coate, "year": year},
        "needs:office_session_new": {"coate": coate, "year": year},
        "needs:office_import": {"coate": coate, "year": year},
        "needs:office_category_new": {"coate": coate, "year": year},
        "needs:office_publish": {"coate": coate, "year": year},
        "needs:office_session": {"pk": session.pk},
        "needs:office_session_delete": {"pk": session.pk},
        "plans:office": {},
        "plans:office_municipality": {"coate": coate},
        "plans:office_plan": {"coate": coate, "year": plan_year},
        "plans:office_item_new": {"coate": coate, "year": plan_year},
        "plans:office_approve": {"coate": coate, "year": plan_year},
        "plans:office_group_new": {"coate": coate, "year": plan_year},
        "plans:office_item": {"pk": item.pk},
        "plans:office_member_new": {"pk": member.group_id},
        "plans:office_member_remove": {"pk": member.pk},
    }


def _hearings_kwargs(municipality: Municipality) -> dict[str, dict[str, Any]]:
    """The office pages of public hearings, on the demo's hearing with the most proposals and documents."""
    from kenesh.hearings.models import Hearing, HearingDocument, HearingProposal

    hearing = Hearing.objects.filter(municipality=municipality).order_by("-date").first()
    proposal = HearingProposal.objects.filter(hearing__municipality=municipality).order_by("pk").first()
    assert hearing and proposal, "the hearings demo has a hearing with proposals"
    document = HearingDocument.objects.filter(hearing__municipality=municipality).order_by("pk").first()
    coate = municipality.coate
    return {
        "hearings:office": {},
        "hearings:office_municipality": {"coate": coate},
        "hearings:office_new": {"coate": coate},
        "hearings:office_policy": {"coate": coate},
        "hearings:office_hearing": {"pk": hearing.pk},
        "hearings:office_edit": {"pk": hearing.pk},
        "hearings:office_attendance": {"pk": hearing.pk},
        "hearings:office_summary": {"pk": hearing.pk},
        "hearings:office_document": {"pk": hearing.pk},
        "hearings:office_proposal_new": {"pk": hearing.pk},
        "hearings:office_answer": {"pk": proposal.pk},
        # A POST behind a button (GET answers 405 before looking for the document).
        "hearings:office_document_delete": {"pk": document.pk if document else 1},
    }


def _surveys_kwargs(municipality: Municipality) -> dict[str, dict[str, Any]]:
    """The office pages of surveys, on the demo's latest round and its questionnaire."""
    from kenesh.surveys.models import Round

    survey_round = Round.objects.filter(instrument__municipality=municipality).order_by("-pk").first()
    assert survey_round is not None, "the surveys demo has rounds"
    return {
        "surveys:office": {},
        "surveys:office_national": {},
        "surveys:office_municipality": {"municipality_id": municipality.pk},
        "surveys:office_instrument_new": {"municipality_id": municipality.pk},
        "surveys:office_round_new": {"municipality_id": municipality.pk},
        "surveys:office_instrument": {"instrument_id": survey_round.instrument_id},
        "surveys:office_xlsform": {"instrument_id": survey_round.instrument_id},
        "surveys:office_question_new": {"instrument_id": survey_round.instrument_id},
        "surveys:office_question_reword": {
            "instrument_id": survey_round.instrument_id,
            "code": "participated",
        },
        "surveys:office_question_order": {"instrument_id": survey_round.instrument_id},
        "surveys:office_paper": {"round_id": survey_round.pk},
        "surveys:office_import": {"round_id": survey_round.pk},
    }


def _monitoring_kwargs(municipality: Municipality) -> dict[str, dict[str, Any]]:
    """The office pages of public monitoring: the findings to answer, on the demo's first finding; the
    checklists, and the page of one a demo visit used (its scored questions shown, the others editable; the
    new checklist's page has every field)."""
    from kenesh.monitoring.models import Finding, Visit

    finding = Finding.objects.filter(visit__object__municipality=municipality).order_by("pk").first()
    assert finding is not None, "the monitoring demo has findings"
    used = Visit.objects.filter(template__isnull=False, scores__isnull=False).order_by("pk").first()
    assert used is not None, "the monitoring demo scores a visit on a checklist"
    return {
        "monitoring:office": {},
        "monitoring:office_findings": {"coate": municipality.coate},
        "monitoring:office_answer": {"finding_id": finding.pk},
        "monitoring:office_checklists": {},
        "monitoring:office_checklist_new": {},
        "monitoring:office_checklist": {"template_id": used.template_id},
    }


def _subscriptions_kwargs(municipality: Municipality) -> dict[str, dict[str, Any]]:
    """The office pages of subscriptions, on the demo's member body, its first seat and first question."""
    from kenesh.subscriptions.models import Question, Seat

    seat = Seat.objects.filter(subscription__municipality=municipality).order_by("pk").first()
    question = Question.objects.order_by("pk").first()
    assert seat and question, "the subscriptions demo has seats and questions"
    return {
        "subscriptions:office": {},
        "subscriptions:office_body": {"coate": municipality.coate},
        "subscriptions:office_admin": {},
        "subscriptions:office_dues": {},
        "subscriptions:office_prices": {},
        "subscriptions:office_payment": {},
        "subscriptions:office_questions": {"?": "status=all"},
        "subscriptions:office_question": {"question_id": question.pk},
        "subscriptions:office_seat_remove": {"seat_id": seat.pk},  # a POST behind a button
    }


@pytest.fixture
def full_site(live_server, transactional_db, settings) -> str:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(
        (
            "territory",
            "accounts",
            "messaging",
            "budgets",
            "pb",
            "needs",
            "plans",
            "hearings",
            "surveys",
            "appeals",
            "monitoring",
            "subscriptions",
        )
    )
    return live_server.url


def _phone_page(browser: Any, site: str, client: Client) -> Iterator[Any]:
    yield from signed_in_page(browser, site, client, viewport=PHONE)


# Inside the page: what sticks out past the right edge, named so a failure says where to look.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !el.closest('[role=region][tabindex="0"]')) {
      const classes = el.className ? '.' + String(el.className).split(' ').join('.') : '';
      wide.push(el.tagName.toLowerCase() + classes + ' ' + Math.round(box.right) + 'px');
    }
  }
  const unlabelled = [...document.querySelectorAll('[role=region]')].filter((region) => {
    const by = region.getAttribute('aria-labelledby');
    const named = by && document.getElementById(by);
    return !(region.getAttribute('aria-label') || (named && named.textContent.trim()));
  });
  const scroll = document.documentElement.scrollWidth;
  return {scroll: scroll, wide: wide.slice(0, 5), unlabelled: unlabelled.length};
}"""


def _walk_at_phone_width(browser: Any, site: str, names: list[str]) -> None:
    """Visit each office page of `names` as the demo's staff member and as an administrator, in ky and ru."""
    kwargs = _kwargs_by_name()
    assert set(names) <= set(kwargs), f"office pages without parameters here: {set(names) - set(kwargs)}"
    municipality = Municipality.objects.current().get(coate=territory_demo.KUM_DOBO)
    staff = User.objects.get(
        role_assignments__role=Role.STAFF,
        role_assignments__municipality=municipality,
        role_assignments__revoked_at__isnull=True,
    )
    admin = User.objects.filter(Q(is_superuser=True) | Q(role_assignments__role=Role.ADMIN)).first()
    assert admin is not None
    too_wide: list[str] = []
    pages = 0
    for user in (staff, admin):
        client = Client()
        office_login(client, user)
        for page in _phone_page(browser, site, client):
            for language in ("ky", "ru"):
                for name, arguments in (
                    (each_name, each) for each_name in names for each in kwargs[each_name]
                ):
                    query = arguments.get("?")
                    url = url_of(site, name, language, **{k: v for k, v in arguments.items() if k != "?"})
                    url += f"?{query}" if query else ""
                    answer = client.get(url.removeprefix(site))
                    status = answer.status_code
                    if status == 405:  # an action behind a button, not a page
                        continue
                    if status == 200 and not answer["Content-Type"].startswith("text/html"):
                        continue  # a download (an XLSForm), not a page
                    if status == 403 and user == staff:  # an administrator's page
                        continue
                    response = page.goto(url)
                    assert response is not None
                    assert response.status == 200, f"{user.get_username()} {url}: {response.status}"
                    pages += 1
                    found = page.evaluate(OVERFLOW_JS)
                    if found["scroll"] > PHONE["width"]:
                        too_wide.append(f"{user.get_username()} {url}: {found['scroll']} px, {found['wide']}")
                    assert not found["unlabelled"], f"{url}: regions without a label"
                if user == admin and "audit:log" in names:  # on a desktop too, digests wrap in their cells
                    page.set_viewport_size({"width": 1280, "height": 800})
                    page.goto(url_of(site, "audit:log", language))
                    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
                    page.set_viewport_size(PHONE)
    assert pages >= len(names)
    assert not too_wide, "\n".join(too_wide)


def test_every_office_page_fits_a_phone_for_staff_and_admin(browser, full_site):
    names = _office_url_names()
    assert len(names) > 50
    _walk_at_phone_width(browser, full_site, names)


def test_the_monitoring_office_pages_fit_a_phone(browser, full_site):
    """The monitoring pages alone (run them with -k monitoring while working on that app)."""
    names = [name for name in _office_url_names() if name.startswith("monitoring:")]
    assert "monitoring:office_checklist" in names
    _walk_at_phone_width(browser, full_site, names)


def test_the_process_page_links_are_separate_targets_on_a_phone(browser, full_site):
    """The office process page's links to its pages are a list of spaced, finger-sized targets."""
    admin = User.objects.filter(role_assignments__role=Role.ADMIN).first()
    assert admin is not None
    client = Client()
    office_login(client, admin)
    process = Process.objects.order_by("pk").first()
    assert process is not None
    for page in _phone_page(browser, full_site, client):
        for language, label in (("ky", "Процесстин барактары"), ("ru", "Страницы процесса")):
            page.goto(url_of(full_site, "pb:office_process", language, process_id=process.pk))
            links = page.get_by_role("navigation", name=label).get_by_role("listitem").get_by_role("link")
            boxes = [link.bounding_box() for link in links.all()]
            assert len(boxes) >= 5, page.url
            for box in boxes:
                assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 360
            for first, second in pairwise(boxes):
                assert first is not None and second is not None
                apart = second["x"] - (first["x"] + first["width"]) >= 4
                below = second["y"] - (first["y"] + first["height"]) >= 4
                assert apart or below, f"{language}: two links touch"
