import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_reports_a_healthy_database_without_a_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not configured", "cache": "local"}


def test_it_reports_a_reachable_redis_cache(client, settings):
    from conftest import services_required
    from impactportal.settings import redis_cache

    if not settings.CACHE_URL:
        if services_required():
            pytest.fail("REQUIRE_SERVICES is set but CACHE_URL is not")
        pytest.skip("needs a Redis cache (CACHE_URL)")
    settings.CACHES = {"default": redis_cache(settings.CACHE_URL)}

    assert client.get("/healthz").json()["cache"] == "ok"


def test_it_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("core:healthz"))

    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def raising(error):
    from django.test import RequestFactory

    from core.views import server_error

    request = RequestFactory().get("/")
    try:
        raise error
    except Exception:
        return server_error(request)


def test_a_lost_database_connection_is_a_503_page_not_a_500():
    from django.db import OperationalError

    response = raising(OperationalError("server closed the connection unexpectedly"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Traceback" not in response.content


def test_any_other_error_stays_a_500():
    from django.db import IntegrityError

    assert raising(IntegrityError("duplicate key")).status_code == 500
    assert raising(ValueError("bug")).status_code == 500


def test_the_liveness_check_answers_while_the_broker_is_down(client, settings, django_assert_num_queries):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    with django_assert_num_queries(0):
        response = client.get("/healthz?live")

    assert response.status_code == 200
    assert response.json() == {"process": "ok"}
