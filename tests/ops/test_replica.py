"""The replica router: which requests read from the replica, what never does, and a replica that is down."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections, transaction
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kenesh.ops import replica as replica_module
from kenesh.ops.replica import PIN_COOKIE, REPLICA, ReplicaMiddleware, ReplicaRouter, replica_wanted
from kenesh.territory.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")]


def _add_replica(settings, **changes):
    default = connections.settings["default"]
    config = {**default, **changes, "TEST": {**default.get("TEST", {}), "MIRROR": "default"}}
    settings.DATABASES = {**settings.DATABASES, REPLICA: config}
    # A connection made here, not declared in the test settings: Django's test case lets the test use it.
    config = connections.configure_settings({"default": default, REPLICA: config})[REPLICA]
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, REPLICA)
    setattr(connections._connections, REPLICA, wrapper)
    replica_module.replica_rest_end()


@pytest.fixture
def replica(settings):
    """A replica alias that reaches the test database through its own connection."""
    _add_replica(settings)
    yield
    _drop_replica()


@pytest.fixture
def replica_down(settings):
    """A replica alias that does not answer."""
    if connections["default"].vendor == "sqlite":
        _add_replica(settings, NAME="/nonexistent-kenesh-dir/replica.sqlite3")
    else:
        _add_replica(settings, PORT=1)
    yield
    _drop_replica()


def _drop_replica():
    if hasattr(connections._connections, REPLICA):
        connections[REPLICA].close()
        delattr(connections._connections, REPLICA)
    replica_module.replica_rest_end()


def test_without_a_replica_everything_reads_from_the_primary():
    request = RequestFactory().get("/ky/")
    assert replica_wanted(request) is False


def test_public_reads_may_use_the_replica_but_not_writes_office_sign_in_or_a_fresh_writer(replica):
    factory = RequestFactory()
    assert replica_wanted(factory.get("/ky/"))
    assert replica_wanted(factory.get("/ru/budgets/41702215810000/"))
    assert replica_wanted(factory.get("/api/budgets/"))
    assert not replica_wanted(factory.post("/ky/appeals/41702215810000/new/"))
    assert not replica_wanted(factory.get("/ky/office/"))
    assert not replica_wanted(factory.get("/ru/login/"))
    assert not replica_wanted(factory.get("/health/"))
    pinned = factory.get("/ky/")
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert not replica_wanted(pinned)


def test_a_write_pins_the_browser_to_the_primary_for_a_while(replica, settings):
    middleware = ReplicaMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(RequestFactory().post("/ky/pb/vote/"))
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.KENESH_REPLICA_PIN_SECONDS
    assert response.cookies[PIN_COOKIE]["httponly"]
    assert PIN_COOKIE not in middleware(RequestFactory().get("/ky/")).cookies


def test_the_router_keeps_counters_tasks_sessions_and_transactions_on_the_primary(replica):
    from django.core.cache.backends.db import DatabaseCache

    router = ReplicaRouter()
    seen: dict[str, object] = {}

    def view(request):
        seen["unit"] = router.db_for_read(Unit)
        seen["session"] = router.db_for_read(Session)
        seen["cache"] = router.db_for_read(DatabaseCache("kenesh_cache", {}).cache_model_class)
        with transaction.atomic():
            seen["in transaction"] = router.db_for_read(Unit)
        seen["write"] = router.db_for_write(Unit)
        return HttpResponse("ok")

    # The test itself runs inside a transaction on the primary; the router would rightly keep reads there.
    connections["default"].in_atomic_block, was = False, connections["default"].in_atomic_block
    try:
        ReplicaMiddleware(view)(RequestFactory().get("/ky/"))
    finally:
        connections["default"].in_atomic_block = was
    assert seen == {
        "unit": REPLICA,
        "session": None,
        "cache": None,
        "in transaction": None,
        "write": "default",
    }
    assert router.db_for_read(Unit) is None  # outside a request
    assert router.allow_migrate(REPLICA, "territory") is False


@pytest.mark.django_db(transaction=True)  # outside a test transaction, which the router keeps on the primary
def test_public_pages_read_from_a_working_replica(replica, client):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get("/ky/")
    assert response.status_code == 200
    assert len(on_replica.captured_queries) > 0


def test_pages_keep_answering_from_the_primary_while_the_replica_is_down(replica_down, client):
    response = client.get("/ky/")
    assert response.status_code == 200
    # Found down once, the replica rests: the next request does not wait for it again.
    assert replica_module._down_until > 0
    assert client.get("/ru/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_replica_failing_in_the_middle_of_a_page_has_it_answered_from_the_primary(replica, client):
    def stopped(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connections[REPLICA].execute_wrapper(stopped):
        response = client.get("/ky/")
    assert response.status_code == 200
    assert replica_module._down_until > 0  # and it rests before being tried again
