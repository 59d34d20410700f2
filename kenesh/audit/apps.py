from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kenesh.audit"
    label = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers this app's permission names with `rules`, so has_perm() knows them from the first request.
        from kenesh.audit import permissions  # noqa: F401
        from kenesh.audit.services import change_recorded_receive
        from kenesh.ops.events import change_recorded

        # The changes that territory and accounts (below this app) announce are written to the log.
        change_recorded.connect(change_recorded_receive, dispatch_uid="kenesh.audit.change_recorded")
