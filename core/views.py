"""The portal's own plumbing pages: the health check for the load balancer and the 500 handler."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health.check_services()
    status = 200 if health.all_healthy(report) else 503
    return JsonResponse(report, status=status)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: a database that cannot be reached (a lost or refused connection) is a 503
    ("try again shortly"), not a 500; any other error stays a 500.

    Django calls this while it handles the exception, so sys.exc_info() tells what went wrong. The
    error pages render without a request context, so nothing on them can fail in turn.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):  # the database could not be reached
        return HttpResponse(loader.get_template("503.html").render(), status=503, headers={"Retry-After": "30"})
    return HttpResponse(loader.get_template("500.html").render(), status=500)
