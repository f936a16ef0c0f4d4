"""A jury member saves the same assessment from two tabs, or a coordinator's colleague moves the same
application, at the same moment: one result, a clear message for the others, never an error page."""

import pytest

from programmes.challenges import services
from programmes.challenges.models import Application, Review, Score, Stage, StageChange
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, CriterionFactory, ReviewFactory
from tests.races import THREADS, race


@pytest.fixture
def review(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, scale_min=1, scale_max=5)
    CriterionFactory(challenge=challenge, name="Impact")
    CriterionFactory(challenge=challenge, name="Haalbaarheid")
    return ReviewFactory(application__challenge=challenge, juror__municipality=groningen)


def save(review: Review, *, submit: bool) -> None:
    review = Review.objects.get(pk=review.pk)
    scores: dict[int, tuple[int | None, str]] = {
        criterion.pk: (4, "Sterk plan") for criterion in review.application.challenge.criteria.all()
    }
    services.review_save(juror=review.juror, review=review, scores=scores, submit=submit)


@pytest.mark.django_db(transaction=True)
def test_eight_saves_of_one_assessment_at_once_keep_one_score_per_criterion(review):
    assert race(lambda: save(review, submit=False)) == {"ok": THREADS}
    assert Score.objects.filter(review=review).count() == 2


@pytest.mark.django_db(transaction=True)
def test_eight_submissions_of_one_assessment_at_once_submit_it_once(review):
    outcomes = race(lambda: save(review, submit=True))

    assert outcomes == {"ok": 1, "U heeft uw scores ingediend; ze kunnen niet meer worden gewijzigd.": THREADS - 1}
    assert Score.objects.filter(review=review).count() == 2


@pytest.mark.django_db(transaction=True)
def test_eight_moves_of_one_application_at_once_make_one_stage_change(groningen, coordinator):
    application = ApplicationFactory(challenge__action_line__programme__municipality=groningen)

    outcomes = race(
        lambda: services.application_move(
            actor=coordinator, application=Application.objects.get(pk=application.pk), stage=Stage.ASSESSED
        )
    )

    assert outcomes == {"ok": 1, "Dit is al gebeurd: de status is nu “Beoordeeld”.": THREADS - 1}
    assert StageChange.objects.filter(application=application).count() == 1


@pytest.mark.django_db(transaction=True)
def test_financiers_pledging_to_one_plan_at_once_each_keep_their_own_pledge(groningen):
    from decimal import Decimal
    from itertools import count

    from programmes.challenges.models import Financier, Pledge, TablePlan
    from tests.challenges.factories import FinancierFactory, TablePlanFactory

    plan = TablePlanFactory(table__challenge__action_line__programme__municipality=groningen)
    financiers = iter([FinancierFactory(table=plan.table) for _ in range(THREADS)])
    numbers = count(1)

    def save() -> None:
        financier = Financier.objects.get(pk=next(financiers).pk)
        services.pledge_save(
            financier=financier,
            plan=TablePlan.objects.get(pk=plan.pk),
            amount=Decimal(1000 * next(numbers)),
            kind="grant",
            decision="pledged",
        )

    assert race(save) == {"ok": THREADS}
    assert Pledge.objects.filter(plan=plan).count() == THREADS


@pytest.mark.django_db(transaction=True)
def test_one_financier_saving_from_eight_tabs_at_once_keeps_one_pledge(groningen):
    from decimal import Decimal

    from programmes.challenges.models import Financier, Pledge, TablePlan
    from tests.challenges.factories import FinancierFactory, TablePlanFactory

    plan = TablePlanFactory(table__challenge__action_line__programme__municipality=groningen)
    financier = FinancierFactory(table=plan.table)

    def save() -> None:
        services.pledge_save(
            financier=Financier.objects.get(pk=financier.pk),
            plan=TablePlan.objects.get(pk=plan.pk),
            amount=Decimal(500),
            kind="loan",
            decision="pledged",
        )

    outcomes = race(save)
    assert Pledge.objects.filter(plan=plan, financier=financier).count() == 1
    assert outcomes == {"ok": THREADS}
