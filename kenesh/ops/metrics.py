"""Prometheus metrics at `/metrics`, for the operator's monitoring only.

django-prometheus counts requests, latencies by view and database queries (its two middlewares wrap the
stack). Kenesh adds the ballots cast (by channel, counted when the transaction commits), and, read from the
database at each scrape, the task backlog and what the apps above register with `gauges_register` (the
SMS queue, from messaging). With several gunicorn workers set
`PROMETHEUS_MULTIPROC_DIR` to an empty folder shared by them (docs/deploy.md), so that a scrape adds up
every worker's counts.

The page answers only to the addresses in `KENESH_METRICS_ALLOWED_IPS` (as seen by kenesh.ops.clientip);
everyone else gets the site's 404, so the page does not show that it exists.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Iterator

import prometheus_client
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from kenesh.ops.clientip import client_ip

BALLOTS_CAST = prometheus_client.Counter(
    "kenesh_ballots_cast", "Ballots stored (a new ballot or a changed one), by channel", ["channel"]
)


# Gauges read at each scrape: (name, help, function returning the value); registered by the apps above.
_gauges: list[tuple[str, str, Callable[[], float]]] = []


def ballot_counted(channel: str) -> None:
    BALLOTS_CAST.labels(channel=channel).inc()


def gauges_register(name: str, documentation: str, read: Callable[[], float]) -> None:
    if all(known != name for known, _doc, _read in _gauges):
        _gauges.append((name, documentation, read))


class BacklogCollector(Collector):
    """Tasks waiting for a worker and the oldest one's wait, and the gauges the apps registered."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            ready = DBTaskResult.objects.ready()
            count = ready.count()
            oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            values = [(name, doc, read()) for name, doc, read in _gauges]
        except DatabaseError:
            return
        waited = (timezone.now() - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily("kenesh_tasks_ready", "Tasks ready to run, not yet taken by a worker", count)
        yield GaugeMetricFamily(
            "kenesh_tasks_oldest_ready_seconds", "How long the oldest ready task has waited", waited
        )
        for name, documentation, value in values:
            yield GaugeMetricFamily(name, documentation, value)


def _allowed(request: HttpRequest) -> bool:
    address = client_ip(request)
    if address is None:
        return False
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(net, strict=False) for net in settings.KENESH_METRICS_ALLOWED_IPS)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = prometheus_client.REGISTRY
    backlog = prometheus_client.CollectorRegistry(auto_describe=False)
    backlog.register(BacklogCollector())
    body = prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(backlog)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
