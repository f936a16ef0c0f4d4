"""Every URL of programmes, for every role (see tests/permissions.py).

Objects belong to Groningen: its coordinator manages them, its council member reads the programme,
the coordinator of Haarlem is an outsider and gets 404 like everyone else without access.
"""

from django.utils import timezone

from programmes.models import Activity, Question
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
from tests.programmes.factories import (
    ActionLineFactory,
    ActivityFactory,
    IndicatorFactory,
    PartnerDeskFactory,
    PartnerFactory,
    ProgrammeFactory,
    QuestionFactory,
)

READERS = {"council_member": OK}


def own_municipality_page(**per_role):
    """A page without an object: each coordinator sees their own municipality's; others get 404."""
    return expect(NOT_FOUND, anonymous=LOGIN, coordinator=OK, other_coordinator=OK, **per_role)


def coordinator_redirect():
    """An action of Groningen's coordinator, who is sent on afterwards; everyone else gets 404."""
    return expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT)


def programme(world):
    return {"pk": ProgrammeFactory(municipality=world.groningen).pk}


def programme_pk(world):
    return {"programme_pk": ProgrammeFactory(municipality=world.groningen).pk}


def action_line(world):
    return {"pk": ActionLineFactory(programme__municipality=world.groningen).pk}


def action_line_pk(world):
    return {"action_line_pk": ActionLineFactory(programme__municipality=world.groningen).pk}


def progress(world):
    line = ActionLineFactory(programme__municipality=world.groningen, programme__start_year=2019)
    return {"pk": line.pk, "year": 2020}


def indicator(world):
    return {"pk": IndicatorFactory(action_line__programme__municipality=world.groningen).pk}


def partner(world):
    return {"pk": PartnerFactory(municipality=world.groningen).pk}


def activity(world):
    return {"pk": ActivityFactory(action_line__programme__municipality=world.groningen).pk}


def question(world):
    return {"pk": QuestionFactory(municipality=world.groningen).pk}


def handed_over_question(world):
    """A question of Groningen handed over to the desk of which the desk member is a member."""
    desk = PartnerDeskFactory(municipality=world.groningen, members=[world.users["desk_member"]])
    return {"pk": QuestionFactory(municipality=world.groningen, desk=desk).pk}


def desk_of_member(world):
    PartnerDeskFactory(municipality=world.groningen, members=[world.users["desk_member"]])
    return {}


def entrepreneurs_question(world):
    return {
        "pk": QuestionFactory(municipality=world.groningen, asker=world.entrepreneur, email=world.entrepreneur.email).pk
    }


def conversation(world):
    question = QuestionFactory(municipality=world.groningen, status=Question.Status.ANSWERED, answer="Ja.")
    return {"pk": question.pk, "token": question.reply_token}


def wrong_token(world):
    question = QuestionFactory(municipality=world.groningen, status=Question.Status.ANSWERED, answer="Ja.")
    return {"pk": question.pk, "token": "x" * len(question.reply_token)}


def closed_and_asked(world):
    question = QuestionFactory(
        municipality=world.groningen,
        status=Question.Status.CLOSED,
        answer="Ja.",
        answered_at=timezone.now(),
        closed_at=timezone.now(),
        satisfaction_asked_at=timezone.now(),
    )
    return {"pk": question.pk, "token": question.reply_token}


def desk(world):
    return {"pk": PartnerDeskFactory(municipality=world.groningen, members=[world.users["desk_member"]]).pk}


def a_reply(world):
    return {"body": "Dank u, maar hoe vraag ik het aan?"}


def groningen_slug(world):
    ActivityFactory(action_line__programme__municipality=world.groningen)
    return {"slug": world.groningen.slug}


def public_activity(world):
    made = ActivityFactory(action_line__programme__municipality=world.groningen, public=True)
    return {"slug": world.groningen.slug, "pk": made.pk}


def private_activity(world):
    made = ActivityFactory(action_line__programme__municipality=world.groningen, public=False)
    return {"slug": world.groningen.slug, "pk": made.pk}


def public_activity_elsewhere(world):
    """A public activity of Groningen asked for under another municipality's calendar."""
    made = ActivityFactory(action_line__programme__municipality=world.groningen, public=True)
    return {"slug": world.haarlem.slug, "pk": made.pk}


def held_status(world):
    return {"status": Activity.Status.CANCELLED, "cancellation_reason": "Corona"}


