"""Background tasks of the portal: scheduled publishing, run on the db worker at the scheduled moment.

When an editor schedules a page (a revision with a go-live time), kenesh.portal.signals queues
`portal_publish_scheduled` to run then; it runs Wagtail's `publish_scheduled`, which also unpublishes
expired pages. `manage.py publish_scheduled` does the same at once (a catch-up after a lost task).
"""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task


@task()
def portal_publish_scheduled() -> None:
    call_command("publish_scheduled", verbosity=0)
