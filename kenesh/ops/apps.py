from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def cache_table_create(sender: AppConfig, using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """After every migrate: the database cache table of the rate limits (settings.CACHES), if missing."""
    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


class OpsConfig(AppConfig):
    name = "kenesh.ops"
    label = "ops"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Wherever migrate runs (run_platform, deployments, tests, benchmarks) the cache table exists too.
        post_migrate.connect(cache_table_create, sender=self, dispatch_uid="kenesh.ops.cache_table_create")
