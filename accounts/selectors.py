"""Reads for accounts, and the access helpers every app uses to scope what a user may see."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Municipality, Organisation, Region, User


def organisation_of(user: User) -> Organisation:
    """The organisation of a signed-in entrepreneur or initiative; 404 for anyone else."""
    if not user.is_authenticated or not user.is_organisation_member or user.organisation_id is None:
        raise Http404
    return Organisation.objects.select_related("municipality").prefetch_related("themes").get(pk=user.organisation_id)


def municipality_of(user: User, *, roles: Collection[str] | None = None) -> Municipality:
    """The municipality a coordinator, buyer, jury member or council member works for.

    `roles` narrows who may pass; anyone else gets 404, so a page never tells an outsider
    that it exists.
    """
    if not user.is_authenticated or user.home_municipality_id is None or user.municipality is None:
        raise Http404
    if roles is not None and user.role not in roles:
        raise Http404
    return user.municipality


# ---------------------------------------------------------------- the shared register and marketplace


@dataclass(frozen=True)
class SharedScope:
    """The municipalities whose shared supplier register and needs/offers marketplace a user works on: a
    coordinator their own municipality, a regional coordinator every member of their region. Only these two
    parts are shared in a region; each municipality's other data (service point, letters, challenges) stays its
    own and goes through municipality_of."""

    name: str  # the municipality's or the region's name, for headings
    slug: str
    municipality_ids: QuerySet[Municipality, Any]  # a subquery: filter with `municipality__in=scope.municipality_ids`
    region: Region | None = None  # set for a regional coordinator

    @property
    def is_region(self) -> bool:
        return self.region is not None


def shared_scope(user: User) -> SharedScope:
    """What `user` may work on in the shared register and marketplace; 404 for anyone but a coordinator or a
    regional coordinator. Costs no query: the members are a subquery of the queries that use them."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    if user.is_coordinator and user.municipality is not None:
        ids = Municipality.objects.filter(pk=user.municipality.pk).values("pk")
        return SharedScope(name=user.municipality.name, slug=user.municipality.slug, municipality_ids=ids)
    if user.is_regional_coordinator and user.region is not None:
        ids = Municipality.objects.filter(region=user.region).values("pk")
        name = _("the region %(region)s") % {"region": user.region.name}
        return SharedScope(name=name, slug=user.region.slug, municipality_ids=ids, region=user.region)
    raise Http404


def region_of(user: User) -> Region:
    """The region a regional coordinator works for; 404 for anyone else."""
    scope = shared_scope(user)
    if scope.region is None:
        raise Http404
    return scope.region


def region_members(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region).order_by("name")


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.all()


def erasable_members(coordinator: User) -> QuerySet[User]:
    """Active members of organisations (companies too) in the coordinator's municipality: whom they may erase on
    request."""
    municipality = municipality_of(coordinator, roles={User.Role.COORDINATOR})
    return (
        User.objects.filter(
            is_active=True,
            role__in=User.ORGANISATION_ROLES | User.COMPANY_ROLES,
            organisation__municipality=municipality,
        )
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def erasable_member(coordinator: User, pk: int) -> User:
    try:
        return erasable_members(coordinator).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def profile_is_filled(user: User) -> bool:
    """Whether the user's organisation has the profile others read: a description, a contact e-mail and a place.
    One query."""
    return (
        Organisation.objects.filter(pk=user.organisation_id or 0)
        .exclude(description="")
        .exclude(email="")
        .exclude(city="")
        .exists()
    )


# ---------------------------------------------------------------- a municipality's own face


@dataclass(frozen=True)
class OwnFace:
    """What the page's header shows of a municipality: its logo and the stylesheet of its brand colours."""

    name: str
    logo_url: str  # "" without a logo
    stylesheet_url: str  # "" without brand colours: the neutral look


def own_face_of(municipality: Municipality | None) -> OwnFace | None:
    if municipality is None or not municipality.has_own_face:
        return None
    version = f"?v={municipality.own_face_version}"
    logo_url = stylesheet_url = ""
    if municipality.logo:
        logo_url = reverse("accounts:own_face_logo", args=[municipality.slug]) + version
    if municipality.brand_primary_color or municipality.brand_secondary_color:
        stylesheet_url = reverse("accounts:own_face_stylesheet", args=[municipality.slug]) + version
    return OwnFace(name=municipality.name, logo_url=logo_url, stylesheet_url=stylesheet_url)


def face_municipality_of(user: User) -> Municipality | None:
    """The municipality whose face a signed-in user sees: the one they work for, else their organisation's.
    Reads relations the authentication backend loads with the user, so it costs no query."""
    if not user.is_authenticated:
        return None
    if user.municipality_id is not None:
        return user.municipality
    if user.organisation_id is not None and user.organisation is not None:
        return user.organisation.municipality
    return None


def municipality_by_slug(slug: str) -> Municipality:
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist as error:
        raise Http404 from error
