"""Tests of participatory budgeting: uploads go to a temporary folder; the desk and channel tests' process.

A module with a process of its own defines its own `process` fixture, which takes precedence.
"""

import pytest

from kenesh.accounts.models import Role
from kenesh.accounts.testing import person_make
from kenesh.pb.testing import process_with_proposals


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def process():
    return process_with_proposals(max_choices=3)


@pytest.fixture
def staff(process):
    return person_make(role=Role.STAFF, municipality=process.municipality)
