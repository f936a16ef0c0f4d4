"""Links to one object in long tables, without reversing a URL once per row."""

from django.urls import reverse


def url_before_pk(viewname: str) -> str:
    """The URL of a view whose only argument is `pk` and whose path ends with it, up to the pk: a long table
    adds each row's pk and "/" to it (one `reverse` for the table, where `{% url %}` is one per row)."""
    url = reverse(viewname, kwargs={"pk": 0})
    if not url.endswith("/0/"):
        raise ValueError(f"{viewname} does not end with its pk")
    return url.removesuffix("0/")
