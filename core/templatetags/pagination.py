from django import template

register = template.Library()


@register.filter
def page_links(page_obj):
    """The page numbers to link to around the current page: first, last and neighbours, with
    Paginator.ELLIPSIS for the gaps. Never walks every page, however many there are."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
