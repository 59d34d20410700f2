from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "kenesh.territory"
    label = "territory"
    verbose_name = _("Territories")
    default_auto_field = "django.db.models.BigAutoField"
