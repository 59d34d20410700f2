"""The needs app: joint needs assessments (campaigns, focus groups, ranked problems) and priorities."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "kenesh.needs"
    label = "needs"
    verbose_name = _("Needs assessment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.needs.indicators import indicators_register

        indicators_register()  # this app's figures for portraits, the dashboard and the API
        from kenesh.needs import permissions  # noqa: F401  (registers the needs.* permission names)
        from kenesh.needs.demo import load_demo
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register

        demo_register("kenesh.needs.demo", load_demo)
        fragment_register(
            "territory.municipality", TemplateFragment("needs/_municipality_link.html", "municipality")
        )
