"""The messaging permissions, built from the predicates of kenesh.accounts.permissions.

Imported by MessagingConfig.ready(), so has_perm() knows these names from the first request.
"""

from __future__ import annotations

from kenesh.accounts.permissions import has_object, is_admin, is_lsg_staff, is_staff_of, permission_register

# obj = None (every municipality) or a Municipality: the SMS outbox.
permission_register("messaging.view_outbox", is_admin | (is_lsg_staff & ~has_object) | is_staff_of)
