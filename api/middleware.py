"""What every answer under /api/ carries: the API-Version header (NL API Design Rules, /core/version-header),
CORS open for reading (any origin may GET), and errors as problem details even where Django answered before
the API's views could (an unknown address, a refused request, a server error)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .problems import PROBLEM_CONTENT_TYPE, problem_response

API_PREFIX = "/api/"
READING_METHODS = {"GET", "HEAD", "OPTIONS"}
KEPT_HEADERS_ON_REPLACING = {"content-type", "content-length", "content-language"}


def _is_problem(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)


def _as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Django's own error page as problem details, with the original answer's other headers (security ones)."""
    replacement = problem_response(request, response.status_code)
    for name, value in response.headers.items():
        if name.lower() not in KEPT_HEADERS_ON_REPLACING:
            replacement[name] = value
    return replacement


def _allow_any_origin_to_read(request: HttpRequest, response: HttpResponse) -> None:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "API-Version, Retry-After"
    if request.method == "OPTIONS":
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
        response["Access-Control-Max-Age"] = "86400"


class OpenDataApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        if response.status_code >= 400 and not _is_problem(response):
            response = _as_problem(request, response)
        response["API-Version"] = settings.API_VERSION
        if request.method in READING_METHODS:
            _allow_any_origin_to_read(request, response)
        return response
