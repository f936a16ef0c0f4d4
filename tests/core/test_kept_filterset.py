"""core.filters.KeptFilterSet: filters copied shallowly per filter set, the form class made once."""

import django_filters
import pytest
from django.db.models import Q

from accounts.models import Municipality
from core.filters import KeptFilterSet
from core.forms import FilterForm
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


class NameFilter(KeptFilterSet):
    q = django_filters.CharFilter(method="by_name")
    size = django_filters.ChoiceFilter(choices=[("s", "small")], method="keep")

    class Meta:
        model = Municipality
        fields = ["q", "size"]
        form = FilterForm

    def by_name(self, queryset, name, value):
        self.asked = value
        return queryset.filter(Q(name__icontains=value))

    def keep(self, queryset, name, value):
        return queryset


def test_it_filters_each_filter_set_with_its_own_method_and_data():
    MunicipalityFactory(name="Groningen", slug="groningen")
    MunicipalityFactory(name="Haarlem", slug="haarlem")
    first, second = NameFilter({"q": "gron"}), NameFilter({"q": "haar"})

    assert [m.name for m in first.qs] == ["Groningen"] and [m.name for m in second.qs] == ["Haarlem"]
    assert (first.asked, second.asked) == ("gron", "haar")


def test_a_change_to_one_filter_sets_filter_reaches_no_other():
    first, second = NameFilter({}), NameFilter({})

    first.filters["size"].extra["choices"] = [("l", "large")]

    assert second.filters["size"].extra["choices"] == [("s", "small")]
    assert NameFilter.base_filters["size"].extra["choices"] == [("s", "small")]
    assert first.filters["q"] is not NameFilter.base_filters["q"]


def test_it_makes_the_form_class_once():
    assert type(NameFilter({}).form) is type(NameFilter({"q": "x"}).form)
