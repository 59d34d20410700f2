"""The editorial admin (Wagtail at /office/portal/): Kenesh's office sign-in first, then the editor role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from kenesh.accounts.models import Role, RoleAssignment
from kenesh.accounts.testing import office_login, person_make
from kenesh.portal.access import EDITORS_GROUP

pytestmark = pytest.mark.django_db


def test_anonymous_goes_to_kenesh_sign_in(client):
    response = client.get("/office/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ky/login/?next=/office/portal/")


def test_wagtail_login_form_is_never_reached(client):
    response = client.get("/office/portal/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ky/login/?next=")


def test_editor_without_second_factor_is_asked_for_it(client):
    editor = person_make(role=Role.EDITOR, password="editor-pass-1")
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/office/portal/")
    assert response.status_code == 302
    assert "/two-step/" in response["Location"]


def test_editor_enters_and_joins_the_wagtail_group(client):
    editor = person_make(role=Role.EDITOR)
    office_login(client, editor)
    response = client.get("/office/portal/")
    assert response.status_code == 200
    assert editor.groups.filter(name=EDITORS_GROUP).exists()
    assert client.get("/office/portal/pages/").status_code == 200
    assert client.get("/office/portal/snippets/portal/theme/").status_code == 200


def test_administrator_enters(client):
    admin = person_make(role=Role.ADMIN)
    office_login(client, admin)
    assert client.get("/office/portal/").status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.MODERATOR, Role.ANALYST])
def test_other_office_roles_are_refused(client, role, village):
    person = person_make(role=role, municipality=village)
    office_login(client, person)
    assert client.get("/office/portal/").status_code == 403
    assert client.get("/office/portal/pages/").status_code == 403


def test_citizen_is_refused(client):
    citizen = person_make()
    client.force_login(citizen, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/office/portal/").status_code == 403


def test_editor_who_loses_the_role_loses_the_group(client):
    editor = person_make(role=Role.EDITOR)
    office_login(client, editor)
    assert client.get("/office/portal/").status_code == 200
    RoleAssignment.objects.filter(user=editor).delete()
    assert client.get("/office/portal/").status_code == 403
    assert not Group.objects.get(name=EDITORS_GROUP).user_set.filter(pk=editor.pk).exists()


def test_only_the_admin_relaxes_the_content_security_policy(client, water):
    editor = person_make(role=Role.EDITOR)
    office_login(client, editor)
    admin_policy = client.get("/office/portal/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    for url in ("/ky/portal/", "/ky/portal/water/", "/ky/portal/search/?q=суу"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "unsafe-inline" not in policy, url
        assert "script-src 'self'" in policy
