"""The plans permissions, built from the predicates of kenesh.accounts.permissions (imported by ready())."""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_staff_of, permission_register

# obj = Municipality (or a plan, an item): write the action plan, its items, progress, groups and members.
permission_register("plans.manage_plan", is_staff_of | is_admin)
