"""The subscriptions app; ready() registers its permissions and its demo."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "kenesh.subscriptions"
    label = "subscriptions"
    verbose_name = _("Subscriptions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.ops.demo import demo_register
        from kenesh.subscriptions import permissions  # noqa: F401  (registers the subscriptions.* names)
        from kenesh.subscriptions.demo import load_demo

        demo_register("kenesh.subscriptions.demo", load_demo)
