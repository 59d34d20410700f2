"""Fixtures of the budgets tests: budget-core's, from core_fixtures (the public ones are plain helpers)."""

from tests.budgets.core_fixtures import (  # noqa: F401
    budget,
    classification,
    ours,
    staff,
    their_staff,
    theirs,
)
