"""The budget office pages: who may open them, and what each one does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.budgets.models import Budget, BudgetLine, BudgetVersion, VersionKind
from kenesh.budgets.testing import classification_get, version_make

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    b"direction,code,economic_code,amount,over_plan,note\n"
    b"revenue,1132,,2 100 000,,\n"
    b"revenue,1311,,16 000 000,,\n"
    b"expenditure,7091,2111,9 500 000,,\n"
    b"expenditure,7063,2215,1 200 000,,\n"
)
BAD_CSV = (
    b"direction,code,economic_code,amount,over_plan,note\n"
    b"revenue,1132,,2 100 000,,\n"
    b"revenue,9999,,5,,\n"
    b"expenditure,7091,,9 500 000,,\n"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def draft(budget):
    return version_make(budget, VersionKind.DRAFT, lines=[("1131", 700_000)], published=False)


def office_urls(budget, draft):
    coate, year = budget.municipality.coate, budget.year
    line = draft.lines.get()
    approved = budget.versions.get(kind=VersionKind.APPROVED)
    return {
        "list": ("get", reverse("budgets:office_municipality", kwargs={"coate": coate})),
        "new budget": ("post", reverse("budgets:office_budget_new", kwargs={"coate": coate})),
        "budget": ("get", reverse("budgets:office_budget", kwargs={"coate": coate, "year": year})),
        "summary": ("get", reverse("budgets:office_summary", kwargs={"coate": coate, "year": year})),
        "new version": ("get", reverse("budgets:office_version_new", kwargs={"coate": coate, "year": year})),
        "compare": (
            "get",
            reverse("budgets:office_compare", kwargs={"coate": coate, "year": year})
            + f"?a={approved.pk}&b={draft.pk}",
        ),
        "version": ("get", reverse("budgets:office_version", kwargs={"pk": draft.pk})),
        "upload": ("get", reverse("budgets:office_upload", kwargs={"pk": draft.pk})),
        "publish": ("get", reverse("budgets:office_publish", kwargs={"pk": draft.pk})),
        "publish (post)": ("post", reverse("budgets:office_publish", kwargs={"pk": draft.pk})),
        "new line": ("get", reverse("budgets:office_line_new", kwargs={"pk": draft.pk})),
        "line": ("get", reverse("budgets:office_line", kwargs={"pk": line.pk})),
        "delete line": ("get", reverse("budgets:office_line_delete", kwargs={"pk": line.pk})),
        "delete line (post)": ("post", reverse("budgets:office_line_delete", kwargs={"pk": line.pk})),
    }


PAGES = [
    "list",
    "new budget",
    "budget",
    "summary",
    "new version",
    "compare",
    "version",
    "upload",
    "publish",
    "publish (post)",
    "new line",
    "line",
    "delete line",
    "delete line (post)",
]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, budget, draft, page):
    method, url = office_urls(budget, draft)[page]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_staff_of_another_municipality_are_refused(client, budget, draft, their_staff, page):
    office_login(client, their_staff)
    method, url = office_urls(budget, draft)[page]
    response = getattr(client, method)(url, {"year": 2030})
    assert response.status_code == 403
    assert Budget.objects.count() == 1 and draft.lines.count() == 1 and draft.published_at is None


@pytest.mark.parametrize("page", [page for page in PAGES if "post" not in page and page != "new budget"])
def test_staff_open_every_page_of_their_municipality(client, budget, draft, staff, page):
    office_login(client, staff)
    _method, url = office_urls(budget, draft)[page]
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", [page for page in PAGES if "post" not in page and page != "new budget"])
def test_a_resident_without_an_office_role_is_refused(client, budget, draft, ours, page):
    resident = person_make(resident_of=ours)
    client.force_login(resident)
    _method, url = office_urls(budget, draft)[page]
    assert client.get(url).status_code == 403


def test_an_administrator_opens_any_municipality(client, budget, draft):
    office_login(client, person_make(role=Role.ADMIN))
    _method, url = office_urls(budget, draft)["version"]
    assert client.get(url).status_code == 200


def test_the_office_home_goes_to_the_only_municipality(client, staff, ours):
    office_login(client, staff)
    response = client.get(reverse("budgets:office"))
    assert response.status_code == 302
    assert response["Location"] == reverse("budgets:office_municipality", kwargs={"coate": ours.coate})


def test_the_dashboard_links_the_budgets(client, staff):
    office_login(client, staff)
    response = client.get(reverse("web:office"))
    assert reverse("budgets:office") in response.content.decode()


def test_open_a_budget_then_a_version(client, staff, ours):
    office_login(client, staff)
    response = client.post(
        reverse("budgets:office_budget_new", kwargs={"coate": ours.coate}), {"year": 2026, "population": 9100}
    )
    assert response.status_code == 302
    budget = Budget.objects.get(municipality=ours, year=2026)
    assert budget.population == 9100
    response = client.post(
        reverse("budgets:office_version_new", kwargs={"coate": ours.coate, "year": 2026}),
        {"kind": "draft", "date": "2025-11-01", "act_title": "", "period": ""},
    )
    version = budget.versions.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "budgets:office_version", kwargs={"pk": version.pk}
    )


def test_a_refused_version_keeps_the_form(client, staff, budget):
    office_login(client, staff)
    response = client.post(
        reverse("budgets:office_version_new", kwargs={"coate": budget.municipality.coate, "year": 2025}),
        {"kind": "execution", "date": "2025-10-15", "act_title": "Report of the aiyl okmotu"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "An execution report needs its period." in body and 'value="Report of the aiyl okmotu"' in body
    assert budget.versions.count() == 1


def test_a_good_file_is_imported(client, staff, draft):
    office_login(client, staff)
    upload = SimpleUploadedFile("plan.csv", GOOD_CSV, content_type="text/csv")
    response = client.post(reverse("budgets:office_upload", kwargs={"pk": draft.pk}), {"file": upload})
    assert response.status_code == 302
    assert draft.lines.count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "Imported 4 lines from plan.csv." in page


def test_a_bad_file_shows_the_problems_and_keeps_the_form(client, staff, draft):
    office_login(client, staff)
    upload = SimpleUploadedFile("bad.csv", BAD_CSV, content_type="text/csv")
    response = client.post(
        reverse("budgets:office_upload", kwargs={"pk": draft.pk}),
        {"file": upload, "declared_revenue": "2 100 005", "declared_expenditure": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "bad.csv was not imported: 2 problems." in body
    assert '<th scope="row">3</th><td>Unknown revenue code 9999.</td>' in body
    assert '<th scope="row">4</th><td>An expenditure line needs an economic item.</td>' in body
    assert 'value="2 100 005"' in body
    assert list(draft.lines.values_list("code__code", flat=True)) == ["1131"]


def test_an_upload_that_is_not_csv_or_xlsx_is_refused(client, staff, draft):
    office_login(client, staff)
    upload = SimpleUploadedFile("budget.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("budgets:office_upload", kwargs={"pk": draft.pk}), {"file": upload})
    assert response.status_code == 400 and "Upload a .csv or .xlsx file." in response.content.decode()


def test_add_edit_and_delete_a_line(client, staff, draft):
    office_login(client, staff)
    function = classification_get("function", "7064")
    economic = classification_get("economic", "2215")
    response = client.post(
        reverse("budgets:office_line_new", kwargs={"pk": draft.pk}),
        {"code": function.pk, "economic": economic.pk, "amount": "650 000,50", "note": ""},
    )
    assert response.status_code == 302
    line = draft.lines.get(code=function)
    assert line.amount == Decimal("650000.50") and line.direction == "expenditure"
    response = client.post(
        reverse("budgets:office_line", kwargs={"pk": line.pk}),
        {"code": function.pk, "economic": economic.pk, "amount": "700000", "note": "LED lamps"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.amount, line.note) == (Decimal("700000.00"), "LED lamps")
    response = client.post(reverse("budgets:office_line_delete", kwargs={"pk": line.pk}))
    assert response.status_code == 302 and not BudgetLine.objects.filter(pk=line.pk).exists()
    assert AuditEntry.objects.filter(action__startswith="budgets.line.").count() == 3


def test_a_refused_line_keeps_what_was_typed(client, staff, draft):
    office_login(client, staff)
    function = classification_get("function", "7064")
    response = client.post(
        reverse("budgets:office_line_new", kwargs={"pk": draft.pk}),
        {"code": function.pk, "economic": "", "amount": "12 345,67", "note": "street lamps"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "An expenditure line needs an economic item." in body
    assert 'value="12 345,67"' in body and 'value="street lamps"' in body


def test_publish(client, staff, draft):
    office_login(client, staff)
    response = client.post(reverse("budgets:office_publish", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_summary(client, staff, budget):
    office_login(client, staff)
    url = reverse("budgets:office_summary", kwargs={"coate": budget.municipality.coate, "year": 2025})
    response = client.post(
        url,
        {"summary_ky": "Бюджет өстү", "summary_ru": "Бюджет вырос", "summary_en": "", "population": "8800"},
    )
    assert response.status_code == 302
    budget.refresh_from_db()
    assert (budget.summary_ru, budget.population) == ("Бюджет вырос", 8800)


def test_compare_two_versions_line_by_line(client, staff, budget):
    office_login(client, staff)
    approved = budget.versions.get()
    amendment = version_make(
        budget,
        VersionKind.AMENDMENT,
        lines=[("1132", 2_000_000), ("1311", 15_500_000), ("1451", 40_000), ("7091", "2111", 9_000_000)],
    )
    url = reverse("budgets:office_compare", kwargs={"coate": budget.municipality.coate, "year": 2025})
    response = client.get(url, {"a": approved.pk, "b": amendment.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 added, 5 removed, 1 changed, 2 unchanged." in body
    assert 'id="revenue:1451:"' in body and 'id="revenue:1311:"' in body
    assert "500,000\xa0som" in body and ".00\xa0som" not in body  # the grant's difference; one money format
    assert 'id="revenue:1132:"' not in body  # unchanged lines only on request
    assert (
        'id="revenue:1132:"'
        in client.get(url, {"a": approved.pk, "b": amendment.pk, "all": 1}).content.decode()
    )


def test_versions_of_another_budget_cannot_be_compared(client, staff, budget, theirs):
    office_login(client, staff)
    from kenesh.budgets.testing import budget_make

    other = budget_make(theirs, 2025, lines=[("1132", 1)]).versions.get()
    url = reverse("budgets:office_compare", kwargs={"coate": budget.municipality.coate, "year": 2025})
    response = client.get(url, {"a": budget.versions.get().pk, "b": other.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    ("fmt", "start"), [("csv", "\ufeffdirection;code".encode()), ("xlsx", b"PK\x03\x04")]
)
def test_the_template_downloads_without_signing_in(client, fmt, start):
    response = client.get(reverse("budgets:import_template", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    assert response.content.startswith(start)
    assert "attachment" in response["Content-Disposition"]


def test_unknown_template_format(client):
    assert client.get(reverse("budgets:import_template", kwargs={"fmt": "pdf"})).status_code == 404


def test_unpublished_versions_stay_unpublished_until_published(draft):
    assert BudgetVersion.objects.filter(published_at__isnull=True).get() == draft
