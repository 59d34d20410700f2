from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kenesh.accounts"
    label = "accounts"
    verbose_name = _("People and roles")
    default_auto_field = "django.db.models.BigAutoField"
