"""Every URL of the goals app, for every role (see tests/permissions.py).

The SDG page is public. The local targets belong to Groningen: its coordinator manages them; Haarlem's coordinator sees
Haarlem's own list and gets 404 for Groningen's targets, like everyone else without access."""

from goals.models import LocalTarget
from tests.permissions import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Case, coordinator_only, expect


def groningen_slug(world):
    return {"slug": world.groningen.slug}


def target(world):
    made = LocalTarget.objects.create(municipality=world.groningen, goal_id=8, text="150 mensen aan het werk")
    return {"pk": made.pk}


def target_data(world):
    return {"goal": "12", "text": "Meer circulaire inkoop", "indicator": ""}


CASES = [
    Case("goals:sdg_page", expect(OK), kwargs=groningen_slug),
    Case("goals:sdg_page", expect(NOT_FOUND), kwargs=lambda world: {"slug": "nergens"}, label="unknown"),
    Case("goals:local_targets", expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, other_coordinator=OK)),
    Case(
        "goals:local_targets",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, other_coordinator=REDIRECT),
        method="post",
        data=target_data,
    ),
    Case("goals:local_target_edit", coordinator_only(), kwargs=target),
    Case(
        "goals:local_target_edit",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT),
        kwargs=target,
        method="post",
        data=target_data,
    ),
    Case(
        "goals:local_target_delete",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT),
        kwargs=target,
        method="post",
    ),
    Case("goals:local_target_delete", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=target, label="get"),
]
