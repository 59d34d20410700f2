"""The audit log page and selector: who sees which entries, filters, pages, query count."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from kenesh.accounts.models import Role
from kenesh.accounts.testing import office_login, person_make
from kenesh.audit.models import AuditEntry
from kenesh.audit.selectors import audit_list
from kenesh.audit.services import audit_record

pytestmark = pytest.mark.django_db

URL = "/ky/office/audit/"


@pytest.fixture
def entries(municipality, other_municipality):
    staff = person_make(role=Role.STAFF, municipality=municipality, email="staff@kenesh.test")
    with transaction.atomic():
        audit_record(
            actor=staff, action="territory.deputy.create", target=municipality, municipality=municipality
        )
        audit_record(
            actor=staff,
            action="territory.deputy.update",
            target=municipality,
            municipality=municipality,
            changes={"full_name": {"before": "Асан", "after": "Асан Үсөнов"}},
        )
        audit_record(actor=None, action="accounts.role.assign", target=None, municipality=other_municipality)
    return staff


def _actions(response) -> list[str]:
    return [entry.action for entry in response.context["page"].object_list]


def test_url():
    assert reverse("audit:log") == URL


def test_admin_sees_every_entry_newest_first(client, entries):
    office_login(client, person_make(role=Role.ADMIN))

    response = client.get(URL)

    assert response.status_code == 200
    assert _actions(response) == [
        "accounts.role.assign",
        "territory.deputy.update",
        "territory.deputy.create",
    ]
    page = response.content.decode()
    assert "Асан Үсөнов" in page
    assert "staff@kenesh.test" in page
    assert "Система" in page


def test_the_municipality_column_names_the_municipality(client, entries, municipality, other_municipality):
    """Before, the column showed the bare СОАТЕ code; the code stays as the name's tooltip."""
    office_login(client, person_make(role=Role.ADMIN))

    page = client.get(URL).content.decode()

    for place in (municipality, other_municipality):
        assert f'<span title="{place.coate}">{place.name}</span>' in page


def test_filters_by_municipality_actor_and_action(client, entries, municipality):
    office_login(client, person_make(role=Role.ADMIN))

    assert len(_actions(client.get(URL, {"municipality": municipality.coate}))) == 2
    assert len(_actions(client.get(URL, {"actor": "STAFF@"}))) == 2
    assert _actions(client.get(URL, {"action": "territory.deputy.update"})) == ["territory.deputy.update"]
    # A dotted prefix matches its whole family, but not a longer word that starts the same.
    assert len(_actions(client.get(URL, {"action": "territory.deputy"}))) == 2
    assert _actions(client.get(URL, {"action": "territory.dep"})) == []


def test_unknown_municipality_is_not_found(client, entries):
    office_login(client, person_make(role=Role.ADMIN))

    assert client.get(URL, {"municipality": "41799999999999"}).status_code == 404


def test_staff_see_their_municipality_only(client, entries, municipality, other_municipality):
    office_login(client, entries)

    assert client.get(URL, {"municipality": other_municipality.coate}).status_code == 403
    response = client.get(URL, {"municipality": municipality.coate})
    assert response.status_code == 200
    assert _actions(response) == ["territory.deputy.update", "territory.deputy.create"]
    # Without a filter they land on their own municipality's log.
    own = client.get(URL)
    assert own.context["municipality"] == municipality
    assert _actions(own) == ["territory.deputy.update", "territory.deputy.create"]


def test_office_people_who_may_read_no_log_are_refused(client, entries, municipality):
    office_login(client, person_make(role=Role.MODERATOR, municipality=municipality))

    assert client.get(URL).status_code == 403


def test_people_without_an_office_role_are_kept_out(client, entries):
    assert client.get(URL).status_code == 302
    client.force_login(person_make(), backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(URL).status_code == 403


def test_selector_gives_nothing_to_whom_may_not_see(entries, municipality, other_municipality):
    resident = person_make()
    assert list(audit_list(viewer=resident)) == []
    assert list(audit_list(viewer=resident, municipality=municipality)) == []
    assert list(audit_list(viewer=entries, municipality=other_municipality)) == []
    assert audit_list(viewer=entries, municipality=municipality).count() == 2


def test_pages_cost_a_fixed_number_of_queries(client, entries, municipality, django_assert_max_num_queries):
    office_login(client, person_make(role=Role.ADMIN))
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    staff = entries
    with transaction.atomic():
        for number in range(60):
            audit_record(actor=staff, action=f"test.step{number}", target=staff, municipality=municipality)

    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(_actions(first)) == 50
    assert len(_actions(second)) == 13
    assert 'rel="next"' in first.content.decode()


def test_admin_site_shows_entries_but_allows_no_change(client, entries):
    admin = person_make(role=Role.ADMIN, is_staff=True, is_superuser=True)
    office_login(client, admin)
    entry = AuditEntry.objects.first()

    assert client.get("/ky/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/ky/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/ky/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/ky/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
