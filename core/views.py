"""The portal's own plumbing pages: the health check for the load balancer, security.txt, the 500 handler, and the
public pages every footer links to (accessibility statement, privacy statement, contact)."""

import sys
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The services the portal needs (a readiness check); `/healthz?live` only says that this process answers (a
    liveness check: an outage of the database or the broker is no reason to restart the web processes)."""
    if "live" in request.GET:
        return JsonResponse({"process": health.OK})
    report = health.check_services()
    status = 200 if health.all_healthy(report) else 503
    return JsonResponse(report, status=status)


@login_not_required
@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: where to report a vulnerability (SECURITY_CONTACT), valid until SECURITY_TXT_EXPIRES (an ISO
    date and time; by default always half a year ahead)."""
    if settings.SECURITY_TXT_EXPIRES:
        expires = datetime.fromisoformat(settings.SECURITY_TXT_EXPIRES)
        if timezone.is_naive(expires):
            expires = timezone.make_aware(expires, timezone.get_default_timezone())
    else:
        expires = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=182)
    lines = [
        *(f"Contact: {contact}" for contact in settings.SECURITY_CONTACT),
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Policy: {settings.SITE_URL.rstrip('/')}{reverse('core:contact')}",
        f"Canonical: {settings.SITE_URL.rstrip('/')}{request.path}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def operator_contact() -> dict:
    """How the footer's pages say to reach the portal's operator (settings: each installation sets its own)."""
    return {"contact_email": settings.PORTAL_CONTACT_EMAIL, "security_contact": settings.SECURITY_CONTACT}


@login_not_required
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the model of digitoegankelijk.nl."""
    evaluated_on = date.fromisoformat(settings.ACCESSIBILITY_EVALUATED_ON)
    return render(request, "core/accessibility.html", {**operator_contact(), "evaluated_on": evaluated_on})


@login_not_required
@require_GET
def privacy_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", operator_contact())


@login_not_required
@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "core/contact.html", operator_contact())


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
