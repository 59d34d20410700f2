"""The plans app: joint action plans built from the needs assessment's priorities, and their groups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kenesh.plans"
    label = "plans"
    verbose_name = _("Joint action plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register
        from kenesh.ops.line_links import line_links_register
        from kenesh.plans import permissions  # noqa: F401  (registers the plans.* permission names)
        from kenesh.plans.demo import load_demo
        from kenesh.plans.fragments import budget_line_priorities, budget_version_links, needs_priority_items

        # The budget line page and the priorities page show what the plan links to them, without budgets or
        # needs importing this app (see kenesh.ops.fragments).
        fragment_register("budgets.line", budget_line_priorities)
        fragment_register("needs.priorities", needs_priority_items)
        line_links_register(budget_version_links)
        fragment_register(
            "territory.municipality", TemplateFragment("plans/_municipality_link.html", "municipality")
        )
        demo_register("kenesh.plans.demo", load_demo)
