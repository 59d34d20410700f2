"""People, their roles in each municipality, verification and permissions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kenesh.accounts"
    label = "accounts"
    verbose_name = _("People and roles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the permission names with `rules`, so has_perm() knows them from the first request.
        from kenesh.accounts import permissions  # noqa: F401
