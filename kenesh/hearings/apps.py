"""The public hearings app: notice, materials, attendance, proposals and answers, minutes, metrics."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "kenesh.hearings"
    label = "hearings"
    verbose_name = _("Public hearings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kenesh.hearings.indicators import indicators_register

        indicators_register()  # this app's figures for portraits, the dashboard and the API
        # Registers this app's permission names with `rules`, so has_perm() knows them from the first request.
        from kenesh.hearings import permissions  # noqa: F401
        from kenesh.hearings.demo import load_demo
        from kenesh.hearings.fragments import plan_item_proposals
        from kenesh.ops.demo import demo_register
        from kenesh.ops.fragments import TemplateFragment, fragment_register

        demo_register("kenesh.hearings.demo", load_demo)
        section = TemplateFragment("hearings/_municipality_link.html", "municipality")
        fragment_register("territory.municipality", section)
        # Each item of the public action plan shows the hearing proposals it came from (plans does not
        # import this app; see kenesh.ops.fragments).
        fragment_register("plans.item", plan_item_proposals)
