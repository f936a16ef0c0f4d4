"""The ranking acts on many applications: the action next to the selection, "all that match the filter"
across pages, plural messages, a refused move named while the others are done."""

import pytest
from django.urls import reverse

from programmes.challenges.models import Application, Stage
from programmes.challenges.views import RANKING_PAGE_SIZE
from tests.challenges.factories import ApplicationFactory, ChallengeFactory


@pytest.fixture
def challenge(groningen):
    return ChallengeFactory(action_line__programme__municipality=groningen, name="Sociale Groninger Challenge")


def assessed(challenge, count):
    return ApplicationFactory.create_batch(
        count, challenge=challenge, stage=Stage.ASSESSED, furthest_stage=Stage.ASSESSED
    )


def test_all_matching_moves_every_application_of_the_filter_across_pages(client, coordinator, challenge):
    ready = assessed(challenge, RANKING_PAGE_SIZE + 2)
    waiting = ApplicationFactory(challenge=challenge)  # "applied": outside the filter
    elsewhere = ApplicationFactory(
        challenge=ChallengeFactory(action_line=challenge.action_line),
        stage=Stage.ASSESSED,
        furthest_stage=Stage.ASSESSED,
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk}),
        {"everything": "on", "stage": Stage.ASSESSED, "action": "stage:selected", "applications": [ready[0].pk]},
        follow=True,
    )

    stages = dict(Application.objects.values_list("pk", "stage"))
    assert {stages[application.pk] for application in ready} == {Stage.SELECTED}
    assert (stages[waiting.pk], stages[elsewhere.pk]) == (Stage.APPLIED, Stage.ASSESSED)
    assert f"{RANKING_PAGE_SIZE + 2} aanmeldingen verplaatst naar" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"?stage={Stage.ASSESSED}")


def test_one_moved_application_is_told_in_the_singular_and_a_refused_one_is_named(client, coordinator, challenge):
    (ready,) = assessed(challenge, 1)
    behind = ApplicationFactory(challenge=challenge, organisation__name="Achterblijver")
    client.force_login(coordinator)

    response = client.post(
        reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk}),
        {"applications": [ready.pk, behind.pk], "action": "stage:selected"},
        follow=True,
    )

    text = response.content.decode()
    assert "1 aanmelding verplaatst naar" in text
    assert "1 aanmelding niet verplaatst" in text and "Achterblijver" in text
    ready.refresh_from_db()
    assert ready.stage == Stage.SELECTED


def test_nothing_ticked_asks_to_tick_and_moves_nothing(client, coordinator, challenge):
    assessed(challenge, 2)
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk}), {"action": "stage:selected"}, follow=True
    )
    assert "Vink een of meer aanmeldingen aan" in response.content.decode()
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.ASSESSED}


def test_the_action_comes_before_the_table_and_offers_every_matching_application(client, coordinator, challenge):
    assessed(challenge, RANKING_PAGE_SIZE + 1)
    client.force_login(coordinator)

    page = client.get(reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})).content.decode()

    assert page.index('name="action"') < page.index("<table")
    assert 'name="everything"' in page and f"alle {RANKING_PAGE_SIZE + 1} aanmeldingen" in page


def test_a_ticked_application_numbered_above_a_thousand_is_sent_as_its_number(client, coordinator, challenge):
    application = ApplicationFactory(pk=12345, challenge=challenge)
    client.force_login(coordinator)

    page = client.get(reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})).content.decode()

    assert 'name="applications" value="12345" id="application-12345"' in page  # not "12.345": no Dutch separator
    assert 'for="application-12345"' in page
    assert f'href="{reverse("challenges:application_detail", kwargs={"pk": application.pk})}"' in page
