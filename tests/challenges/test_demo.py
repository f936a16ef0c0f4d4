"""The demo challenges: Groningen's 2020 round, Haarlem's NewFuture@Work and a round open today."""

from accounts.demo import seed_accounts
from programmes import demo as programme_demo
from programmes.challenges import demo
from programmes.challenges.models import Application, Challenge, Review, StageChange
from programmes.challenges.selectors import challenge_funnel


def seed():
    seed_accounts()
    programme_demo.seed_groningen_programme()
    programme_demo.seed_haarlem_programme()
    demo.seed_groningen_challenge()
    demo.seed_haarlem_challenge()
    demo.seed_open_challenge()


def test_it_seeds_groningens_2020_challenge_and_haarlems_newfuture_at_work(db):
    seed()
    groningen = challenge_funnel(Challenge.objects.get(name="Sociale Groninger Ondernemers Challenge 2020"))
    assert (groningen.applied, groningen.selected, groningen.coached) == (52, 20, 20)
    assert groningen.finale_date.isoformat() == "2020-11-19" and groningen.winners >= 1
    haarlem = challenge_funnel(Challenge.objects.get(name="NewFuture@Work Challenge"))
    assert (haarlem.applied, haarlem.finalists, haarlem.winners) == (20, 3, 1)
    assert Challenge.objects.get(name__endswith="nieuwe ronde").is_open()


def test_it_changes_nothing_when_seeded_twice(db):
    seed()
    counts = (
        Challenge.objects.count(),
        Application.objects.count(),
        Review.objects.count(),
        StageChange.objects.count(),
    )
    seed()
    assert (
        Challenge.objects.count(),
        Application.objects.count(),
        Review.objects.count(),
        StageChange.objects.count(),
    ) == counts
