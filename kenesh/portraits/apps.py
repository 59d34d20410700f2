"""The portraits app: district portraits and the national dashboard, composed from every app's indicators.

It lies above every app that registers indicators (kenesh.ops.indicators) and below kenesh.home: it reads
the registry and the precomputed figures, and no app below imports it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortraitsConfig(AppConfig):
    name = "kenesh.portraits"
    label = "portraits"
    verbose_name = _("Portraits")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register
        from kenesh.portraits import (
            permissions,  # noqa: F401  (who edits the portraits' texts)
            receivers,  # noqa: F401  (refresh a municipality when its data changes)
        )
        from kenesh.portraits.demo import load_demo

        demo_register("kenesh.portraits.demo", load_demo)
        fragment_register(
            "territory.municipality", TemplateFragment("portraits/_municipality_link.html", "municipality")
        )
