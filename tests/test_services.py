"""The real services, as CI runs them: PostgreSQL, Redis and a Celery worker."""

import os

import pytest
from django.db import connection

from impactportal.celery import app

IN_CI_WITH_SERVICES = os.environ.get("CI") == "true" and bool(os.environ.get("CELERY_BROKER_URL"))


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs on PostgreSQL only")
@pytest.mark.django_db
def test_it_runs_on_postgresql_when_database_url_says_so():
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_it_reports_the_real_broker_as_healthy(client, settings):
    if not settings.CELERY_BROKER_URL:
        if IN_CI_WITH_SERVICES:
            pytest.fail("CELERY_BROKER_URL is set in CI but the settings lost it")
        pytest.skip("needs a Redis broker (CELERY_BROKER_URL)")

    response = client.get("/healthz")

    assert response.json() == {"database": "ok", "broker": "ok"}


def test_a_real_worker_answers_on_the_broker(celery_worker):
    replies = app.control.ping(timeout=2)

    assert any(name.startswith(f"test-{os.getpid()}@") for reply in replies for name in reply)
