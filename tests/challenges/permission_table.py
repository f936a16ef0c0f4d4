"""Every URL of challenges, for every role (see tests/permissions.py).

Challenges belong to Groningen: its coordinator manages them, entrepreneurs apply, the jury scores;
the coordinator of Haarlem is an outsider and gets 404 like everyone else without access. A coach sees
the participants they coach and no others; another coach and a jury member of another challenge get 404.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.challenges.models import Juror, Stage
from tests.challenges.factories import (
    PDF_BYTES,
    ApplicationFactory,
    ChallengeFactory,
    FinancierFactory,
    FinancingTableFactory,
    ReviewFactory,
    TablePlanFactory,
)
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


def financing_table(world):
    """A financing table of a Groningen challenge, with a financier and a finalist's plan (with its pitch)."""
    table = FinancingTableFactory(challenge__action_line__programme__municipality=world.groningen)
    FinancierFactory(table=table)
    TablePlanFactory(
        table=table, application__pitch=SimpleUploadedFile("pitch.pdf", PDF_BYTES, content_type="application/pdf")
    )
    return {"pk": table.challenge_id}


def table_plan(world):
    table = FinancingTableFactory(challenge__action_line__programme__municipality=world.groningen)
    return {"pk": TablePlanFactory(table=table).pk}


def financier_link(world):
    financier = FinancierFactory(table__challenge__action_line__programme__municipality=world.groningen)
    return {"pk": financier.pk, "token": financier.token}


def financier_wrong_token(world):
    financier = FinancierFactory(table__challenge__action_line__programme__municipality=world.groningen)
    return {"pk": financier.pk, "token": "x" * len(financier.token)}


def financier_pitch(world):
    financier = FinancierFactory(table__challenge__action_line__programme__municipality=world.groningen)
    plan = TablePlanFactory(
        table=financier.table,
        application__pitch=SimpleUploadedFile("pitch.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    return {"pk": financier.pk, "token": financier.token, "plan": plan.pk}


def financier_pitch_wrong_token(world):
    kwargs = financier_pitch(world)
    return kwargs | {"token": "y" * len(kwargs["token"])}


def financier_pledge(world):
    financier = FinancierFactory(table__challenge__action_line__programme__municipality=world.groningen)
    plan = TablePlanFactory(table=financier.table)
    return {"pk": financier.pk, "token": financier.token, "plan": plan.pk}


def pledge_data(world):
    plan = TablePlanFactory._meta.model.objects.order_by("-pk").first()
    prefix = f"plan{plan.pk}-"
    return {"plan": plan.pk, prefix + "decision": "interested", prefix + "amount": "", prefix + "kind": "grant"}


def financier_pledge_kwargs(world):
    kwargs = financier_pledge(world)
    kwargs.pop("plan")
    return kwargs


def table_setup_data(world):
    return {"held_on": "2026-12-10", "place": "Enschede", "description": ""}


def invite_data(world):
    return {"name": "Bram Nijhuis", "organisation": "Rabobank Fonds", "email": "bram@fonds.test"}


def present_data(world):
    challenge = ChallengeFactory._meta.model.objects.order_by("-pk").first()
    finalist = ApplicationFactory(challenge=challenge, stage=Stage.FINALIST)
    return {"application": finalist.pk, "requested_amount": "25.000"}


def on_behalf_data(world):
    from programmes.challenges.models import Financier, TablePlan

    financier = Financier.objects.order_by("-pk").first()
    plan = TablePlan.objects.filter(table=financier.table).first()
    return {"financier": financier.pk, "plan": plan.pk, "decision": "pledged", "amount": "1.000", "kind": "loan"}


def confirmable_plan(world):
    plan_kwargs = table_plan(world)
    from programmes.challenges.models import Pledge, TablePlan

    plan = TablePlan.objects.get(pk=plan_kwargs["pk"])
    Pledge.objects.create(plan=plan, financier=FinancierFactory(table=plan.table), decision="pledged", amount=1000)
    return plan_kwargs


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
    # the financing table: the coordinator
    Case("challenges:financing_table", coordinator_only(), kwargs=financing_table),
    Case("challenges:financing_table", coordinator_only(), kwargs=challenge, label="none_yet"),
    Case(
        "challenges:financing_table",
        coordinator_redirect(),
        kwargs=challenge,
        method="post",
        data=table_setup_data,
        label="set_up",
    ),
    Case(
        "challenges:financing_invite", coordinator_redirect(), kwargs=financing_table, method="post", data=invite_data
    ),
    Case("challenges:financing_invite", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=financing_table, label="get"),
    Case(
        "challenges:financing_present", coordinator_redirect(), kwargs=financing_table, method="post", data=present_data
    ),
    Case("challenges:financing_present", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=financing_table, label="get"),
    Case(
        "challenges:financing_pledge",
        coordinator_redirect(),
        kwargs=financing_table,
        method="post",
        data=on_behalf_data,
    ),
    Case("challenges:financing_pledge", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=financing_table, label="get"),
    Case("challenges:financing_close", coordinator_redirect(), kwargs=financing_table, method="post"),
    Case("challenges:financing_close", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=financing_table, label="get"),
    Case("challenges:financing_confirm", coordinator_redirect(), kwargs=confirmable_plan, method="post"),
    Case("challenges:financing_confirm", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=table_plan, label="get"),
    # the financing table: a financier's secret link, whoever opens it (signed in or not)
    Case("challenges:financier_table", expect(OK), kwargs=financier_link),
    Case("challenges:financier_table", expect(NOT_FOUND), kwargs=financier_wrong_token, label="wrong_token"),
    Case(
        "challenges:financier_table",
        expect(REDIRECT),
        kwargs=financier_pledge_kwargs,
        method="post",
        data=pledge_data,
        label="pledge",
    ),
    Case(
        "challenges:financier_table",
        expect(NOT_FOUND),
        kwargs=financier_wrong_token,
        method="post",
        data=lambda world: {"plan": "1"},
        label="pledge_wrong_token",
    ),
    Case("challenges:financier_pitch", expect(OK), kwargs=financier_pitch),
    Case("challenges:financier_pitch", expect(NOT_FOUND), kwargs=financier_pitch_wrong_token, label="wrong_token"),
    Case("challenges:public_challenge_list", expect(OK)),
    Case("challenges:public_challenge", expect(OK), kwargs=challenge),
]
