"""The participatory budgeting permissions, built from the predicates of kenesh.accounts.permissions.

Imported by PbConfig.ready(), so has_perm() knows these names from the first request.
"""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_staff_of, permission_register

# obj = Municipality (or a process in it): create and configure PB processes, move phases, review
# proposals, print voting codes.
permission_register("pb.manage_process", is_staff_of | is_admin)
# obj = Municipality (or a process in it): type in paper ballots and resolve mismatches.
permission_register("pb.enter_paper_ballots", is_staff_of | is_admin)
# obj = Municipality (or a process in it): who voted and by which channel (never how).
permission_register("pb.view_participation", is_staff_of | is_admin)
# obj = Municipality (or a process in it): record a person at the desk and hand them a voting code or a
# paper ballot.
permission_register("pb.issue_ballots", is_staff_of | is_admin)
