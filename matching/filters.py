"""Filters for browsing needs, offers and matches (django-filter): kind of help, theme, place, distance, text."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Theme
from core import geo
from core.filters import KeptFilterSet
from core.forms import FilterForm, KeptChoicesFilterForm
from core.widgets import FastSelect

from .models import HELP_KIND_FIELDS, HelpKind, Match, Need, Offer

DISTANCE_CHOICES = [("5", _("5 km")), ("10", _("10 km")), ("25", _("25 km")), ("50", _("50 km"))]


class ListingFilter(KeptFilterSet):
    """Shared by needs and offers. Distance counts from the postcode given, in the database."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    help_kind = django_filters.ChoiceFilter(
        label=_("Kind of help"), choices=HelpKind.choices, method="with_help_kind", empty_label=_("Any kind")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="code",
        field_name="themes",
        empty_label=_("Any theme"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("Any municipality"),
    )
    place = django_filters.CharFilter(label=_("Place"), field_name="place", lookup_expr="icontains")
    near = django_filters.CharFilter(label=_("Near postcode"), method="keep", help_text=_("For example 9712 AB."))
    within = django_filters.ChoiceFilter(
        label=_("Within"), choices=DISTANCE_CHOICES, method="keep", empty_label=_("Any distance")
    )

    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        condition = Q()
        for field_name in self.search_fields:
            condition |= Q(**{f"{field_name}__icontains": value})
        return queryset.filter(condition)

    def with_help_kind(self, queryset, name, value):
        return queryset.filter(**{HELP_KIND_FIELDS[HelpKind(value)]: True})

    def keep(self, queryset, name, value):
        return queryset  # handled together in filter_queryset

    def clean_near_point(self):
        text = self.form.cleaned_data.get("near")
        if not text:
            return None
        point = geo.locate(text)
        if point is None:
            self.form.add_error("near", _("This postcode is unknown; enter a Dutch postcode such as 9712 AB."))
        return point

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        point = self.clean_near_point()
        if point is None:
            return queryset
        km = int(self.form.cleaned_data.get("within") or 0)
        queryset = queryset.annotate(distance_km=geo.distance_expression(point, "latitude", "longitude"))
        if km:
            min_lat, max_lat, min_lon, max_lon = geo.bounding_box(point, km)
            queryset = queryset.filter(
                latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon), distance_km__lte=km
            )
        return queryset.order_by("distance_km", "-created_at", "-pk")

    @property
    def is_bound_with_distance(self) -> bool:
        return bool(self.form.is_valid() and self.form.cleaned_data.get("near"))


class NeedFilter(ListingFilter):
    search_fields = ("title", "story", "organisation__name")

    class Meta:
        model = Need
        form = KeptChoicesFilterForm
        fields = ["q", "help_kind", "theme", "municipality", "place", "near", "within"]


class OfferFilter(ListingFilter):
    search_fields = ("title", "description", "organisation__name", "goods")

    class Meta:
        model = Offer
        form = KeptChoicesFilterForm
        fields = ["q", "help_kind", "theme", "municipality", "place", "near", "within"]


class MatchFilter(KeptFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Match.Status.choices, empty_label=_("Any status"), widget=FastSelect
    )
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Match
        form = FilterForm
        fields = ["status", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(need__title__icontains=value)
            | Q(need__organisation__name__icontains=value)
            | Q(enterprise__name__icontains=value)
        )
