"""The real services, as CI runs them: PostgreSQL, Redis and a Celery worker."""

import os

import pytest
from django.db import connection

from conftest import services_required
from impactportal.celery import app


@pytest.mark.django_db
def test_it_runs_on_postgresql_when_the_services_are_required():
    if not services_required():
        pytest.skip("CI's PostgreSQL pass checks this")
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_it_reports_the_real_broker_as_healthy(client, settings):
    if not settings.CELERY_BROKER_URL:
        if services_required():
            pytest.fail("REQUIRE_SERVICES is set but CELERY_BROKER_URL is not")
        pytest.skip("needs a Redis broker (CELERY_BROKER_URL)")

    response = client.get("/healthz")

    assert response.json()["database"] == response.json()["broker"] == "ok"


def test_a_real_worker_answers_on_the_broker(celery_worker):
    replies = app.control.ping(timeout=2)

    assert any(name.startswith(f"test-{os.getpid()}@") for reply in replies for name in reply)
