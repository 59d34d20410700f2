"""The surveys app: instruments, rounds, anonymous responses, indicators with their intervals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "kenesh.surveys"
    label = "surveys"
    verbose_name = _("Surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.ops.demo import demo_register
        from kenesh.surveys import permissions  # noqa: F401  (registers the surveys.* permission names)
        from kenesh.surveys.demo import load_demo
        from kenesh.territory.sections import municipality_section_register

        demo_register("kenesh.surveys.demo", load_demo)
        municipality_section_register("surveys/_municipality_link.html")
