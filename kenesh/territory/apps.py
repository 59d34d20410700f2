from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "kenesh.territory"
    label = "territory"
    verbose_name = _("Territories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.territory.indicators import indicators_register

        indicators_register()  # this app's figures for portraits, the dashboard and the API
        from kenesh.ops.demo import demo_register
        from kenesh.territory.demo import load_demo

        demo_register("kenesh.territory.demo", load_demo)
