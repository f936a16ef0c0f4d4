"""The public directory's filters (django-filter): text, theme, category, municipality, region, distance from a
postcode and criteria, plus the sorting. All in GET parameters, so every search is a shareable URL."""

import re

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Region, Theme
from core import geo
from core.filters import KeptFilterSet
from core.forms import KeptChoicesFilterForm
from core.widgets import FastSelect

from .models import CRITERIA, Category, Supplier, criterion_label
from .search import in_category, in_municipality, in_region, in_theme, text_search

DISTANCES = [("5", _("within 5 km")), ("10", _("within 10 km")), ("25", _("within 25 km")), ("50", _("within 50 km"))]
CRITERION_CHOICES = [(name, criterion_label(name)) for name in CRITERIA] + [
    ("pso", _("PSO certificate (any level)")),
    ("staff", _("at least 30 percent of staff with a distance to the labour market")),
]
STAFF_SHARE_THRESHOLD = 30


class FastCheckboxes(forms.CheckboxSelectMultiple):
    template_name = "procurement/widgets/checkboxes.html"


class Sort:
    RELEVANCE = "relevance"
    NAME = "name"
    NEWEST = "newest"
    DISTANCE = "distance"
    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NAME, _("Name (A-Z)")),
        (NEWEST, _("Newly verified")),
        (DISTANCE, _("Distance")),
    ]


# A text search's best match (procurement.search.text_search): the suppliers whose name matches first, then
# the others, each the most recently verified first (an order that no word of a search goes with, unlike the
# name, so that the directory reads as many suppliers as its page needs: procurement.selectors._best_matches).
BEST_MATCH = ("-name_match", "-verified_at", "-pk")

_POSTCODE_IN_TEXT = re.compile(r"\b([1-9]\d{3})(?:\s?([A-Za-z]{2}))?\b")


def postcode_in_text(text: str) -> tuple[str, str]:
    """(the text without it, the postcode) for a search with a Dutch postcode in it ("kantoor 9712 AB" or
    "9712"), which then searches by distance as the postcode filter does; (text, "") if it has none we know."""
    for match in _POSTCODE_IN_TEXT.finditer(text):
        digits, letters = match.groups()
        if letters and geo.normalise_postcode(f"{digits} {letters}") and geo.locate(digits):
            return (text[: match.start()] + text[match.end() :]).strip(), f"{digits} {letters.upper()}"
        if geo.locate(digits) is not None:  # "9712 en koffie", or letters never issued: the digits alone
            return (text[: match.start(1)] + text[match.end(1) :]).strip(), digits
    return text, ""


class DirectoryForm(KeptChoicesFilterForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("postcode"):
            cleaned["q"], cleaned["postcode"] = postcode_in_text(cleaned.get("q") or "")
        postcode = cleaned.get("postcode")
        if postcode and geo.locate(postcode) is None:
            self.add_error("postcode", _("Enter a Dutch postcode such as 9712 AB."))
        if cleaned.get("sort") == Sort.DISTANCE and not postcode:
            self.add_error("sort", _("Enter a postcode to sort by distance."))
        if cleaned.get("distance") and not postcode:
            self.add_error("distance", _("Enter a postcode to search within a distance."))
        return cleaned


class DirectoryFilter(KeptFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text", max_length=200)
    theme = django_filters.ChoiceFilter(
        label=_("Impact theme"),
        choices=Theme.Code.choices,
        method="filter_theme",
        empty_label=_("All themes"),
        widget=FastSelect,
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=Category.choices,
        method="filter_category",
        empty_label=_("All categories"),
        widget=FastSelect,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("All municipalities"),
        widget=FastSelect,
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("All regions"),
        widget=FastSelect,
        help_text=_("Suppliers based in one of the region's municipalities."),
    )
    postcode = django_filters.CharFilter(
        label=_("Near postcode"), method="filter_near", max_length=7, help_text=_("E.g. 9712 AB or 9712.")
    )
    distance = django_filters.ChoiceFilter(
        label=_("Distance"), choices=DISTANCES, method="keep", empty_label=_("Any distance"), widget=FastSelect
    )
    criteria = django_filters.MultipleChoiceFilter(
        label=_("Criteria"), choices=CRITERION_CHOICES, method="filter_criteria", widget=FastCheckboxes
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.CHOICES, method="keep", empty_label=None, widget=FastSelect
    )

    class Meta:
        model = Supplier
        fields: list[str] = []
        form = DirectoryForm

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Distance and sort act in filter_near and filter_queryset."""
        return queryset

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return text_search(queryset, value)

    def filter_theme(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return in_theme(queryset, value)

    def filter_category(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return in_category(queryset, value)

    def filter_municipality(self, queryset: QuerySet, name: str, value: Municipality) -> QuerySet:
        return in_municipality(queryset, value)

    def filter_region(self, queryset: QuerySet, name: str, value: Region) -> QuerySet:
        return in_region(queryset, value)

    def filter_near(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Annotate the distance in km from the postcode; with a distance chosen, keep only those within it
        (a bounding box on the indexed latitude/longitude first, then the exact distance)."""
        point = geo.locate(value)
        if point is None:
            return queryset
        queryset = queryset.annotate(distance=geo.distance_expression(point, "latitude", "longitude"))
        km = int(self.form.cleaned_data.get("distance") or 0)
        if km:
            min_lat, max_lat, min_lon, max_lon = geo.bounding_box(point, km)
            queryset = queryset.filter(
                latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon), distance__lte=km
            )
        return queryset

    def filter_criteria(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        for criterion in value:
            if criterion == "pso":
                queryset = queryset.exclude(pso_level=Supplier.PsoLevel.NONE)
            elif criterion == "staff":
                queryset = queryset.filter(staff_distance_share__gte=STAFF_SHARE_THRESHOLD)
            elif criterion in CRITERIA:
                queryset = queryset.filter(**{criterion: True})
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.sorted(super().filter_queryset(queryset))

    @property
    def qs(self) -> QuerySet:
        if not self.is_bound:  # an unbound directory still needs its order
            return self.sorted(self.queryset.all())
        return super().qs

    def sorted(self, queryset: QuerySet) -> QuerySet:
        """Best match when searching on PostgreSQL (BEST_MATCH); distance when a postcode is given; else by name."""
        cleaned = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        sort = cleaned.get("sort") or Sort.RELEVANCE
        annotations = queryset.query.annotations
        if sort == Sort.DISTANCE and "distance" in annotations:
            return queryset.order_by("distance", "sort_name", "pk")
        if sort == Sort.NEWEST:
            return queryset.order_by("-verified_at", "pk")
        if sort == Sort.RELEVANCE and "name_match" in annotations:
            return queryset.order_by(*BEST_MATCH)
        if sort == Sort.RELEVANCE and "distance" in annotations:
            return queryset.order_by("distance", "sort_name", "pk")
        return queryset.order_by("sort_name", "pk")
