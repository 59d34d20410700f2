"""The surveys permissions, built from the predicates of kenesh.accounts.permissions.

Imported by SurveysConfig.ready(). Published indicators are public (small groups are never shown); the
national view across municipalities uses the existing analytics.view_across_municipalities.
"""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_staff_of, permission_register

# obj = Municipality (or an instrument or round in it): build instruments from the bank, write the
# municipality's own questions, edit, reword and reorder instruments (a new version once answered), open
# rounds, download the XLSForm.
permission_register("surveys.manage", is_staff_of | is_admin)
# obj = Municipality (or a round in it): type in paper questionnaires and import a KoboToolbox CSV.
permission_register("surveys.enter_responses", is_staff_of | is_admin)
