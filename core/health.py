"""The state of the services the portal depends on, for /healthz.

The database and the broker are needed: when one is down, /healthz answers 503. The cache is reported but not
needed (core.cache fails open: pages are rendered afresh and rate limits let requests through), so a cache that
is down does not make /healthz answer 503; taking every web process out of service for it would turn a slower
portal into none.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

OK = "ok"
DOWN = "down"
NOT_CONFIGURED = "not configured"
LOCAL = "local"
NEEDED = ("database", "broker")


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


def cache_state() -> str:
    """ "ok" or "down" for the shared Redis cache; "local" for each process's own memory (no CACHE_URL)."""
    reachable = getattr(cache, "reachable", None)
    if reachable is None:
        return LOCAL
    return OK if reachable() else DOWN


def check_services() -> dict[str, str]:
    return {"database": database_state(), "broker": broker_state(), "cache": cache_state()}


def all_healthy(report: dict[str, str]) -> bool:
    """Whether the services the portal cannot do without are up (the cache is not one of them)."""
    return all(report[service] != DOWN for service in NEEDED)
