"""What the open-data API may show: each list is the same public set as the portal's public pages (the
directory, the needs and offers, the activities calendar, the challenge results), read through those apps'
own selectors where they have one; each object outside it is a 404."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from matching import selectors as matching_selectors
from matching.models import Need, Offer
from procurement import selectors as procurement_selectors
from procurement.models import Supplier
from programmes.challenges.models import Application, Challenge, Stage
from programmes.models import Activity
from reporting.models import Letter

RESULT_STAGES = (Stage.FINALIST, Stage.WINNER)


def suppliers() -> QuerySet[Supplier]:
    """Verified suppliers, with their themes, offerings and delivery municipalities prefetched."""
    return procurement_selectors.public_suppliers().prefetch_related("delivery_municipalities")


def supplier(pk: int) -> Supplier:
    return procurement_selectors.public_supplier(pk)


def needs() -> QuerySet[Need]:
    return matching_selectors.open_needs()


def need(pk: int) -> Need:
    return get_object_or_404(needs(), pk=pk)


def offers() -> QuerySet[Offer]:
    return matching_selectors.open_offers()


def offer(pk: int) -> Offer:
    return get_object_or_404(offers(), pk=pk)


def activities() -> QuerySet[Activity]:
    """The activities of every municipality's public calendar, from the earliest."""
    return (
        Activity.objects.filter(public=True)
        .select_related("action_line__programme__municipality", "organiser")
        .order_by("starts_at", "pk")
    )


def activity(pk: int) -> Activity:
    return get_object_or_404(activities(), pk=pk)


def challenge_results() -> QuerySet[Challenge]:
    """Challenges whose results the coordinator made public, with their finalists and winners
    (`public_results`, by organisation name) as the challenge's public page shows them."""
    results = (
        Application.objects.filter(furthest_stage__in=RESULT_STAGES)
        .select_related("organisation")
        .only("challenge_id", "title", "stage", "furthest_stage", "organisation__name")
        .order_by("organisation__name", "pk")
    )
    return (
        Challenge.objects.filter(results_public=True, opens_at__lte=timezone.now())
        .select_related("action_line__programme__municipality")
        .prefetch_related(Prefetch("applications", queryset=results, to_attr="public_results"))
        .order_by("-closes_at", "pk")
    )


def challenge_result(pk: int) -> Challenge:
    return get_object_or_404(challenge_results(), pk=pk)


def letter_figures() -> QuerySet[Letter]:
    """Published letters of municipalities in the network, with the frozen figures of their approved (and so
    published) version; never a draft's, never live figures."""
    return (
        Letter.objects.filter(
            status=Letter.Status.PUBLISHED,
            approved_version__isnull=False,
            programme__municipality__in_network=True,
        )
        .select_related("programme__municipality", "approved_version")
        .only(
            "id",
            "year",
            "published_at",
            "programme__municipality__slug",
            "programme__municipality__name",
            "approved_version__figures",
        )
        .order_by("-year", "programme__municipality__name", "pk")
    )


def letter_figure(pk: int) -> Letter:
    letter = letter_figures().filter(pk=pk).first()
    if letter is None:
        raise Http404
    return letter
