"""The participatory budgeting app; ready() registers its permissions and the SMS keyword VOTE."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PbConfig(AppConfig):
    name = "kenesh.pb"
    label = "pb"
    verbose_name = _("Participatory budgeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.pb.indicators import indicators_register

        indicators_register()  # this app's figures for portraits, the dashboard and the API
        from kenesh.messaging.inbound import register_keyword
        from kenesh.ops.demo import demo_register
        from kenesh.pb import permissions  # noqa: F401  (registers the pb.* permission names)
        from kenesh.pb.demo import load_demo
        from kenesh.pb.sms import vote_by_sms

        # Secret: the inbox keeps "VOTE" only, never the choices next to the sender's number.
        register_keyword("VOTE", vote_by_sms, secret=True)
        demo_register("kenesh.pb.demo", load_demo)
        from kenesh.ops.backup import digests_register
        from kenesh.pb.selectors import published_export_digests

        digests_register("pb.published_results", published_export_digests)
