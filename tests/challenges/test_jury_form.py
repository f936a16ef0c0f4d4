"""The jury form says the scale ("1 (zwak) tot 10 (uitstekend)") and the weights the Dutch way, and does not call
the scores optional; the public call shows the criteria the jury uses."""

import pytest
from django.urls import reverse

from tests.challenges.factories import ChallengeFactory, CriterionFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, scale_min=1, scale_max=10)
    CriterionFactory(challenge=challenge, name="Impact", weight=3)
    CriterionFactory(challenge=challenge, name="Haalbaarheid", weight="1.50", description="Kan het team dit?")
    return challenge


def test_the_jury_form_shows_the_scale_and_the_weights_and_no_optional_scores(client, challenge, groningen):
    review = ReviewFactory(application__challenge=challenge, juror__municipality=groningen)
    client.force_login(review.juror)
    page = client.get(reverse("challenges:review_edit", kwargs={"pk": review.pk})).content.decode()
    assert "Score voor Impact (weging 3)" in page and "Score voor Haalbaarheid (weging 1,5)" in page
    assert "1 (zwak) tot 10 (uitstekend)" in page and "Kan het team dit? Van 1 (zwak)" in page
    assert "3.00" not in page and "1.50" not in page
    first_score = page.index("Score voor Impact")
    assert "niet verplicht" not in page[first_score : page.index("</label>", first_score)]


def test_the_public_call_shows_the_criteria_with_their_weights(client, challenge):
    page = client.get(reverse("challenges:public_challenge", kwargs={"pk": challenge.pk})).content.decode()
    assert "Hoe de jury beoordeelt" in page and "van 1 (zwak) tot 10 (uitstekend)" in page
    assert "Impact, weging 3" in page and "Haalbaarheid, weging 1,5: Kan het team dit?" in page
