"""Kept pages and parts of pages: what is read far more often than it changes, and costs most in rendering.

- Public pages for visitors who are not signed in (`cached_for_visitors`): the supplier directory and the lists
  of open needs and offers. A page is kept per URL (scheme, host, path and query string) and language,
  compressed, and only when rendering it used nothing of the visitor's own: no CSRF token, no message, no
  cookie. Signed-in users always get a freshly rendered page.
- Parts of pages, with Django's `{% cache %}` tag and `generation` among its keys: the figures and charts of
  the coordinator's dashboard.

Any change to a model registered with `forget_pages_on_change` starts a new generation, so that nobody is shown
a page or a part older than the last change; `TIMEOUT` only bounds the memory that unusual URLs can take.
"""

import functools
import hashlib
import zlib

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import get_random_string
from django.utils.translation import get_language

TIMEOUT = 120
GENERATION_KEY = "pagecache:generation"


def cached_for_visitors(view):
    """Serve this GET view from the page cache to visitors who are not signed in."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _may_share(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        kept = cache.get_many([GENERATION_KEY, key])
        current = kept.get(GENERATION_KEY) or _new_generation()
        if key in kept and kept[key][0] == current:
            _, content_type, body = kept[key]
            return HttpResponse(zlib.decompress(body), content_type=content_type)
        response = view(request, *args, **kwargs)
        if _is_shareable(request, response):
            cache.set(key, (current, response["Content-Type"], zlib.compress(response.content, 1)), TIMEOUT)
        return response

    return wrapper


def generation() -> str:
    """The current generation: a key of every kept part of a page, so that a change makes it render again."""
    return cache.get(GENERATION_KEY) or _new_generation()


def forget_pages(**_signal_arguments) -> None:
    """Start a new generation, now and again once the change is committed (a request that read the data before
    the commit may have kept its page in between): every page kept so far is rendered again on its next request."""
    _new_generation()
    transaction.on_commit(_new_generation)


def forget_pages_on_change(*models) -> None:
    """Forget the kept pages whenever a row of one of these models is saved or deleted, or its many-to-many
    relations change (called from the apps' `ready`)."""
    for model in models:
        post_save.connect(forget_pages, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(forget_pages, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(forget_pages, sender=field.remote_field.through, dispatch_uid=f"pagecache-m2m-{field}")


def _new_generation() -> str:
    fresh = get_random_string(12)
    cache.set(GENERATION_KEY, fresh, None)
    return fresh


def _may_share(request: HttpRequest) -> bool:
    """A GET by a visitor who is not signed in and has no message waiting to be shown."""
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated and len(get_messages(request)) == 0


def _is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Rendered without anything of this visitor's own: no CSRF token used, no cookie set."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _page_key(request: HttpRequest) -> str:
    """The page's address as the visitor asked for it (scheme, host, path and query) and the language."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:{get_language()}:{url}"
