"""The needs permissions, built from the predicates of kenesh.accounts.permissions (imported by ready())."""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_staff_of, permission_register

# obj = Municipality (or a campaign, a session): record and import sessions, extend categories, publish.
permission_register("needs.manage_assessment", is_staff_of | is_admin)
