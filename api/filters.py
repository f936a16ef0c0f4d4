"""The API's query parameters, bound to the public pages' own filters (procurement's directory, matching's
needs and offers) under the API's lowerCamelCase names. Bad values are a 400 with each parameter's reason."""

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from accounts.models import Municipality, Region
from programmes.models import Activity

# API name → the filter's own name
DIRECTORY_PARAMETERS = {
    name: name
    for name in ("q", "theme", "category", "municipality", "region", "postcode", "distance", "criteria", "sort")
}
LISTING_PARAMETERS = {
    "q": "q",
    "helpKind": "help_kind",
    "theme": "theme",
    "municipality": "municipality",
    "place": "place",
    "near": "near",
    "within": "within",
}


def _reject(errors, api_names: dict[str, str]) -> None:
    by_filter_name = {filter_name: api_name for api_name, filter_name in api_names.items()}
    raise ValidationError(
        {by_filter_name.get(name, name): [str(message) for message in messages] for name, messages in errors.items()}
    )


def apply_filterset(filterset_class, params: QueryDict, queryset: QuerySet, api_names: dict[str, str]) -> QuerySet:
    """`queryset` filtered by a public page's FilterSet with the parameters it knows; 400 for bad values."""
    data = QueryDict(mutable=True)
    for api_name, filter_name in api_names.items():
        if api_name in params:
            data.setlist(filter_name, params.getlist(api_name))
    filterset = filterset_class(data or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        _reject(filterset.form.errors, api_names)
    filtered = filterset.qs
    if filterset.is_bound and filterset.form.errors:  # some filters check their value while filtering
        _reject(filterset.form.errors, api_names)
    return filtered


class PlaceForm(forms.Form):
    """Where: a municipality and a region (by slug), both optional."""

    municipality = forms.ModelChoiceField(Municipality.objects.all(), to_field_name="slug", required=False)
    region = forms.ModelChoiceField(Region.objects.all(), to_field_name="slug", required=False)


class ActivityForm(PlaceForm):
    kind = forms.ChoiceField(choices=[("", "")] + list(Activity.Kind.choices), required=False)


class LetterFiguresForm(PlaceForm):
    year = forms.IntegerField(min_value=1900, max_value=2199, required=False)


def cleaned(form_class, params: QueryDict, names: tuple[str, ...]) -> dict:
    """The cleaned values of the parameters `names` (others are left to other filters); 400 for bad ones."""
    form = form_class({name: params.get(name) for name in names if name in params})
    if not form.is_valid():
        _reject(form.errors, {name: name for name in names})
    return {name: value for name, value in form.cleaned_data.items() if name in names and value not in (None, "")}


def in_place(queryset: QuerySet, municipality_path: str, place: dict) -> QuerySet:
    """`queryset` within the municipality and region in `place` (cleaned by PlaceForm)."""
    if "municipality" in place:
        queryset = queryset.filter(**{municipality_path: place["municipality"]})
    if "region" in place:
        queryset = queryset.filter(**{f"{municipality_path}__region": place["region"]})
    return queryset
