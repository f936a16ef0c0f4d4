"""The running API against its own OpenAPI document: schemathesis generates a bounded number of requests for
every operation and sends them to a live server (the portal in a thread, over HTTP), checking that no answer is
a server error and that every answer (status, content type, headers, body) is one the document describes.
It runs on SQLite, once: in CI the PostgreSQL pass is the longer one, and the API's database-specific paths
(its filters and searches) are covered on both databases by the other tests of tests/api.

(schemathesis.pytest.from_fixture does not work with pytest 9 yet, so the operations' strategies are driven
with Hypothesis here, as schemathesis documents for custom runs.)"""

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.programmes.factories import ActivityFactory

from .conftest import build_world, supplier_in

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25


def with_nulls(world):
    """Objects whose optional fields are empty, so that the answers' nulls are checked against the document."""
    without_kvk = supplier_in(world.haarlem, "Zonder KvK", pso_level="step1", delivers_nationwide=True)
    without_kvk.organisation.kvk_number = None
    without_kvk.organisation.save()
    ActivityFactory(
        action_line=world.activity.action_line, organiser=None, status="cancelled", cancellation_reason="Ziek"
    )


def test_every_answer_is_one_the_openapi_document_describes(live_server, transactional_db, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the fuzzing runs in the SQLite pass; the PostgreSQL pass is CI's longer one")
    settings.API_RATE_LIMIT = "100000/minute"  # the fuzzing is one client making many requests
    world = build_world()
    with_nulls(world)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.update(base_url=f"{live_server.url}/api/v1")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 13
    calls = []
    for operation in operations:
        strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            case.call_and_validate(checks=CHECKS)
            calls.append(case.operation.label)

        answers_as_documented()
    assert len(set(calls)) == len(operations) and len(calls) > 5 * len(operations)
