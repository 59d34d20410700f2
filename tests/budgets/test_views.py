"""The public budget pages: the citizen's budget, its PDF link, comparisons and the national view."""

import pytest
from django.urls import reverse
from django.utils import translation

from kenesh.budgets.models import Budget, VersionKind
from tests.budgets.public_fixtures import AK_SUU, FAR_AWAY, KARA_SUU, country_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    return country_make()


def url(name, language="ky", **kwargs):
    with translation.override(language):
        return reverse(f"budgets:{name}", kwargs=kwargs or None)


def test_citizen_budget_in_kyrgyz(client, country):
    response = client.get(url("citizen", coate=AK_SUU, year=2025))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ак-Суу" in text
    assert "Бюджеттин негизги максаты" in text  # the staff's summary
    assert "Билим берүү" in text  # the education function in Kyrgyz
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="budget-chart"' in text
    assert 'id="line-expenditure-7091-2111"' in text
    assert "/budgets/data/41702215810000/2025/approved.datapackage.json" in text
    assert url("brochure", "ru", coate=AK_SUU, year=2025) in text
    assert "<script" not in text.split("</head>")[1]  # the charts need no script


def test_citizen_budget_in_russian_and_english(client, country):
    text = client.get(url("citizen", "ru", coate=AK_SUU, year=2025)).content.decode()
    assert "Образование" in text
    text = client.get(url("citizen", "en", coate=AK_SUU, year=2025)).content.decode()
    assert "Education" in text


def test_unknown_or_unpublished_budget_is_404(client, country):
    assert client.get(url("citizen", coate=AK_SUU, year=2031)).status_code == 404
    assert client.get(url("citizen", coate="00000000000000", year=2025)).status_code == 404
    assert client.get(url("municipality", coate="00000000000000")).status_code == 404
    # A municipality without a published budget says so (its page always links here).
    response = client.get(url("municipality", coate=KARA_SUU[:-1] + "9"))
    assert response.status_code == 404
    Budget.objects.filter(municipality__coate=KARA_SUU).delete()
    response = client.get(url("municipality", coate=KARA_SUU))
    assert response.status_code == 200
    assert "Кара-Суу" in response.content.decode()


def test_municipality_page_links_to_its_budget(client, country):
    with translation.override("ky"):
        page = client.get(reverse("territory:municipality", kwargs={"coate": AK_SUU})).content.decode()
    assert url("municipality", coate=AK_SUU) in page


def test_municipality_redirects_to_the_latest_year(client, country):
    response = client.get(url("municipality", coate=AK_SUU))
    assert response.status_code == 302
    assert response["Location"] == url("citizen", coate=AK_SUU, year=2025)


def test_citizen_page_costs_a_fixed_number_of_queries(client, country, django_assert_max_num_queries):
    client.get(url("citizen", coate=AK_SUU, year=2025))  # warm the session and the catalogues
    with django_assert_max_num_queries(7):
        assert client.get(url("citizen", coate=AK_SUU, year=2025)).status_code == 200


def test_compare_years_page(client, country, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(url("compare_years", coate=AK_SUU) + "?year=2024&year=2025")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2024" in text and "2025" in text
    assert 'id="chart-years-expenditure-title"' in text


def test_compare_peers_page(client, country, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(url("compare_peers", coate=AK_SUU, year=2025) + f"?with={FAR_AWAY}")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Алыскы" in text
    assert "Кара-Суу" in text  # still offered as a peer to tick


def test_overview_page_sorts_filters_and_pages(client, country, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = client.get(url("overview") + "?year=2025&sort=-own_share")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'aria-sort="descending"' in text
    assert text.index("Токтогул") < text.index("Кара-Суу")
    response = client.get(url("overview") + f"?year=2025&rayon={country.rayon.coate}")
    assert "Алыскы" not in response.content.decode()
    assert KARA_SUU in response.content.decode()
    # Nonsense in the query is ignored, not an error.
    assert client.get(url("overview") + "?year=abc&sort=zzz&page=99&oblast=x").status_code == 200


def test_an_earlier_published_plan_can_be_shown(client, country):
    from kenesh.budgets.testing import version_make

    version_make(
        country.budget_2025, VersionKind.DRAFT, lines=[("1132", 1_000_000), ("7091", "2111", 1_000_000)]
    )
    page = client.get(url("citizen", coate=AK_SUU, year=2025)).content.decode()
    assert "?version=draft" in page
    draft = client.get(url("citizen", coate=AK_SUU, year=2025) + "?version=draft")
    assert draft.status_code == 200
    assert draft.context["data"].plan.kind == VersionKind.DRAFT
    assert 'role="note"' in draft.content.decode()
    assert client.get(url("citizen", coate=AK_SUU, year=2025) + "?version=amendment-1").status_code == 404
    assert client.get(url("citizen", coate=AK_SUU, year=2025) + "?version=execution-year").status_code == 404
    assert client.get(url("citizen", coate=AK_SUU, year=2025) + "?version=zzz").status_code == 404
