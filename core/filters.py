"""The project's base for list filters (django-filter) whose filters are the same for every request."""

import copy

import django_filters


class _ShallowlyCopiedFilters(dict):
    """A filter set's declared filters. django-filter deep-copies them for every filter set it makes (their
    choices, querysets and widgets, with every translated label): more CPU than a list's filtering. A filter holds
    nothing of a request until it is given its parent, so each is copied on its own, with its own `extra`, and
    its method bound to the copy."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, declared in self.items():
            filter_ = copy.copy(declared)
            filter_.extra = dict(declared.extra)
            filter_.method = declared.method  # a FilterMethod calls its own filter's parent: this copy's
            copies[name] = filter_
        return copies


class KeptFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters do not depend on the request (a list's filter bar): its filters are copied
    shallowly for each request, and its form class is made once per class rather than per request
    (django-filter's way). A filter set that changes its filters or their choices per request (e.g.
    the options of one municipality) stays a plain django_filters.FilterSet."""

    @classmethod
    def get_filters(cls):
        return _ShallowlyCopiedFilters(super().get_filters())

    def get_form_class(self):
        form_class = type(self).__dict__.get("_kept_form_class")
        if form_class is None:
            form_class = type(self)._kept_form_class = super().get_form_class()
        return form_class
