"""Links to many objects of one kind on one page, from one reversed URL rather than a reverse() per object."""

from collections.abc import Callable

from django.urls import reverse

_SENTINEL = 2147483647  # a primary key no URL pattern mistakes for anything else


def url_for_pk(name: str) -> Callable[[int], str]:
    """The URL named `name` (whose one argument is `pk`) as a function of the primary key: `reverse` once."""
    head, tail = reverse(name, kwargs={"pk": _SENTINEL}).rsplit(str(_SENTINEL), 1)
    return lambda pk: f"{head}{pk}{tail}"


def url_before_pk(viewname: str) -> str:
    """For templates: the URL of a view whose only argument is `pk` and whose path ends with it, up to the pk;
    a long table adds each row's pk and "/" to it (one `reverse` for the table, where `{% url %}` is one per row)."""
    head, tail = reverse(viewname, kwargs={"pk": _SENTINEL}).rsplit(str(_SENTINEL), 1)
    if tail != "/":
        raise ValueError(f"{viewname} does not end with its pk")
    return head
