"""The API's rate limit: API_RATE_LIMIT requests per client, counted in the cache (shared by every web
process where CACHE_URL is set). The client is its address as the portal's login limits find it (behind
DJANGO_TRUSTED_PROXY_COUNT proxies)."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str:
        try:
            ident = get_adapter(request).get_client_ip(request)
        except PermissionDenied:  # no address at all: such clients share one count
            ident = "unknown"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()  # read at each request, so that a changed setting takes effect at once
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
