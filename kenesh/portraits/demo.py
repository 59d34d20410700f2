"""The portraits app's demo: no data of its own; it computes the figures of everything the other apps'
demos loaded (registered last, so it runs after them) and queues the hourly refresh."""

from __future__ import annotations

from kenesh.portraits.services import indicators_refresh
from kenesh.portraits.tasks import indicators_schedule


def load_demo() -> None:
    indicators_refresh()
    indicators_schedule()
