"""The knowledge portal: best practices, legal consultations and the other items, on Wagtail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kenesh.portal"
    label = "portal"
    verbose_name = _("Knowledge portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.ops.demo import demo_register
        from kenesh.portal import signals  # noqa: F401  (queues scheduled publishing on the db worker)
        from kenesh.portal.demo import load_demo

        demo_register("kenesh.portal.demo", load_demo)
