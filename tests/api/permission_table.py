"""Every URL of the open-data API, for every role (see tests/permissions.py): the API is public and the same
for everyone, signed in or not; what is not public is not found, for anyone; it can only be read."""

import datetime as dt

from django.utils import timezone

from programmes.challenges.models import Stage
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.matching.factories import NeedFactory, OfferFactory
from tests.permissions import NOT_ALLOWED, NOT_FOUND, OK, Case, expect
from tests.procurement.factories import OfferingFactory, SupplierFactory
from tests.programmes.factories import ActionLineFactory, ActivityFactory, ProgrammeFactory

from .conftest import published_letter


def verified_supplier(world):
    return {"pk": OfferingFactory(supplier=SupplierFactory(organisation__municipality=world.groningen)).supplier_id}


def pending_supplier(world):
    return {"pk": SupplierFactory(status="pending", verified_at=None).pk}


def open_need(world):
    return {"pk": NeedFactory(municipality=world.groningen).pk}


def closed_need(world):
    return {"pk": NeedFactory(municipality=world.groningen, status="closed").pk}


def open_offer(world):
    return {"pk": OfferFactory(municipality=world.groningen).pk}


def public_activity(world):
    return {"pk": ActivityFactory(action_line__programme__municipality=world.groningen).pk}


def internal_activity(world):
    return {"pk": ActivityFactory(action_line__programme__municipality=world.groningen, public=False).pk}


def challenge(world, *, results_public):
    line = ActionLineFactory(programme__municipality=world.groningen)
    opened = timezone.now() - dt.timedelta(days=40)
    found = ChallengeFactory(
        action_line=line, results_public=results_public, opens_at=opened, closes_at=opened + dt.timedelta(days=20)
    )
    ApplicationFactory(challenge=found, stage=Stage.WINNER)
    return {"pk": found.pk}


def letter(world, *, in_network):
    world.groningen.in_network = in_network
    world.groningen.save()
    return {"pk": published_letter(ProgrammeFactory(municipality=world.groningen), 2019, {"matches": 3}).pk}


EVERYONE = expect(OK)
NO_ONE = expect(NOT_FOUND)
READ_ONLY = expect(NOT_ALLOWED)

CASES = [
    Case("api:root", EVERYONE),
    Case("api:openapi", EVERYONE),
    Case("api:docs", EVERYONE),
    Case("api:supplier-list", EVERYONE),
    Case("api:supplier-list", READ_ONLY, method="post", data=lambda world: {"name": "x"}),
    Case("api:supplier-detail", EVERYONE, kwargs=verified_supplier),
    Case("api:supplier-detail", NO_ONE, kwargs=pending_supplier, label="pending"),
    Case("api:supplier-detail", READ_ONLY, kwargs=verified_supplier, method="post"),
    Case("api:need-list", EVERYONE),
    Case("api:need-detail", EVERYONE, kwargs=open_need),
    Case("api:need-detail", NO_ONE, kwargs=closed_need, label="closed"),
    Case("api:offer-list", EVERYONE),
    Case("api:offer-detail", EVERYONE, kwargs=open_offer),
    Case("api:activity-list", EVERYONE),
    Case("api:activity-detail", EVERYONE, kwargs=public_activity),
    Case("api:activity-detail", NO_ONE, kwargs=internal_activity, label="internal"),
    Case("api:challenge-result-list", EVERYONE),
    Case("api:challenge-result-detail", EVERYONE, kwargs=lambda world: challenge(world, results_public=True)),
    Case(
        "api:challenge-result-detail",
        NO_ONE,
        kwargs=lambda world: challenge(world, results_public=False),
        label="not public",
    ),
    Case("api:letter-figures-list", EVERYONE),
    Case("api:letter-figures-detail", EVERYONE, kwargs=lambda world: letter(world, in_network=True)),
    Case(
        "api:letter-figures-detail",
        NO_ONE,
        kwargs=lambda world: letter(world, in_network=False),
        label="outside the network",
    ),
]
