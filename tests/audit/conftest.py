"""Fixtures of the audit tests: two municipalities whose logs are kept apart."""

from tests.territory.fixtures import municipality, other_municipality

__all__ = ["municipality", "other_municipality"]
