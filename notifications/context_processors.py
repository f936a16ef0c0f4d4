from functools import cache

from . import selectors


def unread(request):
    """The unread count for the header, counted (one query) only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: selectors.unread_count(user))}
