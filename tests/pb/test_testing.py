"""The test helpers themselves: defaults that can be called again in one test."""

import pytest

from kenesh.pb.testing import process_make, proposal_make, village_make

pytestmark = pytest.mark.django_db


def test_process_make_twice_without_a_municipality():
    first, second = process_make(), process_make()
    assert first.municipality_id != second.municipality_id
    assert first.municipality.parent_id != second.municipality.parent_id
    assert len(first.municipality.coate) == 14
    # Their villages and proposals do not collide either.
    assert village_make(first.municipality).coate != village_make(second.municipality).coate
    assert proposal_make(first).number == proposal_make(second).number == 1
