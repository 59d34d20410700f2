"""The audit log's permission, built from the predicates of kenesh.accounts.permissions.

Imported by AuditConfig.ready(), so has_perm() knows this name from the first request.
"""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_staff_of, permission_register

# obj = Municipality: its part of the audit log; None: the whole log.
permission_register("audit.view_log", is_admin | is_staff_of)
