"""The ranking by weighted average with the spread between jurors, and the funnel."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import localize

from programmes.challenges.models import Score, Stage
from programmes.challenges.selectors import _figures_shown, challenge_figures, challenge_funnel, ranking, ranking_page
from programmes.challenges.views import RANKING_PAGE_SIZE
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, CriterionFactory, ReviewFactory
from tests.factories import UserFactory


@pytest.fixture
def challenge(groningen):
    return ChallengeFactory(action_line__programme__municipality=groningen, scale_min=1, scale_max=10)


@pytest.fixture
def criteria(challenge):
    return [
        CriterionFactory(challenge=challenge, name="Impact", weight=Decimal("3")),
        CriterionFactory(challenge=challenge, name="Haalbaarheid", weight=Decimal("1")),
    ]


@pytest.fixture
def jurors(groningen):
    return [UserFactory(role="jury", municipality=groningen, name=f"Jurylid {n}") for n in range(3)]


def score(application, juror, values, criteria, *, submitted=True):
    review = ReviewFactory(application=application, juror=juror, submitted_at=timezone.now() if submitted else None)
    for criterion, value in zip(criteria, values, strict=False):
        if value is not None:
            Score.objects.create(review=review, criterion=criterion, value=value)
    return review


def test_it_weighs_the_criteria(challenge, criteria, jurors):
    impact = ApplicationFactory(challenge=challenge, organisation__name="Impactvol")
    feasible = ApplicationFactory(challenge=challenge, organisation__name="Haalbaar")
    score(impact, jurors[0], [9, 3], criteria)  # (27 + 3) / 4 = 7.5
    score(feasible, jurors[0], [5, 10], criteria)  # (15 + 10) / 4 = 6.25
    first, second = ranking(challenge)
    assert (first.organisation, first.score, first.rank) == ("Impactvol", Decimal("7.50"), 1)
    assert (second.organisation, second.score, second.rank) == ("Haalbaar", Decimal("6.25"), 2)


def test_it_averages_jurors_and_shows_their_spread(challenge, criteria, jurors):
    application = ApplicationFactory(challenge=challenge)
    score(application, jurors[0], [8, 8], criteria)
    score(application, jurors[1], [4, 4], criteria)
    [item] = ranking(challenge)
    assert item.score == Decimal("6.00") and item.spread == Decimal("4.00") and item.scored == 2 and item.assigned == 2


def test_it_leaves_out_unsubmitted_scores_and_unscored_criteria(challenge, criteria, jurors):
    application = ApplicationFactory(challenge=challenge)
    score(application, jurors[0], [6, None], criteria)  # only impact scored: 6
    score(application, jurors[1], [1, 1], criteria, submitted=False)  # a draft does not count
    [item] = ranking(challenge)
    assert item.score == Decimal("6.00") and item.scored == 1 and item.assigned == 2


def test_it_rounds_one_jurors_average_half_up_with_no_spread(challenge, jurors):
    criteria = [
        CriterionFactory(challenge=challenge, weight=Decimal("1")),
        CriterionFactory(challenge=challenge, weight=Decimal("7")),
    ]
    application = ApplicationFactory(challenge=challenge)
    score(application, jurors[0], [2, 1], criteria)  # (2 + 7) / 8 = 1.125
    score(application, jurors[1], [None, None], criteria)  # submitted without a score: assigned, not scored
    score(application, jurors[2], [9, 9], criteria, submitted=False)
    [item] = ranking(challenge)
    assert (item.score, item.spread, item.scored, item.assigned) == (Decimal("1.13"), Decimal("0.00"), 1, 3)
    assert (item.score_shown, item.spread_shown, item.scored_shown) == ("1,13", "0,00", "1 / 3")


def test_it_puts_applications_without_scores_last_and_unranked(challenge, criteria, jurors):
    scored = ApplicationFactory(challenge=challenge, organisation__name="Zeker")
    ApplicationFactory(challenge=challenge, organisation__name="Aardig")
    score(scored, jurors[0], [2, 2], criteria)
    first, second = ranking(challenge)
    assert first.organisation == "Zeker" and first.rank == 1
    assert second.organisation == "Aardig" and second.rank is None and second.score is None


def test_it_gives_ties_the_same_rank_and_puts_the_smaller_spread_first(challenge, criteria, jurors):
    steady = ApplicationFactory(challenge=challenge, organisation__name="Stabiel")
    divided = ApplicationFactory(challenge=challenge, organisation__name="Verdeeld")
    last = ApplicationFactory(challenge=challenge, organisation__name="Laatste")
    score(steady, jurors[0], [7, 7], criteria)
    score(steady, jurors[1], [7, 7], criteria)
    score(divided, jurors[0], [9, 9], criteria)
    score(divided, jurors[1], [5, 5], criteria)
    score(last, jurors[0], [3, 3], criteria)
    ranked = ranking(challenge)
    assert [(item.organisation, item.rank) for item in ranked] == [("Stabiel", 1), ("Verdeeld", 1), ("Laatste", 3)]


def test_it_ignores_drafts_of_applications(challenge, criteria):
    ApplicationFactory(challenge=challenge, submitted_at=None)
    assert ranking(challenge) == []


def test_it_filters_the_ranking_by_stage_but_keeps_the_ranks(challenge, criteria, jurors):
    best = ApplicationFactory(challenge=challenge, stage=Stage.ASSESSED)
    second = ApplicationFactory(challenge=challenge, stage=Stage.SELECTED)
    score(best, jurors[0], [9, 9], criteria)
    score(second, jurors[0], [5, 5], criteria)
    [item] = ranking(challenge, stage=Stage.SELECTED)
    assert item.application_id == second.pk and item.rank == 2


def test_it_pages_the_ranking_with_the_ranks_and_the_columns_of_the_whole(
    challenge, criteria, jurors, django_assert_num_queries
):
    coach = UserFactory(role="jury", municipality=challenge.action_line.programme.municipality, name="Coach")
    for n in range(5):
        application = ApplicationFactory(
            challenge=challenge,
            organisation__name=f"Organisatie {n}",
            stage=Stage.SELECTED if n % 2 else Stage.ASSESSED,
            coach=coach if n == 3 else None,
        )
        if n != 4:  # the last one without submitted scores: unranked, last
            score(application, jurors[0], [n + 1, n + 1], criteria)
        score(application, jurors[1], [8, 8], criteria, submitted=False)  # assigned, not scored
    whole = ranking(challenge)
    with django_assert_num_queries(2):  # the applications with their columns, the scores
        second = ranking_page(challenge, "2", 2)
    assert second.paginator.count == 5 and list(second) == whole[2:4]
    assert [(item.rank, item.scored, item.assigned, item.coach) for item in second] == [(3, 1, 2, ""), (4, 1, 2, "")]
    assert list(ranking_page(challenge, "3", 2)) == whole[4:] and whole[4].rank is None
    assert list(ranking_page(challenge, None, 2, stage=Stage.SELECTED)) == ranking(challenge, stage=Stage.SELECTED)
    assert [item.coach for item in whole] == ["Coach", "", "", "", ""]


def test_it_counts_the_funnel_by_the_furthest_stage_reached(challenge):
    for stage, count in [
        (Stage.APPLIED, 2),
        (Stage.ASSESSED, 1),
        (Stage.COACHED, 2),
        (Stage.FINALIST, 1),
        (Stage.WINNER, 1),
    ]:
        ApplicationFactory.create_batch(count, challenge=challenge, stage=stage, furthest_stage=stage)
    ApplicationFactory(challenge=challenge, stage=Stage.NOT_SELECTED, furthest_stage=Stage.ASSESSED)
    ApplicationFactory(challenge=challenge, submitted_at=None)  # a draft
    funnel = challenge_funnel(challenge)
    assert (funnel.applied, funnel.assessed, funnel.selected, funnel.coached) == (8, 6, 4, 4)
    assert (funnel.finalists, funnel.winners, funnel.not_selected) == (2, 1, 1)
    assert [stage.count for stage in funnel.stages] == [8, 6, 4, 4, 2, 1]


def test_it_adds_up_the_challenges_of_a_year_for_the_council_letter(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, finale_on=date(2020, 11, 19))
    programme = challenge.action_line.programme
    coach = UserFactory(role="jury", municipality=groningen)
    ApplicationFactory.create_batch(
        3, challenge=challenge, stage=Stage.COACHED, furthest_stage=Stage.COACHED, coach=coach
    )
    ApplicationFactory(challenge=challenge, stage=Stage.WINNER, furthest_stage=Stage.WINNER)
    ChallengeFactory(action_line=challenge.action_line, finale_on=date(2021, 11, 1))
    figures = challenge_figures(programme, 2020)
    assert figures.name == challenge.name and figures.finale_date == date(2020, 11, 19)
    assert (figures.applied, figures.selected, figures.coached, figures.winners, figures.coaches) == (4, 4, 4, 1, 1)
    assert [funnel.name for funnel in figures.challenges] == [challenge.name]
    assert figures.funnel[0].count == 4
    assert challenge_figures(programme, 2019).applied == 0


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_writes_the_figures_of_the_page_as_the_language_writes_them(language):
    figures = [0, 7, 999, 1000, 12345, Decimal("0.05"), Decimal("7.50"), Decimal("999.99"), Decimal("1234.56")]
    with translation.override(language):
        shown = _figures_shown()
        assert [shown(figure) for figure in figures] == [localize(figure) for figure in figures]
        assert shown(None) == "–"


def test_it_shows_each_row_of_the_page_formatted_and_escaped(client, coordinator, challenge, criteria, jurors):
    coach = UserFactory(role="jury", municipality=challenge.action_line.programme.municipality, name="Coach <Eva>")
    long = ApplicationFactory(
        challenge=challenge, organisation__name="Bakker & Zn 'De Eik'", title="Een plan " + "met woorden " * 10
    )
    composed = ApplicationFactory(
        challenge=challenge, organisation__name="Cafe", title="Cafe\u0301 aan het plein", coach=coach
    )
    score(long, jurors[0], [7, 8], criteria)  # (21 + 8) / 4 = 7.25
    score(long, jurors[1], [7, 7], criteria)
    client.force_login(coordinator)
    page = client.get(reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})).content.decode()
    assert "Bakker &amp; Zn &#x27;De Eik&#x27; selecteren" in page
    assert f'<a href="/programma/aanmeldingen/{long.pk}/">Bakker &amp; Zn &#x27;De Eik&#x27;</a>' in page
    assert f'<span class="portal-text-subtle">{"Een plan " + "met woorden " * 5}…</span>' in page
    assert '<span class="portal-text-subtle">Café aan het plein</span>' in page  # as truncatechars: composed
    assert '<td class="portal-numeric">7,13</td>' in page and '<td class="portal-numeric">0,25</td>' in page
    assert '<td class="portal-numeric">2 / 2</td>' in page and "<td>Coach &lt;Eva&gt;</td>" in page
    assert f'value="{composed.pk}" id="application-{composed.pk}"' in page
    assert page.count('<td class="portal-numeric">–</td>') == 3  # the composed one: no rank, score, spread


def test_it_says_so_on_the_page_when_nothing_was_submitted(client, coordinator, challenge):
    ApplicationFactory(challenge=challenge, submitted_at=None)
    client.force_login(coordinator)
    page = client.get(reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})).content.decode()
    assert '<tr><td colspan="8">Nog geen ingediende aanmeldingen.</td></tr>' in page


def test_it_shows_a_challenge_without_scores_unranked_on_the_page(client, coordinator, challenge, criteria, jurors):
    application = ApplicationFactory(challenge=challenge, organisation__name="Nog niet beoordeeld")
    score(application, jurors[0], [8, 8], criteria, submitted=False)
    client.force_login(coordinator)
    page = client.get(reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})).content.decode()
    assert page.count('<td class="portal-numeric">–</td>') == 3 and '<td class="portal-numeric">0 / 1</td>' in page
    assert "<td>–</td>" in page  # no coach


def test_it_gives_a_tie_across_pages_one_rank_on_every_page(client, coordinator, challenge, criteria, jurors):
    best = ApplicationFactory(challenge=challenge, organisation__name="Beste")
    score(best, jurors[0], [9, 9], criteria)
    for n in range(RANKING_PAGE_SIZE + 1):  # ranked 2 to 52, all tied at 2
        score(ApplicationFactory(challenge=challenge, organisation__name=f"Gelijk {n:02}"), jurors[0], [5, 5], criteria)
    client.force_login(coordinator)
    url = reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})
    first, second = (client.get(url, {"page": page}).content.decode() for page in (1, 2))
    rank = '<td class="portal-numeric">{}</td>'.format
    assert first.count(rank(1)) == 1 and first.count(rank(2)) == 49
    assert second.count(rank(2)) == 2 and ">Gelijk 50</a>" in second
