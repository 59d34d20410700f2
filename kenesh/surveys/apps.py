"""The surveys app: instruments, rounds, anonymous responses, indicators with their intervals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "kenesh.surveys"
    label = "surveys"
    verbose_name = _("Surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.surveys.indicators import indicators_register

        indicators_register()  # this app's figures for portraits, the dashboard and the API
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register
        from kenesh.surveys import permissions  # noqa: F401  (registers the surveys.* permission names)
        from kenesh.surveys.demo import load_demo

        demo_register("kenesh.surveys.demo", load_demo)
        section = TemplateFragment("surveys/_municipality_link.html", "municipality")
        fragment_register("territory.municipality", section)
