"""Every URL of surveys, for every role (see tests/permissions.py).

Surveys belong to Groningen: its coordinator composes, sends and reads them; the coordinator of Haarlem and every
other role get 404. The answer page is for members of the organisations the survey was sent to (the entrepreneur
and the initiative of Groningen here); everyone else gets 404, the coordinator too.
"""

from tests.factories import UserFactory
from tests.permissions import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Case, coordinator_only, expect
from tests.surveys.factories import make_survey, sent_survey


def _coordinator(world):
    return UserFactory(role="coordinator", municipality=world.groningen)


def draft(world):
    return {"pk": make_survey(_coordinator(world)).pk}


def sent(world):
    return {"pk": sent_survey(_coordinator(world)).pk}


def not_for_members(**per_role):
    return expect(NOT_FOUND, anonymous=LOGIN, **per_role)


CASES = [
    # Haarlem's coordinator has a list of their own and composes their own surveys.
    Case("surveys:survey_list", coordinator_only(other_coordinator=OK)),
    Case("surveys:survey_create", coordinator_only(other_coordinator=OK)),
    Case(
        "surveys:survey_create",
        not_for_members(coordinator=OK, other_coordinator=OK),
        method="post",
        data=lambda world: {},
    ),
    Case("surveys:survey_detail", coordinator_only(), kwargs=draft),
    Case("surveys:survey_edit", coordinator_only(), kwargs=draft),
    Case("surveys:survey_questions", coordinator_only(), kwargs=draft),
    Case("surveys:survey_send", not_for_members(coordinator=REDIRECT), kwargs=draft, method="post"),
    Case("surveys:survey_send", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=draft, label="read"),
    Case(
        "surveys:survey_extend",
        not_for_members(coordinator=OK),
        kwargs=sent,
        method="post",
        label="empty",
        data=lambda world: {},
    ),
    Case("surveys:survey_extend", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=sent, label="read"),
    Case("surveys:survey_results", coordinator_only(), kwargs=sent),
    Case("surveys:result_export", coordinator_only(), kwargs=sent),
    Case("surveys:survey_cite", coordinator_only(), kwargs=sent),
    Case("surveys:answer", not_for_members(entrepreneur=OK, initiative=OK), kwargs=sent),
    Case(
        "surveys:answer",
        not_for_members(entrepreneur=OK, initiative=OK),
        kwargs=sent,
        method="post",
        label="empty",
        data=lambda world: {},
    ),
    Case("surveys:answer", not_for_members(), kwargs=draft, label="draft"),
]
