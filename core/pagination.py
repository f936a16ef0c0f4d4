"""One page of a list: the page asked for in ?page= (the first for anything else, the last past the end).
The page links are drawn by templates/includes/pagination.html with the `page_links` filter."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 20


def page_of(request: HttpRequest, items, size: int = PAGE_SIZE) -> Page:
    """The page of `items` (a queryset or a list) that the request asks for, `size` to a page."""
    return numbered_page(items, request.GET.get("page"), size)


def numbered_page(items, number, size: int = PAGE_SIZE, *, counted=None) -> Page:
    """Page `number` of `items` (any value: what is not a page number gives the first page). `counted`, when
    given, is the same rows as a queryset that is cheaper to count (e.g. without the joins `items` reads its
    columns through)."""
    paginator = Paginator(items, size)
    if counted is not None:
        paginator.count = counted.count()
    return paginator.get_page(number)
