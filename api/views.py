"""The open-data API's resources: read-only lists and objects of what the portal shows the public."""

import functools
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

from accounts.models import Theme
from matching.filters import NeedFilter, OfferFilter
from matching.models import HelpKind
from procurement.filters import CRITERION_CHOICES, DISTANCES, DirectoryFilter, Sort
from procurement.models import Category
from programmes.models import Activity

from . import selectors, serializers
from .filters import (
    DIRECTORY_PARAMETERS,
    LISTING_PARAMETERS,
    ActivityForm,
    LetterFiguresForm,
    PlaceForm,
    apply_filterset,
    cleaned,
    in_place,
)


def _choices(choices) -> list[str]:
    return [str(value) for value, _label in choices]


MUNICIPALITY = OpenApiParameter("municipality", str, description=_("Only this municipality (its slug)."))
REGION = OpenApiParameter("region", str, description=_("Only municipalities of this region (its slug)."))
THEME = OpenApiParameter("theme", str, enum=_choices(Theme.Code.choices), description=_("Only this impact theme."))
TEXT = OpenApiParameter("q", str, description=_("Words to search for."))

SUPPLIER_PARAMETERS = [
    TEXT,
    THEME,
    OpenApiParameter("category", str, enum=_choices(Category.choices), description=_("Offers in this category.")),
    MUNICIPALITY,
    REGION,
    OpenApiParameter("postcode", str, description=_("A Dutch postcode, such as 9712 AB: sorts by distance.")),
    OpenApiParameter("distance", str, enum=_choices(DISTANCES), description=_("Within this many km of the postcode.")),
    OpenApiParameter(
        "criteria", str, many=True, explode=True, enum=_choices(CRITERION_CHOICES), description=_("Meets all these.")
    ),
    OpenApiParameter("sort", str, enum=_choices(Sort.CHOICES), description=_("The order.")),
]
LISTING_PARAMETERS_DOCUMENTED = [
    TEXT,
    OpenApiParameter("helpKind", str, enum=_choices(HelpKind.choices), description=_("Only this kind of help.")),
    THEME,
    MUNICIPALITY,
    REGION,
    OpenApiParameter("place", str, description=_("Place name containing this.")),
    OpenApiParameter("near", str, description=_("A Dutch postcode: sorts by distance from it.")),
    OpenApiParameter("within", str, enum=["5", "10", "25", "50"], description=_("Within this many km of near.")),
]


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only collection of public objects; ids are whole numbers."""

    lookup_value_regex = r"[0-9]{1,18}"

    @property
    def params(self):
        return self.request.query_params


@extend_schema_view(
    list=extend_schema(summary=_("Verified impact suppliers"), parameters=SUPPLIER_PARAMETERS),
    retrieve=extend_schema(summary=_("A verified impact supplier")),
)
class SupplierViewSet(PublicViewSet):
    """Verified impact suppliers with their products and services, searched and filtered as in the public
    directory."""

    serializer_class = serializers.SupplierSerializer

    def get_queryset(self):
        return apply_filterset(DirectoryFilter, self.params, selectors.suppliers(), DIRECTORY_PARAMETERS)

    def get_object(self):
        return selectors.supplier(self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(summary=_("Open needs of community initiatives"), parameters=LISTING_PARAMETERS_DOCUMENTED),
    retrieve=extend_schema(summary=_("An open need")),
)
class NeedViewSet(PublicViewSet):
    serializer_class = serializers.NeedSerializer

    def get_queryset(self):
        found = apply_filterset(NeedFilter, self.params, selectors.needs(), LISTING_PARAMETERS)
        return in_place(found, "municipality", cleaned(PlaceForm, self.params, ("region",)))

    def get_object(self):
        return selectors.need(self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(summary=_("Open offers of entrepreneurs"), parameters=LISTING_PARAMETERS_DOCUMENTED),
    retrieve=extend_schema(summary=_("An open offer")),
)
class OfferViewSet(PublicViewSet):
    serializer_class = serializers.OfferSerializer

    def get_queryset(self):
        found = apply_filterset(OfferFilter, self.params, selectors.offers(), LISTING_PARAMETERS)
        return in_place(found, "municipality", cleaned(PlaceForm, self.params, ("region",)))

    def get_object(self):
        return selectors.offer(self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        summary=_("Public activities"),
        parameters=[
            MUNICIPALITY,
            REGION,
            OpenApiParameter("kind", str, enum=_choices(Activity.Kind.choices), description=_("Only this kind.")),
        ],
    ),
    retrieve=extend_schema(summary=_("A public activity")),
)
class ActivityViewSet(PublicViewSet):
    serializer_class = serializers.ActivitySerializer

    def get_queryset(self):
        chosen = cleaned(ActivityForm, self.params, ("municipality", "region", "kind"))
        found = in_place(selectors.activities(), "action_line__programme__municipality", chosen)
        return found.filter(kind=chosen["kind"]) if "kind" in chosen else found

    def get_object(self):
        return selectors.activity(self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(summary=_("Published challenge results"), parameters=[MUNICIPALITY, REGION]),
    retrieve=extend_schema(summary=_("The published results of a challenge")),
)
class ChallengeResultViewSet(PublicViewSet):
    serializer_class = serializers.ChallengeResultSerializer

    def get_queryset(self):
        chosen = cleaned(PlaceForm, self.params, ("municipality", "region"))
        return in_place(selectors.challenge_results(), "action_line__programme__municipality", chosen)

    def get_object(self):
        return selectors.challenge_result(self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        summary=_("Figures of published council letters"),
        parameters=[MUNICIPALITY, REGION, OpenApiParameter("year", OpenApiTypes.INT, description=_("Only this year."))],
    ),
    retrieve=extend_schema(summary=_("The figures of a published council letter")),
)
class LetterFiguresViewSet(PublicViewSet):
    """The frozen figures of published council letters, of the municipalities that share them in the network."""

    serializer_class = serializers.LetterFiguresSerializer

    def get_queryset(self):
        chosen = cleaned(LetterFiguresForm, self.params, ("municipality", "region", "year"))
        found = in_place(selectors.letter_figures(), "programme__municipality", chosen)
        return found.filter(year=chosen["year"]) if "year" in chosen else found

    def get_object(self):
        return selectors.letter_figure(self.kwargs["pk"])


COLLECTIONS = (
    ("suppliers", "api:supplier-list"),
    ("needs", "api:need-list"),
    ("offers", "api:offer-list"),
    ("activities", "api:activity-list"),
    ("challengeResults", "api:challenge-result-list"),
    ("letterFigures", "api:letter-figures-list"),
    ("openapi", "api:openapi"),
    ("documentation", "api:docs"),
)


class RootView(APIView):
    """Where the collections, the OpenAPI document and the documentation are."""

    @extend_schema(
        summary=_("The API's collections"),
        responses={200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}},
    )
    def get(self, request: Request) -> Response:
        return Response({name: request.build_absolute_uri(reverse(url_name)) for name, url_name in COLLECTIONS})


@functools.lru_cache(maxsize=4)
def _schema_in(language: str) -> dict:
    with translation.override(language):  # its texts turned into plain strings in that language
        return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), cls=JSONEncoder))


def openapi_schema() -> dict:
    """The OpenAPI document in the active language (made once per language and process)."""
    return _schema_in(translation.get_language() or "nl")


class OpenApiView(APIView):
    """The OpenAPI 3 document of this API (NL API Design Rules: /core/publish-openapi)."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(openapi_schema())


def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation as a page of the portal, from the OpenAPI document."""
    schema = openapi_schema()
    operations = [
        {"path": "/api/v1" + path, "method": method.upper(), **operation}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    context = {"schema": schema, "operations": operations, "rate_limit": settings.API_RATE_LIMIT}
    return render(request, "api/docs.html", context)
