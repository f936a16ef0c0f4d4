"""The shared cache (Redis, `CACHE_URL`) fails open: the portal serves without it.

Everything the cache holds can be done without: kept pages are rendered afresh, rate limits (ours in
`core.ratelimit` and allauth's) let the request through, and the dashboard's kept figures are counted again.
So when Redis cannot be reached, `FailOpenRedisCache` answers as an empty cache that stores nothing, logs one
warning, and does not ask Redis again for `RETRY_AFTER` seconds, so that a dead cache costs a page no waiting.
`/healthz` asks Redis itself (`reachable`) and reports the cache as down.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 5.0  # seconds without asking a cache that was just found unreachable


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client with one redis-py client per connection pool, where Django makes one for every
    call: making one builds its table of some 200 response callbacks, which costs more CPU than the call itself
    (a page that reads and writes its kept parts made seven). A redis-py client may be shared between threads;
    its pool gives each command a connection."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_kept_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis cannot be reached."""

    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    def _attempt(self, operation: str, call, unreachable_answer):
        if time.monotonic() < self._down_until:
            return unreachable_answer
        try:
            return call()
        except UNREACHABLE as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("The cache cannot be reached (%s: %s); serving without it.", operation, error)
            return unreachable_answer

    def reachable(self) -> bool:
        """Whether Redis answers now (for /healthz; asks even while calls are being skipped)."""
        try:
            client = self._cache.get_client(write=True)  # type: ignore[attr-defined]  # Django's, not in the stubs
            return bool(client.ping())
        except UNREACHABLE:
            return False

    def get(self, key, default=None, version=None):
        return self._attempt("get", lambda: super(FailOpenRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._attempt("get_many", lambda: super(FailOpenRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._attempt("has_key", lambda: super(FailOpenRedisCache, self).has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set", lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(
            "set_many", lambda: super(FailOpenRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True, as if the key had been free: a lock taken with `add` (allauth's rate limits) is granted.
        return self._attempt("add", lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version), True)

    def incr(self, key, delta=1, version=None):
        # As if the key had started from nothing: a counter (core.ratelimit) counts this attempt as the first.
        return self._attempt("incr", lambda: super(FailOpenRedisCache, self).incr(key, delta, version), delta)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("touch", lambda: super(FailOpenRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._attempt("delete", lambda: super(FailOpenRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._attempt("delete_many", lambda: super(FailOpenRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._attempt("clear", lambda: super(FailOpenRedisCache, self).clear(), False)
