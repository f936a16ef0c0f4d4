"""The state of the services the portal depends on, for /healthz."""

from django.conf import settings
from django.db import connection

OK = "ok"
DOWN = "down"
NOT_CONFIGURED = "not configured"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return DOWN
    return OK


def broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return NOT_CONFIGURED
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception:
        return DOWN
    return OK


def check_services() -> dict[str, str]:
    return {"database": database_state(), "broker": broker_state()}


def all_healthy(report: dict[str, str]) -> bool:
    return DOWN not in report.values()
