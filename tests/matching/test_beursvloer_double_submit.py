"""The beursvloer desk pressed twice: two identical registrations, one after the other or at the same
moment, make one match and a clear message, never a second match nor a 500."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import require_postgresql
from matching.models import Match
from tests.factories import OrganisationFactory
from tests.matching.factories import BeursvloerFactory, NeedFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain form", "htmx"])
def test_it_refuses_the_second_of_two_identical_registrations_with_a_message(client, coordinator, groningen, headers):
    beursvloer = BeursvloerFactory(municipality=groningen)
    need = NeedFactory(municipality=groningen)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise", name="Fietsenmaker Zuiderdiep")
    client.force_login(coordinator)
    url = reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})
    data = {"need": need.pk, "enterprise": enterprise.pk, "status": "made", "note": ""}

    first = client.post(url, data, **headers)
    second = client.post(url, data, **headers)

    assert first.status_code in (200, 302)
    assert second.status_code == 400
    page = second.content.decode()
    assert "hebben al een lopende match" in page
    assert "Fietsenmaker Zuiderdiep" in page  # the match that was made is on the page
    assert Match.objects.filter(need=need, enterprise=enterprise).count() == 1


ROUNDS = 3
AT_ONCE = 8


def press_enter_at_once(url: str, data: dict, user) -> list:
    """AT_ONCE clients post the same form at the same moment; their answers."""
    clients = [Client(raise_request_exception=False) for _ in range(AT_ONCE)]
    for each in clients:
        each.force_login(user)
    start = threading.Barrier(AT_ONCE)
    answers = []

    def press_enter(each):
        try:
            start.wait()
            answers.append(each.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=press_enter, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
def test_it_makes_one_match_when_the_same_registration_arrives_eight_times_at_once(coordinator, groningen):
    require_postgresql("two requests only race for real on PostgreSQL")
    beursvloer = BeursvloerFactory(municipality=groningen)
    url = reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})
    for _round in range(ROUNDS):
        need = NeedFactory(municipality=groningen)
        enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
        data = {"need": need.pk, "enterprise": enterprise.pk, "status": "made", "note": ""}

        answers = press_enter_at_once(url, data, coordinator)

        codes = sorted(answer.status_code for answer in answers)
        assert codes == [302] + [400] * (AT_ONCE - 1)
        for answer in answers:
            if answer.status_code == 400:
                assert "hebben al een lopende match" in answer.content.decode()
        assert Match.objects.filter(need=need, enterprise=enterprise).count() == 1
