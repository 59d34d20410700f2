"""Moved to kenesh.ops.access, so that territory's views use it without importing accounts.

These names stay here for code written against the old place; new code imports kenesh.ops.access.
"""

from kenesh.ops.access import (
    OfficeRequiredMixin,
    needs_second_factor,
    office_check,
    office_required,
    require_perm,
    second_factor_passed,
    second_factor_url,
)

__all__ = [
    "OfficeRequiredMixin",
    "needs_second_factor",
    "office_check",
    "office_required",
    "require_perm",
    "second_factor_passed",
    "second_factor_url",
]
