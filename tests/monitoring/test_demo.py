"""The monitoring demo loads with the rest, once: visits to a PB winner and to the water service, findings,
answers and a photo; the demo monitor can sign in and record a visit; "you said, we did" is filled."""

import pytest
from django.urls import reverse

from kenesh.accounts.demo import DEMO_PASSWORD, DEMO_PEOPLE
from kenesh.accounts.models import Role
from kenesh.monitoring import demo as monitoring_demo
from kenesh.monitoring.models import Finding, ObjectKind, Visit, VisitPhoto
from tests.web.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_the_monitor_records_a_visit(settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loaded = demo_load(
        (
            "territory",
            "accounts",
            "messaging",
            "budgets",
            "pb",
            "needs",
            "plans",
            "hearings",
            "appeals",
            "monitoring",
        )
    )
    assert "monitoring" in loaded
    monitoring_demo.load_demo()
    kinds = set(Visit.objects.values_list("object__kind", flat=True))
    assert kinds == {ObjectKind.PB_PROJECT, ObjectKind.SERVICE}
    assert Visit.objects.count() == 2 and VisitPhoto.objects.count() == 1
    assert Finding.objects.exclude(answered_at=None).count() == 3
    assert Finding.objects.filter(answered_at=None).count() == 1
    visit = Visit.objects.first()
    coate = visit.object.municipality.coate
    for language in ("ky", "ru"):
        for name in ("municipality", "you_said"):
            response = client.get(
                f"/{language}/monitoring/{coate}/" + ("you-said-we-did/" if name == "you_said" else "")
            )
            assert response.status_code == 200
    page = client.get(f"/ru/monitoring/{coate}/you-said-we-did/").content.decode()
    assert "/pb/" in page and "/plans/" in page and "/needs/" in page
    assert "/hearings/" in page and "/appeals/" in page
    login = next(person.login for person in DEMO_PEOPLE if person.role == Role.MONITOR)
    response = client.post(reverse("accounts:login"), {"username": login, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("monitoring:visit_new", kwargs={"coate": coate})).status_code == 200
