"""A small rate limit for public forms that allauth's own limits do not cover. It counts per client address,
found the way allauth finds it for its own limits (behind DJANGO_TRUSTED_PROXY_COUNT proxies), or per
something else the form acts on (such as the e-mail address it mails), which a client cannot rotate."""

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest


def allow(request: HttpRequest, *, action: str, limit: int, period_seconds: int, per: str = "") -> bool:
    """Count one attempt at `action` from the client's address (or for `per`, when given); False once more
    than `limit` attempts fall within `period_seconds`."""
    who = hashlib.sha256(per.encode()).hexdigest() if per else get_adapter(request).get_client_ip(request)
    key = f"ratelimit:{action}:{who}"
    cache.add(key, 0, timeout=period_seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period_seconds)
        return True
