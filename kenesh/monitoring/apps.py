"""The monitoring app: public monitoring of PB projects, action-plan items and municipal services."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kenesh.monitoring"
    label = "monitoring"
    verbose_name = _("Public monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.monitoring import permissions  # noqa: F401  (registers the monitoring.* permission names)
        from kenesh.monitoring.demo import load_demo
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register

        fragment_register(
            "territory.municipality", TemplateFragment("monitoring/_municipality_link.html", "municipality")
        )
        demo_register("kenesh.monitoring.demo", load_demo)
