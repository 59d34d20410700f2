"""The budgets app: local budgets, their versions and lines, the citizen's budget and open data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "kenesh.budgets"
    label = "budgets"
    verbose_name = _("Budgets")
    default_auto_field = "django.db.models.BigAutoField"
