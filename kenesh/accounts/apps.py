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
        from django.contrib.auth.signals import user_login_failed

        from kenesh.accounts import permissions  # noqa: F401
        from kenesh.accounts.lockout import login_failure_count
        from kenesh.accounts.services import personal_data_expired_receive
        from kenesh.ops.events import personal_data_expired

        # Failed sign-ins count towards the per-address and per-account limits (kenesh.accounts.lockout).
        user_login_failed.connect(login_failure_count, dispatch_uid="kenesh.accounts.login_failure_count")
        # prune_personal_data (kenesh.ops) asks each app to delete what it keeps past its time.
        personal_data_expired.connect(personal_data_expired_receive, dispatch_uid="kenesh.accounts.prune")
        from kenesh.accounts.demo import DEMO_LOGINS, load_demo
        from kenesh.ops.demo import demo_register

        demo_register("kenesh.accounts.demo", load_demo, logins=lambda: list(DEMO_LOGINS))
