"""The request every view receives: HtmxMiddleware says on each one whether htmx sent it (`request.htmx`)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
