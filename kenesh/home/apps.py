"""The home page: the top layer, which reads every app to show a newcomer what is open now and where to go."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "kenesh.home"
    label = "home"
    verbose_name = _("Home page")
    default_auto_field = "django.db.models.BigAutoField"
