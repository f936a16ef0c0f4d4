"""The request a view behind login receives: LoginRequiredMiddleware lets no anonymous visitor through,
so `request.user` is a `User`. Public views (`@login_not_required`) keep `HttpRequest`."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
