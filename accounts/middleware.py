from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page when the database cannot be reached, never a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            return render(request, "503.html", status=503)
        return None


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user chose English with the language switch; the browser's own preference is ignored."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
