from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from core.pagination import page_of


def render_pagination(number, pages, query=""):
    page = Paginator(range(pages * 10), 10).page(number)
    request = RequestFactory().get("/lijst/" + query)
    return Template('{% include "includes/pagination.html" %}').render(RequestContext(request, {"page_obj": page}))


def test_it_links_first_last_and_neighbours_with_gaps_between():
    html = render_pagination(50, 450)

    assert 'href="?page=1"' in html and 'href="?page=450"' in html
    assert 'href="?page=49"' in html and 'href="?page=51"' in html
    assert 'href="?page=200"' not in html
    assert html.count("…") == 2
    assert 'aria-current="page"' in html


def test_it_keeps_the_filters_in_the_links():
    html = render_pagination(2, 3, query="?q=koffie&theme=food")

    assert "q=koffie" in html and "theme=food" in html


def test_it_shows_nothing_for_a_single_page():
    assert render_pagination(1, 1).strip() == ""


def test_page_of_gives_the_first_page_for_nonsense_and_the_last_past_the_end():
    items = list(range(45))
    assert page_of(RequestFactory().get("/", {"page": "abc"}), items).number == 1
    assert page_of(RequestFactory().get("/", {"page": "99"}), items).number == 3
    assert list(page_of(RequestFactory().get("/", {"page": "2"}), items, 10)) == list(range(10, 20))
