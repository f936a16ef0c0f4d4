"""Pages of a list: `page` (from 1) and `pageSize` (at most 100); the answer carries `count` and the links
`next` and `previous` (null at either end)."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = 100
