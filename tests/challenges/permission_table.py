"""Every URL of challenges, for every role (see tests/permissions.py).

Challenges belong to Groningen: its coordinator manages them, entrepreneurs apply, the jury scores;
the coordinator of Haarlem is an outsider and gets 404 like everyone else without access.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.challenges.models import Stage
from tests.challenges.factories import PDF_BYTES, ApplicationFactory, ChallengeFactory, ReviewFactory
from tests.permissions import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    coordinator_only,
    expect,
    signed_in_only,
)
from tests.programmes.permission_table import coordinator_redirect, own_municipality_page


def challenge(world):
    return {"pk": ChallengeFactory(action_line__programme__municipality=world.groningen).pk}


def application(world):
    organisation = world.entrepreneur.organisation
    found = ApplicationFactory(
        challenge__action_line__programme__municipality=world.groningen,
        organisation=organisation,
        applicant=world.entrepreneur,
    )
    return {"pk": found.pk}


def selected_application(world):
    found = ApplicationFactory(
        challenge__action_line__programme__municipality=world.groningen,
        organisation=world.entrepreneur.organisation,
        stage=Stage.SELECTED,
    )
    return {"pk": found.pk}


def application_with_pitch(world):
    found = ApplicationFactory(
        challenge__action_line__programme__municipality=world.groningen,
        organisation=world.entrepreneur.organisation,
        pitch=SimpleUploadedFile("pitch.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    return {"pk": found.pk}


def review(world):
    found = ReviewFactory(
        application__challenge__action_line__programme__municipality=world.groningen,
        juror__municipality=world.groningen,
    )
    return {"pk": found.pk}


def bulk_data(world):
    return {"action": "stage:assessed", "applications": []}


CASES = [
    Case("challenges:challenge_list", own_municipality_page()),
    Case("challenges:challenge_create", own_municipality_page()),
    Case("challenges:challenge_detail", coordinator_only(), kwargs=challenge),
    Case("challenges:challenge_edit", coordinator_only(), kwargs=challenge),
    Case("challenges:challenge_questions", coordinator_only(), kwargs=challenge),
    Case("challenges:challenge_criteria", coordinator_only(), kwargs=challenge),
    Case("challenges:challenge_jury", coordinator_only(), kwargs=challenge),
    Case("challenges:challenge_applications", coordinator_only(), kwargs=challenge),
    Case("challenges:challenge_bulk", coordinator_redirect(), kwargs=challenge, method="post", data=bulk_data),
    Case("challenges:challenge_bulk", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=challenge, label="get"),
    Case("challenges:challenge_export", coordinator_only(), kwargs=challenge),
    Case("challenges:application_detail", coordinator_only(), kwargs=application),
    Case(
        "challenges:application_stage",
        coordinator_redirect(),
        kwargs=application,
        method="post",
        data=lambda world: {"stage": "assessed"},
    ),
    Case(
        "challenges:application_coach",
        coordinator_redirect(),
        kwargs=selected_application,
        method="post",
        data=lambda world: {"coach": ""},
    ),
    Case("challenges:pitch_download", coordinator_only(entrepreneur=OK), kwargs=application_with_pitch),
    Case("challenges:my_challenges", signed_in_only(NOT_FOUND, entrepreneur=OK, initiative=OK)),
    Case("challenges:challenge_apply", signed_in_only(NOT_FOUND, entrepreneur=OK, initiative=OK), kwargs=challenge),
    Case("challenges:my_application", signed_in_only(NOT_FOUND, entrepreneur=OK), kwargs=application),
    Case("challenges:jury_home", signed_in_only(NOT_FOUND)),
    Case("challenges:review_edit", signed_in_only(NOT_FOUND), kwargs=review),
    Case("challenges:public_challenge_list", expect(OK)),
    Case("challenges:public_challenge", expect(OK), kwargs=challenge),
]
