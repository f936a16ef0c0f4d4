"""Links to many objects of one kind on one page, from one reversed URL rather than a reverse() per object."""

from collections.abc import Callable

from django.urls import reverse

_SENTINEL = 2147483647  # a primary key no URL pattern mistakes for anything else


def url_for_pk(name: str) -> Callable[[int], str]:
    """The URL named `name` (whose one argument is `pk`) as a function of the primary key: `reverse` once."""
    head, tail = reverse(name, kwargs={"pk": _SENTINEL}).rsplit(str(_SENTINEL), 1)
    return lambda pk: f"{head}{pk}{tail}"
