"""Who reads the citizen's name, phone and email: the staff member handling the appeal and the head, only."""

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.appeals.models import Head
from kenesh.appeals.testing import appeal_make

pytestmark = pytest.mark.django_db


def test_the_handler_and_the_head_read_the_appellant_nobody_else(
    municipality, other_municipality, staff, head
):
    appeal = appeal_make(municipality)
    appeal.assignee = staff
    colleague = person_make(role=Role.STAFF, municipality=municipality)
    admin = person_make(role=Role.ADMIN)
    other_head = person_make(role=Role.STAFF, municipality=other_municipality)
    Head.objects.create(municipality=other_municipality, person=other_head)
    assert staff.has_perm("appeals.view_appellant", appeal)
    assert head.has_perm("appeals.view_appellant", appeal)
    assert not colleague.has_perm("appeals.view_appellant", appeal)
    assert not admin.has_perm("appeals.view_appellant", appeal)
    assert not other_head.has_perm("appeals.view_appellant", appeal)
    assert colleague.has_perm("appeals.handle", appeal)
    assert not other_head.has_perm("appeals.handle", appeal)


def test_a_handler_who_leaves_the_staff_reads_nothing(municipality, staff):
    appeal = appeal_make(municipality)
    appeal.assignee = staff
    staff.role_assignments.update(revoked_at="2026-01-01T00:00:00Z")
    staff = type(staff).objects.get(pk=staff.pk)
    assert not staff.has_perm("appeals.view_appellant", appeal)
