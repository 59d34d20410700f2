"""Queue a refresh of a municipality's figures when its source data changes (after the change commits).

Connected to the saves and deletions of the records a figure rests on that change a few times a year per
municipality: a budget version, a hearing, a needs assessment, a deputy, a survey round. The records that
arrive by the thousand (ballots, appeals, survey answers) and a PB count (saved at every step of its
progress, and whose tests count the tasks it queues) are caught by the hourly refresh
(kenesh.portraits.tasks) instead of queueing a task each."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from kenesh.budgets.models import BudgetVersion
from kenesh.hearings.models import Hearing
from kenesh.needs.models import Campaign
from kenesh.portraits import tasks
from kenesh.surveys.models import Round
from kenesh.territory.models import Deputy

WATCHED: dict[type[Any], Callable[[Any], int | None]] = {
    BudgetVersion: lambda version: version.budget.municipality_id,
    Hearing: lambda hearing: hearing.municipality_id,
    Campaign: lambda campaign: campaign.municipality_id,
    Deputy: lambda deputy: deputy.council.municipality_id,
    Round: lambda survey_round: survey_round.municipality_id,
}


def _changed(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    try:
        municipality_id = WATCHED[sender](instance)
    except ObjectDoesNotExist:  # deleted with its parent: the hourly refresh catches it
        return
    if municipality_id is not None:
        transaction.on_commit(partial(tasks.indicators_refresh_later, municipality_id))


for model in WATCHED:
    post_save.connect(_changed, sender=model, dispatch_uid=f"portraits.changed.{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"portraits.deleted.{model.__name__}")
