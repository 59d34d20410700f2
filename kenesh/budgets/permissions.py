"""The budgets permissions, built from the predicates of kenesh.accounts.permissions.

Imported by BudgetsConfig.ready(), so has_perm() knows these names from the first request.
"""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_staff_of, permission_register

# obj = Municipality (or a budget, a version): edit its budgets, import files, see and publish drafts.
permission_register("budgets.change_budget", is_staff_of | is_admin)
