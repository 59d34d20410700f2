"""The monitoring permissions, built from the predicates of kenesh.accounts.permissions (imported by ready()).

"monitoring.record_findings" was registered by accounts as a placeholder until this app existed; it lives
here now, and administrators hold it too (to enter a group's paper record or correct one).
"""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_monitor_of, is_staff_of, permission_register

# obj = Municipality: record a site visit (scores, findings, recommendations, photos) as its monitor.
permission_register("monitoring.record_findings", is_monitor_of | is_admin)
# obj = Municipality: answer a monitoring group's finding in the LSG body's name (the answer is public).
permission_register("monitoring.answer_finding", is_staff_of | is_admin)
# obj = None (or anything): edit the checklist templates. They are one national set (a template per kind of
# object and service, no municipality), so only administrators edit them; staff would change every
# municipality's checklist.
permission_register("monitoring.edit_checklists", is_admin)
