"""Stages from applied to winner (or not selected), bulk moves, e-mails, coaches, the audit trail,
the coordinator's pages and the public page."""

import csv
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from programmes.challenges import services
from programmes.challenges.models import Challenge, Score, Stage, StageChange
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, CriterionFactory, ReviewFactory
from tests.factories import UserFactory
from tests.programmes.factories import ActionLineFactory
from tests.programmes.helpers import shows


@pytest.fixture
def challenge(groningen):
    return ChallengeFactory(action_line__programme__municipality=groningen, name="Sociale Groninger Challenge")


def test_it_moves_along_the_order_and_tells_the_applicant(
    coordinator, entrepreneur, challenge, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        challenge=challenge, organisation=entrepreneur.organisation, applicant=entrepreneur
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(actor=coordinator, application=application, stage=Stage.ASSESSED)
        services.application_move(actor=coordinator, application=application, stage=Stage.SELECTED)
    application.refresh_from_db()
    assert application.stage == application.furthest_stage == Stage.SELECTED
    assert [message.to for message in mail.outbox] == [[entrepreneur.email], [entrepreneur.email]]
    assert "Geselecteerd" in mail.outbox[-1].subject or "Selected" in mail.outbox[-1].subject
    assert StageChange.objects.filter(application=application).count() == 2
    assert AuditEvent.objects.filter(content_type__model="application", actor=coordinator).count() == 2


def test_it_refuses_to_skip_a_stage(coordinator, challenge):
    application = ApplicationFactory(challenge=challenge)
    with pytest.raises(ValidationError):
        services.application_move(actor=coordinator, application=application, stage=Stage.WINNER)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_it_allows_not_selected_from_any_stage_and_keeps_how_far_it_got(coordinator, challenge):
    application = ApplicationFactory(challenge=challenge, stage=Stage.ASSESSED, furthest_stage=Stage.ASSESSED)
    services.application_move(actor=coordinator, application=application, stage=Stage.NOT_SELECTED)
    application.refresh_from_db()
    assert application.stage == Stage.NOT_SELECTED and application.furthest_stage == Stage.ASSESSED
    with pytest.raises(ValidationError):
        services.application_move(actor=coordinator, application=application, stage=Stage.SELECTED)


def test_it_moves_in_bulk_and_reports_those_it_cannot(client, coordinator, challenge):
    ready = ApplicationFactory.create_batch(2, challenge=challenge, stage=Stage.ASSESSED, furthest_stage=Stage.ASSESSED)
    behind = ApplicationFactory(challenge=challenge, organisation__name="Achterblijver")
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk}),
        {"applications": [a.pk for a in [*ready, behind]], "action": "stage:selected"},
        follow=True,
    )
    assert sorted(a.stage for a in challenge.applications.all()) == ["applied", "selected", "selected"]
    assert "Achterblijver" in response.content.decode()


def test_it_asks_what_to_do_with_the_ticked_applications(client, coordinator, challenge):
    application = ApplicationFactory(challenge=challenge)
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk}),
        {"applications": [application.pk], "action": "stage:feest"},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_it_assigns_a_coach_to_a_selected_participant(coordinator, challenge, groningen, entrepreneur):
    application = ApplicationFactory(challenge=challenge, stage=Stage.SELECTED, furthest_stage=Stage.SELECTED)
    services.application_assign_coach(actor=coordinator, application=application, coach=entrepreneur)
    application.refresh_from_db()
    assert application.coach == entrepreneur
    outsider = UserFactory(role="jury", municipality=ChallengeFactory().action_line.programme.municipality)
    with pytest.raises(ValidationError):
        services.application_assign_coach(actor=coordinator, application=application, coach=outsider)


def test_it_gives_no_coach_before_selection(coordinator, challenge, entrepreneur):
    application = ApplicationFactory(challenge=challenge)
    with pytest.raises(ValidationError):
        services.application_assign_coach(actor=coordinator, application=application, coach=entrepreneur)


def test_it_refuses_a_close_date_before_the_opening_and_a_bad_scale(client, coordinator, groningen):
    line = ActionLineFactory(programme__municipality=groningen)
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:challenge_create"),
        {
            "action_line": line.pk,
            "name": "Challenge",
            "call_text": "Doe mee",
            "opens_at": "2026-03-01T09:00",
            "closes_at": "2026-02-01T09:00",
            "scale_min": 5,
            "scale_max": 5,
        },
    )
    assert response.status_code == 200
    assert shows(response, "The call must close after it opens.")
    assert shows(response, "The highest score must be above the lowest.")
    assert not Challenge.objects.exists()


def test_it_refuses_a_weight_that_is_not_positive(client, coordinator, challenge):
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:challenge_criteria", kwargs={"pk": challenge.pk}),
        {
            "criteria-TOTAL_FORMS": 1,
            "criteria-INITIAL_FORMS": 0,
            "criteria-0-position": 1,
            "criteria-0-name": "Impact",
            "criteria-0-weight": "0",
        },
    )
    assert response.status_code == 200 and shows(response, "A weight is positive.")
    assert not challenge.criteria.exists()


