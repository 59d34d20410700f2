"""The appeals app; ready() registers its permissions, demo and the SMS keywords APPEAL, ARYZ and ОБРАЩ."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "kenesh.appeals"
    label = "appeals"
    verbose_name = _("Citizens' appeals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.appeals.indicators import indicators_register

        indicators_register()  # this app's figures for portraits, the dashboard and the API
        from kenesh.appeals import permissions  # noqa: F401  (registers the appeals.* permission names)
        from kenesh.appeals.demo import load_demo
        from kenesh.appeals.sms import SMS_KEYWORDS, appeal_by_sms
        from kenesh.messaging.inbound import register_keyword
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register

        # Secret: the inbox keeps the keyword only, so the appeal's text is not stored next to the number
        # in the messaging inbox, which every staff member of the municipality reads.
        for keyword in SMS_KEYWORDS:
            register_keyword(keyword, appeal_by_sms, secret=True)
        demo_register("kenesh.appeals.demo", load_demo)
        section = TemplateFragment("appeals/_municipality_link.html", "municipality")
        fragment_register("territory.municipality", section)
