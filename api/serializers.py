"""What the API shows of each public object, in lowerCamelCase (NL API Design Rules). Only what the portal's
public pages show: never contact details of persons, internal notes, or anything not yet public."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Theme
from matching.models import HelpKind
from procurement.models import CRITERIA, Category, Offering, Supplier
from programmes.challenges.models import Stage
from programmes.models import Activity


class MunicipalitySerializer(serializers.Serializer):
    slug = serializers.CharField(help_text=_("The municipality's short name, as used in filters."))
    name = serializers.CharField()


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(Theme.Code.values)}})
class ThemeCodes(serializers.Field):
    """The codes of an object's impact themes, from its prefetched themes."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, help_text=_("The codes of the impact themes."), **kwargs)

    def to_representation(self, themes):
        return [theme.code for theme in themes.all()]


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(HelpKind.values)}})
class HelpKindCodes(serializers.Field):
    """The kinds of help a need asks or an offer gives."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, help_text=_("The kinds of help."), **kwargs)

    def to_representation(self, listing):
        return [str(kind) for kind in listing.help_kinds]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class MunicipalitySlugs(serializers.Field):
    """The slugs of prefetched municipalities."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", _("The municipalities it delivers in besides its own (their slugs)."))
        super().__init__(**kwargs)

    def to_representation(self, municipalities):
        return [municipality.slug for municipality in municipalities.all()]


@extend_schema_field(OpenApiTypes.STR)
class PostcodeArea(serializers.Field):
    """The four digits of a postcode, as the public pages show them (never the letters)."""

    def __init__(self, **kwargs):
        super().__init__(source="postcode", read_only=True, help_text=_("The four digits of the postcode."), **kwargs)

    def to_representation(self, postcode):
        return (postcode or "")[:4]


class OfferingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField(help_text=_("What the price is for, such as per hour."))
    category = serializers.ChoiceField(choices=Category.choices)
    kind = serializers.ChoiceField(choices=Offering.Kind.choices)
    price = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
        help_text=_("Indicative price in euros, excluding VAT; null: on request."),
    )


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


CRITERIA_SCHEMA = {
    "type": "object",
    "properties": {_camel(name): {"type": "boolean"} for name in CRITERIA},
    "required": [_camel(name) for name in CRITERIA],
}


