"""The request a view behind login receives: LoginRequiredMiddleware lets no anonymous visitor through,
so `request.user` is a `User`. Public views (`@login_not_required`) keep `HttpRequest`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
