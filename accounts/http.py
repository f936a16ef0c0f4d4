"""The request a view behind login receives: LoginRequiredMiddleware lets no anonymous visitor through,
so `request.user` is a `User`. Public views (`@login_not_required`) keep `HttpRequest`, or
`core.http.HtmxHttpRequest` when they read `request.htmx`."""

from core.http import HtmxHttpRequest

from .models import User


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User