@extend_schema_field(CRITERIA_SCHEMA)
class CriteriaField(serializers.Field):
    """The social-enterprise criteria and memberships a supplier meets, by name."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, help_text=_("The social-enterprise criteria it meets."), **kwargs)

    def to_representation(self, supplier):
        return {_camel(name): bool(getattr(supplier, name)) for name in CRITERIA}


class SupplierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="organisation.name")
    municipality = MunicipalitySerializer(source="organisation.municipality")
    kvkNumber = serializers.CharField(source="organisation.kvk_number", allow_null=True)  # noqa: N815
    verifiedAt = serializers.DateTimeField(source="verified_at", allow_null=True)  # noqa: N815
    description = serializers.CharField(help_text=_("What the supplier offers, and to whom."))
    impact = serializers.CharField(help_text=_("The social or ecological impact it puts first."))
    postcode = serializers.CharField(help_text=_("The postcode where it is based."))
    city = serializers.CharField()
    website = serializers.CharField()
    themes = ThemeCodes()
    criteria = CriteriaField()
    psoLevel = serializers.ChoiceField(source="pso_level", choices=Supplier.PsoLevel.choices)  # noqa: N815
    staffDistanceShare = serializers.IntegerField(source="staff_distance_share", allow_null=True)  # noqa: N815
    deliversNationwide = serializers.BooleanField(source="delivers_nationwide")  # noqa: N815
    deliveryMunicipalities = MunicipalitySlugs(source="delivery_municipalities")  # noqa: N815
    deliveryRegion = serializers.CharField(source="delivery_region")  # noqa: N815
    offerings = OfferingSerializer(many=True)
    distanceKm = serializers.SerializerMethodField(  # noqa: N815
        help_text=_("Distance in km from the postcode searched for; null without one.")
    )

    @extend_schema_field({"type": "number", "nullable": True})
    def get_distanceKm(self, supplier) -> float | None:  # noqa: N802
        distance = getattr(supplier, "distance", None)
        return None if distance is None else round(float(distance), 1)


class _ListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    place = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name", help_text=_("The organisation's name."))
    municipality = MunicipalitySerializer()
    themes = ThemeCodes()
    helpKinds = HelpKindCodes()  # noqa: N815
    postcodeArea = PostcodeArea()  # noqa: N815
    createdAt = serializers.DateTimeField(source="created_at")  # noqa: N815


class NeedSerializer(_ListingSerializer):
    story = serializers.CharField(help_text=_("What the initiative does and what the help would make possible."))
    moneyAmount = serializers.SerializerMethodField(  # noqa: N815
        help_text=_("The amount of money wanted in euros, if money is asked.")
    )
    neededBy = serializers.DateField(source="needed_by", allow_null=True)  # noqa: N815

    @extend_schema_field({"type": "number", "nullable": True})
    def get_moneyAmount(self, need) -> float | None:  # noqa: N802
        return float(need.money_amount) if need.help_money and need.money_amount is not None else None


class OfferSerializer(_ListingSerializer):
    description = serializers.CharField(help_text=_("What is given, and what an initiative may expect."))
    hours = serializers.IntegerField(allow_null=True, help_text=_("Hours of time and effort."))
    goods = serializers.CharField()
    euros = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=False)
    radiusKm = serializers.IntegerField(source="radius_km", allow_null=True)  # noqa: N815
    availableUntil = serializers.DateField(source="available_until", allow_null=True)  # noqa: N815


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField(help_text=_("An address, or the platform of an online meeting."))
    municipality = MunicipalitySerializer(source="action_line.programme.municipality")
    actionLine = serializers.CharField(source="action_line.title")  # noqa: N815
    kind = serializers.ChoiceField(choices=Activity.Kind.choices)
    mode = serializers.ChoiceField(choices=Activity.Mode.choices)
    status = serializers.ChoiceField(choices=Activity.Status.choices)
    startsAt = serializers.DateTimeField(source="starts_at")  # noqa: N815
    endsAt = serializers.DateTimeField(source="ends_at", allow_null=True)  # noqa: N815
    organiser = serializers.CharField(
        source="organiser.name", allow_null=True, help_text=_("The partner that organises it; null: the municipality.")
    )
    cancellationReason = serializers.SerializerMethodField()  # noqa: N815

    def get_cancellationReason(self, activity) -> str:  # noqa: N802
        return activity.cancellation_reason if activity.status == Activity.Status.CANCELLED else ""


class ResultSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    title = serializers.CharField(help_text=_("The name of the plan."))


class ChallengeResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    municipality = MunicipalitySerializer(source="action_line.programme.municipality")
    opensAt = serializers.DateTimeField(source="opens_at")  # noqa: N815
    closesAt = serializers.DateTimeField(source="closes_at")  # noqa: N815
    finaleOn = serializers.DateField(source="finale_on", allow_null=True)  # noqa: N815
    winners = serializers.SerializerMethodField()
    finalists = serializers.SerializerMethodField()

    @extend_schema_field(ResultSerializer(many=True))
    def get_winners(self, challenge):
        return ResultSerializer([a for a in challenge.public_results if a.stage == Stage.WINNER], many=True).data

    @extend_schema_field(ResultSerializer(many=True))
    def get_finalists(self, challenge):
        return ResultSerializer(challenge.public_results, many=True).data


@extend_schema_field({"type": "object", "additionalProperties": True})
class FiguresField(serializers.JSONField):
    """The frozen figures of a published letter, by figure name, as its PDF printed them."""


class LetterFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The number of the published letter."))
    municipality = MunicipalitySerializer(source="programme.municipality")
    year = serializers.IntegerField(help_text=_("The year the letter reports on."))
    publishedAt = serializers.DateTimeField(source="published_at", allow_null=True)  # noqa: N815
    figures = FiguresField(
        source="approved_version.figures", help_text=_("The figures as the published letter froze them.")
    )
