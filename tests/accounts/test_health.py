import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_reports_a_healthy_database_without_a_broker(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not configured"}


def test_it_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("accounts:healthz"))

    assert response.status_code == 503
    assert response.json()["broker"] == "down"
