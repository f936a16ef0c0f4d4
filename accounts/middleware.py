from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import render


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