def test_it_saves_criteria_and_keeps_a_scored_one(client, coordinator, challenge):
    scored = CriterionFactory(challenge=challenge, name="Impact")
    review = ReviewFactory(application__challenge=challenge, submitted_at=timezone.now())
    Score.objects.create(review=review, criterion=scored, value=7)
    client.force_login(coordinator)
    response = client.post(
        reverse("challenges:challenge_criteria", kwargs={"pk": challenge.pk}),
        {
            "criteria-TOTAL_FORMS": 2,
            "criteria-INITIAL_FORMS": 1,
            "criteria-0-id": scored.pk,
            "criteria-0-position": 1,
            "criteria-0-name": "Impact",
            "criteria-0-weight": "2",
            "criteria-0-DELETE": "on",
            "criteria-1-position": 2,
            "criteria-1-name": "Team",
            "criteria-1-weight": "1.5",
        },
    )
    assert response.status_code == 200
    assert list(challenge.criteria.values_list("name", flat=True)) == ["Impact"]
    response = client.post(
        reverse("challenges:challenge_criteria", kwargs={"pk": challenge.pk}),
        {
            "criteria-TOTAL_FORMS": 2,
            "criteria-INITIAL_FORMS": 1,
            "criteria-0-id": scored.pk,
            "criteria-0-position": 1,
            "criteria-0-name": "Impact",
            "criteria-0-weight": "2",
            "criteria-1-position": 2,
            "criteria-1-name": "Team",
            "criteria-1-weight": "1.5",
        },
    )
    assert response.status_code == 302
    assert dict(challenge.criteria.values_list("name", "weight")) == {"Impact": Decimal("2"), "Team": Decimal("1.5")}


def test_it_shows_the_funnel_on_the_challenge_page(client, coordinator, challenge):
    ApplicationFactory.create_batch(3, challenge=challenge)
    ApplicationFactory(challenge=challenge, stage=Stage.SELECTED, furthest_stage=Stage.SELECTED)
    client.force_login(coordinator)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert 'data-figure="funnel-applied">4<' in page and 'data-figure="funnel-selected">1<' in page
    assert '<svg class="portal-chart__svg"' in page


def scores_export(client, challenge, *, criterion, organisation, juror, title="Plan"):
    """The rows of the scores export of a challenge with one review that scored `criterion` 8."""
    impact = CriterionFactory(challenge=challenge, name=criterion)
    review = ReviewFactory(
        application__challenge=challenge,
        application__organisation__name=organisation,
        application__title=title,
        juror__name=juror,
        submitted_at=timezone.now(),
    )
    Score.objects.create(review=review, criterion=impact, value=8, comment="Sterk")
    response = client.get(reverse("challenges:challenge_export", kwargs={"pk": challenge.pk}))
    return list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_it_exports_applications_and_scores_as_csv(client, coordinator, challenge, groningen):
    client.force_login(coordinator)
    rows = scores_export(client, challenge, criterion="Impact", organisation="De Vondst", juror="Anouk")
    assert rows[0][-2] == "Impact"
    assert rows[1][1] == "De Vondst" and rows[1][4] == "8,00" and rows[1][6] == "Anouk" and rows[1][7] == "8"
    assert "Sterk" in rows[1][-1]


def test_the_scores_export_neutralises_cells_that_start_like_a_formula(client, coordinator, challenge):
    client.force_login(coordinator)
    evil = '=HYPERLINK("http://evil.example")'
    rows = scores_export(client, challenge, criterion="=Impact", organisation="@De Vondst", juror="+Anouk", title=evil)
    assert rows[0][-2] == "'=Impact"
    assert rows[1][1:3] == ["'@De Vondst", "'" + evil] and rows[1][6] == "'+Anouk"
    assert rows[1][-1] == "'=Impact: Sterk"


def test_it_keeps_the_challenges_of_another_municipality_away(client, other_coordinator, challenge):
    application = ApplicationFactory(challenge=challenge)
    client.force_login(other_coordinator)
    for name, pk in [
        ("challenge_detail", challenge.pk),
        ("challenge_applications", challenge.pk),
        ("challenge_export", challenge.pk),
        ("application_detail", application.pk),
    ]:
        assert client.get(reverse(f"challenges:{name}", kwargs={"pk": pk})).status_code == 404
    response = client.post(
        reverse("challenges:application_stage", kwargs={"pk": application.pk}), {"stage": "assessed"}
    )
    assert response.status_code == 404


def test_it_shows_finalists_and_winners_publicly_only_when_made_public(client, challenge):
    ApplicationFactory(
        challenge=challenge, organisation__name="Winnaar BV", stage=Stage.WINNER, furthest_stage=Stage.WINNER
    )
    ApplicationFactory(challenge=challenge, organisation__name="Afvaller", stage=Stage.NOT_SELECTED)
    url = reverse("challenges:public_challenge", kwargs={"pk": challenge.pk})
    assert "Winnaar BV" not in client.get(url).content.decode()
    challenge.results_public = True
    challenge.save()
    page = client.get(url).content.decode()
    assert "Winnaar BV" in page and "Afvaller" not in page


def test_it_has_no_public_page_before_the_call_opens(client, groningen):
    future = ChallengeFactory(
        action_line__programme__municipality=groningen,
        opens_at=timezone.now() + timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=30),
    )
    assert client.get(reverse("challenges:public_challenge", kwargs={"pk": future.pk})).status_code == 404


def test_it_renders_the_challenge_pages_in_english(client, coordinator, challenge):
    ApplicationFactory(challenge=challenge)
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    for name in ("challenge_detail", "challenge_applications", "challenge_jury", "challenge_criteria"):
        page = client.get(reverse(f"challenges:{name}", kwargs={"pk": challenge.pk})).content.decode()
        assert '<html lang="en">' in page
    assert "Ranking and stages" in page or "Assessment criteria" in page
