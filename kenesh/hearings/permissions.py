"""The hearings permissions, built from the predicates of kenesh.accounts.permissions.

Imported by HearingsConfig.ready(), so has_perm() knows these names from the first request.
"""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_staff_of, permission_register

# obj = Municipality (or a hearing, a proposal in it): schedule hearings, upload materials, record
# attendance and proposals, change the notice rule.
permission_register("hearings.manage_hearing", is_staff_of | is_admin)
# obj = Municipality (or a proposal in it): give the official answer to a proposal raised at a hearing.
permission_register("hearings.answer_proposal", is_staff_of | is_admin)
