"""The API against its own OpenAPI document: schemathesis generates requests for every operation."""

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from kenesh.config.wsgi import application
from tests.ci import missing
from tests.web.demo import demo_load

EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def api_schema(db):
    demo_load(("territory",))
    # Schemathesis calls the WSGI application directly: keep Django from closing the test's connection
    # (and with it the test transaction) after each request, as Django's own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_openapi_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Kenesh API"


def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/openapi.json" in html
    addresses = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert addresses, "the docs page should load its own script and stylesheet"
    assert [a for a in addresses if not a.startswith("/")] == []
    assert '"validatorUrl": null' in html


POSITIVE_CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
NEGATIVE_CHECKS = [not_a_server_error]


def generated_requests(operation, mode: GenerationMode, checks: list):
    """A Hypothesis test: requests for `operation` generated in `mode`, `checks` run on each answer."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(checks=checks)

    return run


def test_every_operation_answers_generated_requests_without_a_server_error(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    if not operations:
        missing("no API operation is registered yet")
    for operation in operations:
        generated_requests(operation, GenerationMode.POSITIVE, POSITIVE_CHECKS)()
        # An operation without parameters or a body has nothing to get wrong.
        if any(True for _ in operation.iter_parameters()) or operation.body:
            generated_requests(operation, GenerationMode.NEGATIVE, NEGATIVE_CHECKS)()
