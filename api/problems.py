"""Errors as problem details (RFC 9457, application/problem+json), as the NL API Design Rules ask: `type`,
`title`, `status`, `detail` and `instance`; a 400 also names each bad parameter in `invalidParams`."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        429: _("Too many requests"),
        500: _("Internal server error"),
    }


def _details() -> dict[int, str]:
    return {
        400: _("One or more parameters are not valid."),
        404: _("There is nothing public at this address."),
        405: _("This API can only be read: use GET."),
        406: _("This API answers in JSON only."),
        429: _("You made too many requests. Wait a while before you try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }


def problem(status_code: int, *, detail: str = "", instance: str = "", invalid_params=None) -> dict:
    """The problem details of an error with `status_code`."""
    body: dict = {
        "type": "about:blank",
        "title": _titles().get(status_code, _("Error")),
        "status": status_code,
        "detail": detail or _details().get(status_code, ""),
    }
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def invalid_params_of(errors) -> list[dict]:
    """[{name, reason}] for a form's or a serializer's errors, one per message."""
    params = []
    for name, messages in errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            params.append({"name": name, "reason": str(message)})
    return params


def exception_handler(exc, context) -> Response | None:
    """DRF's errors (404, 405, 406, 429, validation) as problem details; anything else is left to Django."""
    if isinstance(exc, Http404 | DjangoPermissionDenied | exceptions.PermissionDenied):
        exc = exceptions.NotFound()  # nothing here is private: what is not public does not exist
    if not isinstance(exc, exceptions.APIException):
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    code = exc.status_code
    headers = {}
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is not None:
            headers["Retry-After"] = str(max(1, int(exc.wait)))
        detail = _("You made too many requests. Try again in %(seconds)s seconds.") % {
            "seconds": headers.get("Retry-After", "60")
        }
        body = problem(code, detail=detail, instance=instance)
    elif isinstance(exc, exceptions.ValidationError):
        code = status.HTTP_400_BAD_REQUEST
        errors = exc.detail if isinstance(exc.detail, dict) else {"request": exc.detail}
        body = problem(code, instance=instance, invalid_params=invalid_params_of(errors))
    else:
        body = problem(code, instance=instance)
    if isinstance(exc, exceptions.MethodNotAllowed):
        headers["Allow"] = "GET, HEAD, OPTIONS"
    return Response(body, status=code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_response(request: HttpRequest, status_code: int) -> HttpResponse:
    """A problem-details answer outside DRF (an unknown address, a refused request, a server error)."""
    return JsonResponse(
        problem(status_code, instance=request.get_full_path()),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def api_version() -> str:
    return settings.API_VERSION
