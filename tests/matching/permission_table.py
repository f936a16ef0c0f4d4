"""Who gets what on every page of matching. The objects belong to Groningen (world.groningen) and to the
organisations of world.entrepreneur and world.initiative, unless the case says otherwise."""

import datetime

from django.utils import timezone

from matching.models import Match, Need, Offer
from tests.factories import OrganisationFactory
from tests.matching.factories import (
    BeursvloerFactory,
    BuySocialFactory,
    DealFactory,
    MatchFactory,
    NeedFactory,
    OfferFactory,
)
from tests.permissions import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Case, expect, signed_in_only

PUBLIC = expect(OK)
COORDINATOR_ONLY = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, regional=NOT_FOUND)
# Pages about the user's own municipality: Haarlem's coordinator sees Haarlem's.
COORDINATORS = expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, other_coordinator=OK, regional=NOT_FOUND)
# Matches are their parties' and their municipality's coordinator's; a regional coordinator sees the region's open
# needs and offers (reporting's regional marketplace), no matches.
NO_MATCHES = {
    "buyer": NOT_FOUND,
    "council_member": NOT_FOUND,
    "approver": NOT_FOUND,
    "regional": NOT_FOUND,
    "contractor": NOT_FOUND,
    "private_buyer": NOT_FOUND,
}


def own_need(world):
    return {"pk": NeedFactory(municipality=world.groningen, organisation=world.initiative.organisation).pk}


def closed_need(world):
    need = NeedFactory(municipality=world.groningen, organisation=world.initiative.organisation, status="closed")
    return {"pk": need.pk}


def own_offer(world):
    return {"pk": OfferFactory(municipality=world.groningen, organisation=world.entrepreneur.organisation).pk}


def paused_offer(world):
    offer = OfferFactory(municipality=world.groningen, organisation=world.entrepreneur.organisation, status="paused")
    return {"pk": offer.pk}


def match_between_them(world):
    need = NeedFactory(municipality=world.groningen, organisation=world.initiative.organisation)
    return {"pk": MatchFactory(need=need, enterprise=world.entrepreneur.organisation).pk}


def match_of_others(world):
    """A match in Groningen between two other organisations: only the coordinator sees it."""
    need = NeedFactory(municipality=world.groningen)
    enterprise = OrganisationFactory(municipality=world.groningen, kind="enterprise")
    return {"pk": MatchFactory(need=need, enterprise=enterprise).pk}


def _closed_for_lack_of_movement(queryset, pk: int, **fields) -> dict:
    queryset.filter(pk=pk).update(stale_closed_at=timezone.now(), **fields)
    return {"pk": pk}


def stale_closed_need(world):
    return _closed_for_lack_of_movement(Need.objects, own_need(world)["pk"], status="closed")


def stale_closed_offer(world):
    return _closed_for_lack_of_movement(Offer.objects, own_offer(world)["pk"], status="closed")


def stale_closed_match(world):
    pk = match_between_them(world)["pk"]
    return _closed_for_lack_of_movement(Match.objects, pk, status="declined", stale_closed_from="suggested")


def stale_need_of_groningen(world):
    need = NeedFactory(municipality=world.groningen)
    Need.objects.filter(pk=need.pk).update(updated_at=timezone.now() - datetime.timedelta(days=100))
    return {"selected": [need.pk], "reason": "Opgeruimd"}


def beursvloer(world):
    return {"pk": BeursvloerFactory(municipality=world.groningen).pk}


def buy_social(world):
    """A Buy Social marketplace of Groningen with a deal between the contractor's company and the entrepreneur."""
    deal = DealFactory(
        beursvloer=BuySocialFactory(municipality=world.groningen),
        company=world.users["contractor"].organisation,
        enterprise=world.entrepreneur.organisation,
    )
    return {"pk": deal.beursvloer_id}


def community_beursvloer(world):
    return beursvloer(world)


def with_a_deal(world):
    buy_social(world)
    return {}


def decline_data(world):
    return {"to_status": Match.Status.DECLINED, "reason": "Past niet"}


