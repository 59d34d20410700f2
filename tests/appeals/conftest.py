"""Tests of appeals: uploads go to a temporary folder; two municipalities; staff, a head and an outsider."""

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.appeals.models import Category, Head, Holiday
from kenesh.appeals.seed import seed
from tests.territory.fixtures import municipality, other_municipality  # noqa: F401


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(municipality):  # noqa: F811
    return person_make(role=Role.STAFF, municipality=municipality)


@pytest.fixture
def head(municipality):  # noqa: F811
    person = person_make(role=Role.STAFF, municipality=municipality, full_name="Башчы Айыл Өкмөтү")
    Head.objects.create(municipality=municipality, person=person)
    return person


@pytest.fixture
def outsider(other_municipality):  # noqa: F811
    return person_make(role=Role.STAFF, municipality=other_municipality)


@pytest.fixture(autouse=True)
def _shipped_data(request):
    """The shipped categories and holidays, back after any transactional test's flush took them away."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        seed(Category, Holiday)
