"""Requests the database could not store or look up are refused with 400 before any view sees them."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest

NUL = "\x00"


class NulCharacter(SuspiciousOperation):
    """A request holds a NUL character (logged by Django as django.security.NulCharacter)."""


class RefuseNulMiddleware:
    """A NUL character in the path, a query parameter, a cookie or a form field is a 400 Bad Request.

    PostgreSQL refuses NUL in any text it is given, so such a value would fail as a 500 in whichever lookup or
    filter first passes it on (a search, a filter, the session cookie). No one types it; it comes only from
    hand-made requests. Uploaded files may hold any bytes and are not looked at.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if _holds_nul(request):
            raise NulCharacter("The request contains a NUL character.")
        return self.get_response(request)


def _holds_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    sources = [request.GET.lists(), ((name, [value]) for name, value in request.COOKIES.items())]
    if request.method == "POST":
        sources.append(request.POST.lists())
    return any(NUL in name or any(NUL in value for value in values) for source in sources for name, values in source)