CASES = [
    Case("matching:need_list", PUBLIC),
    Case("matching:offer_list", PUBLIC),
    Case("matching:need_detail", PUBLIC, kwargs=own_need, label="open"),
    Case(
        "matching:need_detail",
        expect(NOT_FOUND, initiative=OK, coordinator=OK),
        kwargs=closed_need,
        label="closed",
    ),
    Case("matching:offer_detail", PUBLIC, kwargs=own_offer, label="open"),
    Case(
        "matching:offer_detail",
        expect(NOT_FOUND, entrepreneur=OK, coordinator=OK),
        kwargs=paused_offer,
        label="paused",
    ),
    Case("matching:need_create", signed_in_only(NOT_FOUND, initiative=OK)),
    Case("matching:need_edit", signed_in_only(NOT_FOUND, initiative=OK), kwargs=own_need),
    Case(
        "matching:need_status",
        signed_in_only(NOT_FOUND, initiative=REDIRECT),
        kwargs=own_need,
        method="post",
        data=lambda world: {"status": "paused"},
    ),
    Case("matching:need_status", signed_in_only(NOT_ALLOWED), kwargs=own_need, label="get"),
    Case("matching:need_suggestions", signed_in_only(NOT_FOUND, initiative=OK, coordinator=OK), kwargs=own_need),
    # "I want to help": entrepreneurs (and the coordinator) go on to the proposal; others read why they cannot.
    Case(
        "matching:need_help",
        expect(OK, anonymous=LOGIN, entrepreneur=REDIRECT, coordinator=REDIRECT),
        kwargs=own_need,
        label="open",
    ),
    Case(
        "matching:need_help",
        expect(NOT_FOUND, initiative=OK, coordinator=OK),
        kwargs=closed_need,
        label="closed",
    ),
    Case("matching:need_help", expect(NOT_ALLOWED, anonymous=NOT_ALLOWED), kwargs=own_need, method="post"),
    Case("matching:offer_create", signed_in_only(NOT_FOUND, entrepreneur=OK)),
    Case("matching:offer_edit", signed_in_only(NOT_FOUND, entrepreneur=OK), kwargs=own_offer),
    Case(
        "matching:offer_status",
        signed_in_only(NOT_FOUND, entrepreneur=REDIRECT),
        kwargs=own_offer,
        method="post",
        data=lambda world: {"status": "closed"},
    ),
    Case("matching:offer_suggestions", signed_in_only(NOT_FOUND, entrepreneur=OK, coordinator=OK), kwargs=own_offer),
    Case("matching:mine", signed_in_only(NOT_FOUND, entrepreneur=OK, initiative=OK)),
    Case("matching:match_list", signed_in_only(OK, **NO_MATCHES)),
    Case("matching:match_export", signed_in_only(OK, **NO_MATCHES)),
    Case("matching:match_propose", signed_in_only(OK, **NO_MATCHES)),
    Case(
        "matching:match_detail",
        signed_in_only(NOT_FOUND, entrepreneur=OK, initiative=OK, coordinator=OK),
        kwargs=match_between_them,
        label="parties",
    ),
    Case("matching:match_detail", COORDINATOR_ONLY, kwargs=match_of_others, label="others"),
    Case(
        "matching:match_change",
        signed_in_only(NOT_FOUND, entrepreneur=REDIRECT, initiative=REDIRECT, coordinator=REDIRECT),
        kwargs=match_between_them,
        method="post",
        data=decline_data,
    ),
    Case(
        "matching:match_change",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT),
        kwargs=match_of_others,
        method="post",
        data=decline_data,
        label="others",
    ),
    Case("matching:overview", COORDINATORS),
    Case(
        "matching:figures",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, other_coordinator=OK, council_member=OK),
    ),
    Case("matching:beursvloer_list", COORDINATORS),
    Case("matching:beursvloer_create", COORDINATORS),
    Case("matching:beursvloer_detail", COORDINATOR_ONLY, kwargs=beursvloer),
    Case("matching:beursvloer_register", COORDINATOR_ONLY, kwargs=beursvloer),
    # A Buy Social marketplace: the coordinator's desk and result; its parties see their deals on their own pages.
    Case("matching:beursvloer_detail", COORDINATOR_ONLY, kwargs=buy_social, label="buy social"),
    Case("matching:beursvloer_register", COORDINATOR_ONLY, kwargs=buy_social, label="buy social"),
    Case("matching:deal_export", COORDINATOR_ONLY, kwargs=buy_social),
    Case(
        "matching:deal_export",
        COORDINATOR_ONLY | {"coordinator": NOT_FOUND},
        kwargs=community_beursvloer,
        label="beursvloer",
    ),
    # the deals of the user's own company: a contractor's, or a private buyer's (a company too)
    Case(
        "matching:deal_list",
        signed_in_only(NOT_FOUND, entrepreneur=OK, private_buyer=OK, contractor=OK),
    ),
    Case(
        "matching:mine",
        signed_in_only(NOT_FOUND, entrepreneur=OK, initiative=OK),
        kwargs=with_a_deal,
        label="with deals",
    ),
    # Work closed for lack of movement: its owner reopens it (for a match either side or the coordinator).
    Case(
        "matching:need_reopen",
        signed_in_only(NOT_FOUND, initiative=REDIRECT),
        kwargs=stale_closed_need,
        method="post",
    ),
    Case("matching:need_reopen", signed_in_only(NOT_ALLOWED), kwargs=stale_closed_need, label="get"),
    Case(
        "matching:offer_reopen",
        signed_in_only(NOT_FOUND, entrepreneur=REDIRECT),
        kwargs=stale_closed_offer,
        method="post",
    ),
    Case("matching:offer_reopen", signed_in_only(NOT_ALLOWED), kwargs=stale_closed_offer, label="get"),
    Case(
        "matching:match_reopen",
        signed_in_only(NOT_FOUND, entrepreneur=REDIRECT, initiative=REDIRECT, coordinator=REDIRECT),
        kwargs=stale_closed_match,
        method="post",
    ),
    Case("matching:match_reopen", signed_in_only(NOT_ALLOWED), kwargs=stale_closed_match, label="get"),
    # The coordinator's lists of stale work (their own municipality's) and the bulk close; another municipality's
    # coordinator closes nothing of Groningen (tests/matching/test_stale_work.py).
    Case("matching:stale_needs", COORDINATORS),
    Case("matching:stale_matches", COORDINATORS),
    Case(
        "matching:stale_needs",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, other_coordinator=REDIRECT),
        method="post",
        data=stale_need_of_groningen,
        label="close",
    ),
]
