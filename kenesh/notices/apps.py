"""Notices to residents who opted in: per municipality and channel (SMS, email), in their language.

Sits above messaging and below the apps that announce things (hearings, plans), so any of them can call
`kenesh.notices.services.notice_send` without importing each other.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "kenesh.notices"
    label = "notices"
    verbose_name = _("Notices to residents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.messaging.inbound import register_keyword
        from kenesh.notices.services import stop_by_sms
        from kenesh.ops.fragments import TemplateFragment, fragment_register

        # STOP ends every SMS subscription of the sender's number, in one message.
        register_keyword("STOP", stop_by_sms)
        # The way to subscribe, at the bottom of every municipality's page (after the apps' sections).
        fragment_register(
            "territory.municipality", TemplateFragment("notices/_municipality_link.html", "municipality")
        )
