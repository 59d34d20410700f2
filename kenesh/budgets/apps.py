"""The budgets app: local budgets, their versions and lines, the citizen's budget and open data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "kenesh.budgets"
    label = "budgets"
    verbose_name = _("Budgets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.budgets.indicators import indicators_register

        indicators_register()  # this app's figures for portraits, the dashboard and the API
        # Registers this app's permission names with `rules`, so has_perm() knows them from the first request.
        from kenesh.budgets import permissions  # noqa: F401
        from kenesh.budgets.demo import load_demo
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register

        demo_register("kenesh.budgets.demo", load_demo)
        fragment_register(
            "territory.municipality", TemplateFragment("budgets/_municipality_link.html", "municipality")
        )
