"""The demo challenges: Groningen's 2020 round, Haarlem's NewFuture@Work and a round open today."""

from decimal import Decimal

from django.urls import reverse

from accounts.demo import seed_accounts
from accounts.models import User
from programmes import demo as programme_demo
from programmes.challenges import demo
from programmes.challenges.models import Application, Challenge, CoachingSession, Pledge, Review, StageChange
from programmes.challenges.selectors import challenge_figures, challenge_funnel


def seed():
    seed_accounts()
    programme_demo.seed_groningen_programme()
    programme_demo.seed_haarlem_programme()
    demo.seed_groningen_challenge()
    demo.seed_haarlem_challenge()
    demo.seed_open_challenge()
    demo.seed_enschede_move2social()


def test_it_seeds_groningens_2020_challenge_and_haarlems_newfuture_at_work(db):
    seed()
    groningen = challenge_funnel(Challenge.objects.get(name="Sociale Groninger Ondernemers Challenge 2020"))
    assert (groningen.applied, groningen.selected, groningen.coached) == (52, 20, 20)
    assert groningen.finale_date.isoformat() == "2020-11-19" and groningen.winners >= 1
    haarlem = challenge_funnel(Challenge.objects.get(name="NewFuture@Work Challenge"))
    assert (haarlem.applied, haarlem.finalists, haarlem.winners) == (20, 3, 1)
    assert Challenge.objects.get(name__endswith="nieuwe ronde").is_open()


def test_it_gives_each_of_the_20_coached_participants_of_2020_sessions_with_their_sme_coach(db):
    seed()
    challenge = Challenge.objects.get(name="Sociale Groninger Ondernemers Challenge 2020")
    figures = challenge_figures(challenge.action_line.programme, 2020)
    assert (figures.coached, figures.participants_with_sessions, figures.coaching_sessions) == (20, 20, 80)
    assert figures.coaching_hours == 85  # (60 + 90 + 60 + 45) minutes for each of 20 participants
    sessions = CoachingSession.objects.filter(application__challenge=challenge).select_related("coach", "application")
    assert all(s.coach == s.application.coach and s.coach.role == "entrepreneur" for s in sessions)
    assert {s.held_on.year for s in sessions} == {2020}


def test_it_changes_nothing_when_seeded_twice(db):
    seed()
    counts = (
        Challenge.objects.count(),
        Application.objects.count(),
        Review.objects.count(),
        StageChange.objects.count(),
        CoachingSession.objects.count(),
        Pledge.objects.count(),
    )
    seed()
    assert (
        Challenge.objects.count(),
        Application.objects.count(),
        Review.objects.count(),
        StageChange.objects.count(),
        CoachingSession.objects.count(),
        Pledge.objects.count(),
    ) == counts


def test_it_seeds_move2social_in_enschede_ending_at_a_financing_table(client, db):
    seed()
    challenge = Challenge.objects.get(name="Move2Social")
    assert challenge.action_line.programme.municipality.slug == "enschede"
    funnel = challenge_funnel(challenge)
    assert (funnel.applied, funnel.assessed, funnel.selected, funnel.coached) == (50, 28, 11, 11)
    assert (funnel.presented, funnel.financed, funnel.financed_amount) == (5, 2, Decimal(65000))
    table = challenge.financing_table
    assert table.financiers.count() == 4
    coordinator = User.objects.get(email="coordinator.enschede@impactportaal.test")
    assert coordinator.is_coordinator and coordinator.municipality == challenge.action_line.programme.municipality
    client.force_login(coordinator)
    assert client.get(reverse("challenges:financing_table", kwargs={"pk": challenge.pk})).status_code == 200
