"""Two municipalities in different rayons, ours and another, for the tests of apps that scope by municipality.

A test package takes them into its conftest: `from tests.territory.fixtures import municipality, ...`.
"""

from __future__ import annotations

import pytest

from kenesh.territory.models import Municipality
from kenesh.territory.testing import municipality_make


@pytest.fixture
def municipality(db) -> Municipality:
    return municipality_make("41702215810000", "Ак-Суу")


@pytest.fixture
def other_municipality(db) -> Municipality:
    return municipality_make("41703220820000", "Кара-Суу")
