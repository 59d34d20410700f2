"""Reads of the home page: what a resident can take part in now, and the oblasts on the platform.

The home app sits above every other app, so it may read all of them; nothing imports it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from kenesh.hearings.models import Hearing
from kenesh.hearings.selectors import upcoming_hearings
from kenesh.pb.models import Phase, Process
from kenesh.pb.selectors import process_list_public
from kenesh.territory.selectors import OblastGroup, territory_tree


@dataclass
class OpenNow:
    """Where residents can act today or soon: vote, propose a project, come to a hearing."""

    voting: list[Process] = field(default_factory=list)
    proposals: list[Process] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.voting or self.proposals or self.hearings)


def open_now() -> OpenNow:
    """Two queries: the public processes in their voting or proposal phase, those that close first first,
    and the hearings announced and not yet held, the soonest first."""
    processes = process_list_public().filter(phase__in=(Phase.VOTING, Phase.PROPOSALS))
    result = OpenNow(hearings=upcoming_hearings())
    for process in processes:
        (result.voting if process.phase == Phase.VOTING else result.proposals).append(process)
    result.voting.sort(key=lambda item: _closing_order(item.voting_until, item.pk))
    result.proposals.sort(key=lambda item: _closing_order(item.review_from, item.pk))
    return result


def _closing_order(closes: datetime.datetime | None, pk: int) -> tuple[bool, datetime.datetime, int]:
    """Those that close first first; those without a planned end last."""
    return (closes is None, closes or datetime.datetime.max.replace(tzinfo=datetime.UTC), pk)


def oblasts_on_platform() -> tuple[list[OblastGroup], int]:
    """The oblasts that have a municipality on the platform, and how many have none yet."""
    tree = territory_tree()
    shown = [group for group in tree if group.municipality_count]
    return shown, len(tree) - len(shown)
