"""The ranking and the challenge lists keep a constant number of queries at 10 and 500 applications."""

import pytest
from django.urls import reverse
from django.utils import timezone

from programmes.challenges.models import Application, CoachingSession, Juror, Review, Score, Stage
from tests.challenges.factories import ChallengeFactory, CriterionFactory
from tests.factories import OrganisationFactory, UserFactory


def fill(challenge, groningen, count, entrepreneur):
    criteria = [CriterionFactory(challenge=challenge, weight=w) for w in (3, 2, 1)]
    jurors = [UserFactory(role="jury", municipality=groningen) for _ in range(3)]
    for juror in jurors:
        Juror.objects.create(challenge=challenge, user=juror)
    organisations = [entrepreneur.organisation] + [
        OrganisationFactory(municipality=groningen) for _ in range(count - 1)
    ]
    stages = [Stage.APPLIED, Stage.ASSESSED, Stage.SELECTED, Stage.COACHED, Stage.NOT_SELECTED]
    applications = Application.objects.bulk_create(
        Application(
            challenge=challenge,
            organisation=organisation,
            title=f"Plan {n}",
            summary="Impact",
            submitted_at=timezone.now(),
            stage=stages[n % len(stages)],
            furthest_stage=stages[n % len(stages)] if n % len(stages) != 4 else Stage.ASSESSED,
            coach=jurors[0] if n % 3 == 0 else None,
        )
        for n, organisation in enumerate(organisations)
    )
    reviews = Review.objects.bulk_create(
        Review(application=application, juror=juror, submitted_at=timezone.now() if n % 4 else None)
        for application in applications
        for n, juror in enumerate(jurors)
    )
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=(review.pk + criterion.pk) % 10 + 1)
        for review in reviews
        for criterion in criteria
    )
    return jurors


@pytest.mark.parametrize("count", [10, 500])
def test_it_keeps_the_ranking_and_the_lists_constant(
    client, coordinator, entrepreneur, groningen, django_assert_max_num_queries, count
):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    jurors = fill(challenge, groningen, count, entrepreneur)
    client.force_login(coordinator)
    pages = [
        reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk}),
        reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk}) + "?stage=selected&page=2",
        reverse("challenges:challenge_detail", kwargs={"pk": challenge.pk}),
        reverse("challenges:challenge_jury", kwargs={"pk": challenge.pk}),
        reverse("challenges:challenge_export", kwargs={"pk": challenge.pk}),
        reverse("challenges:challenge_list"),
    ]
    for url in pages:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    client.force_login(jurors[1])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("challenges:jury_home")).status_code == 200
    client.force_login(entrepreneur)
    with django_assert_max_num_queries(10):  # open challenges, applications, participants coached, unread count
        assert client.get(reverse("challenges:my_challenges")).status_code == 200
    coached = list(Application.objects.filter(coach=jurors[0]))
    CoachingSession.objects.bulk_create(
        CoachingSession(application=application, coach=jurors[0], held_on=timezone.localdate(), duration_minutes=60)
        for application in coached
        for _ in range(2)
    )
    client.force_login(jurors[0])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("challenges:coaching_home")).status_code == 200
    with django_assert_max_num_queries(12):
        url = reverse("challenges:coaching_participant", kwargs={"pk": coached[0].pk})
        assert client.get(url).status_code == 200
    client.logout()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("challenges:public_challenge_list")).status_code == 200


@pytest.mark.parametrize("count", [3, 40])
def test_it_keeps_the_financing_table_constant(client, coordinator, groningen, django_assert_max_num_queries, count):
    from programmes.challenges.models import Pledge
    from tests.challenges.factories import FinancierFactory, FinancingTableFactory, TablePlanFactory

    table = FinancingTableFactory(challenge__action_line__programme__municipality=groningen)
    financiers = [FinancierFactory(table=table) for _ in range(4)]
    plans = [TablePlanFactory(table=table) for _ in range(count)]
    Pledge.objects.bulk_create(
        Pledge(plan=plan, financier=financier, decision="pledged", amount=1000 + n, kind="grant")
        for n, plan in enumerate(plans)
        for financier in financiers
    )
    client.force_login(coordinator)
    for url in [
        reverse("challenges:financing_table", kwargs={"pk": table.challenge_id}),
        reverse("challenges:challenge_detail", kwargs={"pk": table.challenge_id}),
    ]:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
    client.logout()
    financier = financiers[0]
    with django_assert_max_num_queries(4):  # the financier, the plans, their pledges; no session, no account
        url = reverse("challenges:financier_table", kwargs={"pk": financier.pk, "token": financier.token})
        assert client.get(url).status_code == 200