CASES = [
    Case("programmes:programme_list", own_municipality_page(**READERS)),
    Case("programmes:programme_create", own_municipality_page()),
    Case("programmes:programme_detail", coordinator_only(**READERS), kwargs=programme),
    Case("programmes:programme_edit", coordinator_only(), kwargs=programme),
    Case("programmes:action_line_create", coordinator_only(), kwargs=programme_pk),
    Case("programmes:action_line_detail", coordinator_only(**READERS), kwargs=action_line),
    Case("programmes:action_line_edit", coordinator_only(), kwargs=action_line),
    Case("programmes:progress_edit", coordinator_only(), kwargs=progress),
    Case("programmes:indicator_create", coordinator_only(), kwargs=action_line_pk),
    Case("programmes:indicator_edit", coordinator_only(), kwargs=indicator),
    Case("programmes:partner_list", own_municipality_page()),
    Case("programmes:partner_create", own_municipality_page()),
    Case("programmes:partner_edit", coordinator_only(), kwargs=partner),
    Case("programmes:activity_list", own_municipality_page(**READERS)),
    Case("programmes:activity_export", own_municipality_page(**READERS)),
    Case("programmes:activity_calendar", expect(OK), kwargs=groningen_slug),
    Case("programmes:calendar_index", expect(OK)),
    Case("programmes:public_calendar", expect(OK), kwargs=groningen_slug),
    Case("programmes:public_activity", expect(OK), kwargs=public_activity),
    Case("programmes:public_activity", expect(NOT_FOUND), kwargs=private_activity, label="not public"),
    Case("programmes:public_activity", expect(NOT_FOUND), kwargs=public_activity_elsewhere, label="elsewhere"),
    Case("programmes:activity_create", own_municipality_page()),
    Case("programmes:activity_detail", coordinator_only(**READERS), kwargs=activity),
    Case("programmes:activity_edit", coordinator_only(), kwargs=activity),
    Case("programmes:activity_status", coordinator_only(), kwargs=activity),
    Case(
        "programmes:activity_status",
        coordinator_redirect(),
        kwargs=activity,
        method="post",
        label="cancel",
        data=held_status,
    ),
    Case("programmes:dashboard", own_municipality_page()),
    Case("programmes:indicator_export", own_municipality_page()),
    Case("programmes:audit_log", own_municipality_page()),
    Case("programmes:question_ask", expect(OK)),
    Case("programmes:question_thanks", expect(OK)),
    Case("programmes:my_questions", signed_in_only(OK)),
    Case("programmes:question_queue", own_municipality_page()),
    Case("programmes:question_export", own_municipality_page()),
    Case("programmes:question_detail", coordinator_only(), kwargs=question, ties={"desk_member": NOT_FOUND}),
    Case(
        "programmes:question_detail",
        coordinator_only(),
        kwargs=handed_over_question,
        label="handed_over",
        ties={"desk_member": OK},
    ),
    Case("programmes:question_pick_up", coordinator_redirect(), kwargs=question, method="post"),
    Case(
        "programmes:question_pick_up",
        expect(NOT_ALLOWED, anonymous=LOGIN),
        kwargs=question,
        label="get",
    ),
    Case(
        "programmes:question_answer",
        coordinator_redirect(),
        kwargs=question,
        method="post",
        data=lambda world: {"answer": "Kijk eens bij Impact Noord."},
        ties={"desk_member": NOT_FOUND},
    ),
    Case(
        "programmes:question_answer",
        coordinator_redirect(),
        kwargs=handed_over_question,
        method="post",
        label="handed_over",
        data=lambda world: {"answer": "Kom eens langs bij Impact Noord."},
        ties={"desk_member": REDIRECT},
    ),
    Case(
        "programmes:question_close",
        coordinator_redirect(),
        kwargs=handed_over_question,
        method="post",
        ties={"desk_member": NOT_FOUND},
    ),
    Case(
        "programmes:question_hand_over",
        coordinator_redirect(),
        kwargs=handed_over_question,
        method="post",
        data=lambda world: {"desk": ""},
        ties={"desk_member": NOT_FOUND},
    ),
    Case("programmes:question_hand_over", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=question, label="get"),
    Case(
        "programmes:desk_questions",
        expect(NOT_FOUND, anonymous=LOGIN),
        kwargs=desk_of_member,
        ties={"desk_member": OK},
    ),
    Case(
        "programmes:my_question_detail",
        expect(NOT_FOUND, anonymous=LOGIN, entrepreneur=OK),
        kwargs=entrepreneurs_question,
    ),
    Case(
        "programmes:my_question_detail",
        expect(NOT_FOUND, anonymous=LOGIN, entrepreneur=REDIRECT),
        kwargs=entrepreneurs_question,
        method="post",
        data=a_reply,
    ),
    # Whoever holds the secret link of the e-mail reads and replies; a wrong token is not found.
    Case("programmes:question_conversation", expect(OK), kwargs=conversation),
    Case("programmes:question_conversation", expect(NOT_FOUND), kwargs=wrong_token, label="wrong_token"),
    Case("programmes:question_conversation", expect(REDIRECT), kwargs=conversation, method="post", data=a_reply),
    Case(
        "programmes:question_feedback",
        expect(REDIRECT),
        kwargs=closed_and_asked,
        method="post",
        data=lambda world: {"helped": "yes"},
    ),
    Case(
        "programmes:question_feedback",
        expect(NOT_FOUND),
        kwargs=wrong_token,
        method="post",
        label="wrong_token",
        data=lambda world: {"helped": "yes"},
    ),
    Case("programmes:question_feedback", expect(NOT_ALLOWED), kwargs=closed_and_asked, label="get"),
    # Coordinators manage their municipality's partner desks; a desk's members do not.
    Case("programmes:desk_list", own_municipality_page(), kwargs=desk_of_member, ties={"desk_member": NOT_FOUND}),
    Case("programmes:desk_create", own_municipality_page()),
    Case(
        "programmes:desk_create",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, other_coordinator=REDIRECT),
        method="post",
        data=lambda world: {"name": "Impact Zuid", "member_emails": ""},
    ),
    Case("programmes:desk_edit", coordinator_only(), kwargs=desk, ties={"desk_member": NOT_FOUND}),
    Case(
        "programmes:desk_edit",
        coordinator_redirect(),
        kwargs=desk,
        method="post",
        data=lambda world: {"name": "Impact Noord", "member_emails": world.users["desk_member"].email},
        ties={"desk_member": NOT_FOUND},
    ),
]
