from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "kenesh.messaging"
    label = "messaging"
    verbose_name = _("Messages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers this app's permission names with `rules`, so has_perm() knows them from the first request.
        from kenesh.messaging import permissions  # noqa: F401
        from kenesh.messaging.services import personal_data_expired_receive, sms_requested_receive
        from kenesh.ops.events import personal_data_expired, sms_requested

        # Texts that accounts (below this app) hands over go to the outbox.
        sms_requested.connect(sms_requested_receive, dispatch_uid="kenesh.messaging.sms_requested")
        personal_data_expired.connect(personal_data_expired_receive, dispatch_uid="kenesh.messaging.prune")
        from kenesh.messaging.demo import load_demo
        from kenesh.ops.demo import demo_register

        demo_register("kenesh.messaging.demo", load_demo)
        from kenesh.messaging.selectors import sms_queued_count
        from kenesh.ops.metrics import gauges_register

        gauges_register("kenesh_sms_queued", "SMS waiting to be sent", sms_queued_count)
