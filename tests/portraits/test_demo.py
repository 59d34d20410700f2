"""After the whole demo loads, the portraits of the demo municipality and rayon show live figures from every
capability, each with its source; the dashboard lists them and downloads as CSV."""

import pytest

from kenesh.ops.indicators import indicators
from kenesh.portraits.models import IndicatorValue
from kenesh.territory.demo import KUM_DOBO
from kenesh.territory.models import Unit
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db

ALL = (
    "territory",
    "accounts",
    "messaging",
    "budgets",
    "pb",
    "needs",
    "plans",
    "hearings",
    "surveys",
    "subscriptions",
    "appeals",
    "monitoring",
    "portraits",
)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_load(ALL)


def test_the_demo_portraits_show_figures_of_every_capability(demo, client):
    municipality = Unit.objects.current().get(coate=KUM_DOBO)
    keys = set(IndicatorValue.objects.filter(unit=municipality).values_list("key", flat=True))
    sources = {item.source for item in indicators() if item.key in keys}
    assert sources == {"budgets", "pb", "hearings", "needs", "appeals", "surveys", "territory"}, keys
    rayon = municipality.parent
    assert {"trust_index", "satisfaction_share", "kenesh_women_share", "pb_votes"} <= keys
    assert IndicatorValue.objects.filter(unit=rayon).exists()
    for language in ("ky", "ru"):
        for coate in (KUM_DOBO, rayon.coate, rayon.parent.coate):
            page = client.get(f"/{language}/portraits/{coate}/")
            assert page.status_code == 200
            html = page.content.decode()
            assert 'id="table-portrait"' in html
        page = client.get(f"/{language}/portraits/{KUM_DOBO}/").content.decode()
        assert f"/{language}/budgets/{KUM_DOBO}/" in page
        assert f"/{language}/hearings/{KUM_DOBO}/" in page
        # The municipality's page (territory) links to its portrait through its fragment slot.
        assert (
            f"/{language}/portraits/{KUM_DOBO}/" in client.get(f"/{language}/m/{KUM_DOBO}/").content.decode()
        )


def test_the_demo_dashboard_sorts_by_women_at_hearings_and_downloads(demo, client):
    page = client.get("/ru/portraits/?sort=hearings_women_share&dir=desc")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/ru/portraits/{KUM_DOBO}/" in html
    csv = client.get("/ru/portraits/?sort=hearings_women_share&dir=desc&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert KUM_DOBO in csv.content.decode()
    xlsx = client.get("/ky/portraits/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_the_portrait_prints_as_a4_pdf_in_kyrgyz_and_russian(demo, client):
    for language in ("ky", "ru"):
        pdf = client.get(f"/ru/portraits/{KUM_DOBO}/portrait-{language}.pdf")
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/ru/portraits/{KUM_DOBO}/portrait-en.pdf").status_code == 404


def test_the_demo_municipalitys_portrait_shows_the_editors_text(demo, client):
    from kenesh.portraits.demo import DEMO_HEADING_RU

    html = client.get(f"/ru/portraits/{KUM_DOBO}/").content.decode()
    assert DEMO_HEADING_RU in html
