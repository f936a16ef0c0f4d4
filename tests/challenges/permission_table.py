"""Every URL of challenges, for every role (see tests/permissions.py).

Challenges belong to Groningen: its coordinator manages them, entrepreneurs apply, the jury scores;
the coordinator of Haarlem is an outsider and gets 404 like everyone else without access. A coach sees
the participants they coach and no others; another coach and a jury member of another challenge get 404.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.challenges.models import Juror, Stage
from tests.challenges.factories import PDF_BYTES, ApplicationFactory, ChallengeFactory, ReviewFactory
from tests.permissions import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
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


def coached_application(world):
    """The entrepreneur's organisation takes part and is coached by the coach; the other coach coaches another
    participant of the challenge; the other juror assesses another challenge."""
    found = ApplicationFactory(
        challenge__action_line__programme__municipality=world.groningen,
        organisation=world.entrepreneur.organisation,
        applicant=world.entrepreneur,
        stage=Stage.COACHED,
        coach=world.users["coach"],
    )
    ApplicationFactory(challenge=found.challenge, stage=Stage.COACHED, coach=world.users["other_coach"])
    other = ChallengeFactory(action_line__programme__municipality=world.groningen)
    Juror.objects.create(challenge=other, user=world.users["other_juror"])
    ReviewFactory(application__challenge=other, juror=world.users["other_juror"])
    return {"pk": found.pk}


def coached_kwargs(world):
    coached_application(world)
    return {}


def session_data(world):
    return {"held_on": "2020-09-21", "duration_minutes": "60", "notes": "Verdienmodel"}


COACH_ONLY: dict[str, int | str] = {"coach": OK, "other_coach": NOT_FOUND, "other_juror": NOT_FOUND}
NOT_FOR_COACHES: dict[str, int | str] = {"coach": NOT_FOUND, "other_coach": NOT_FOUND, "other_juror": NOT_FOUND}


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
    Case(
        "challenges:application_detail",
        coordinator_only(),
        kwargs=coached_application,
        label="coached",
        ties=NOT_FOR_COACHES,
    ),
    Case(
        "challenges:my_application",
        signed_in_only(NOT_FOUND, entrepreneur=OK),
        kwargs=coached_application,
        label="coached",
        ties=NOT_FOR_COACHES,
    ),
    Case(
        "challenges:coaching_home",
        signed_in_only(NOT_FOUND),
        kwargs=coached_kwargs,
        ties={"coach": OK, "other_coach": OK, "other_juror": NOT_FOUND},
    ),
    Case("challenges:coaching_participant", signed_in_only(NOT_FOUND), kwargs=coached_application, ties=COACH_ONLY),
    Case(
        "challenges:coaching_participant",
        signed_in_only(NOT_FOUND),
        kwargs=coached_application,
        method="post",
        data=session_data,
        ties={**COACH_ONLY, "coach": REDIRECT},
    ),
    Case(
        "challenges:jury_home",
        signed_in_only(NOT_FOUND),
        kwargs=coached_kwargs,
        ties={"coach": NOT_FOUND, "other_juror": OK},
    ),
    Case("challenges:review_edit", signed_in_only(NOT_FOUND), kwargs=review),
    Case("challenges:public_challenge_list", expect(OK)),
    Case("challenges:public_challenge", expect(OK), kwargs=challenge),
]
