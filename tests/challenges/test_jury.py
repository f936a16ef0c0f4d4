"""The jury: invitations by e-mail with a safe set-password link, assignments, scoring on the scale,
and other jurors' scores hidden until one's own are submitted."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from programmes.challenges import services
from programmes.challenges.models import Juror, Review, Score
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, CriterionFactory, ReviewFactory
from tests.factories import UserFactory
from tests.programmes.helpers import dutch, shows


@pytest.fixture
def challenge(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, scale_min=1, scale_max=5)
    CriterionFactory(challenge=challenge, name="Impact", weight=2)
    CriterionFactory(challenge=challenge, name="Haalbaarheid", weight=1)
    return challenge


def invite(client, coordinator, challenge, email="jurylid@example.nl", name="Anouk Visser"):
    client.force_login(coordinator)
    return client.post(
        reverse("challenges:challenge_jury", kwargs={"pk": challenge.pk}), {"email": email, "name": name}
    )


def test_it_invites_a_new_jury_member_who_chooses_a_password(
    client, coordinator, challenge, groningen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, coordinator, challenge)
    assert response.status_code == 302
    user = User.objects.get(email="jurylid@example.nl")
    assert user.role == "jury" and user.municipality == groningen and not user.has_usable_password()
    assert Juror.objects.filter(challenge=challenge, user=user).exists()
    [invitation] = mail.outbox
    link = re.search(r"https?://\S+/account/password/reset/key/\S+/", invitation.body).group(0)

    client.logout()
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    password = "Jury-in-Groningen-2026"
    response = client.post(response.redirect_chain[-1][0], {"password1": password, "password2": password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(password)
    assert client.login(username=user.email, password=password)
    assert client.get(reverse("challenges:jury_home"))["Location"] == reverse("mfa_index")  # a second factor first


def test_it_adds_an_existing_jury_member_without_a_new_account(
    client, coordinator, challenge, jury_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, coordinator, challenge, email=jury_member.email)
    assert User.objects.filter(email=jury_member.email).count() == 1
    assert "reset" not in mail.outbox[0].body


def test_it_refuses_to_make_an_entrepreneur_or_an_outsider_a_jury_member(
    client, coordinator, challenge, entrepreneur, other_coordinator
):
    for email in (entrepreneur.email, other_coordinator.email):
        response = invite(client, coordinator, challenge, email=email)
        assert response.status_code == 200
        assert shows(response, "This address belongs to an account that cannot be a jury member of this municipality.")
    assert not Juror.objects.exists()


def test_it_refuses_a_bad_address(client, coordinator, challenge):
    response = invite(client, coordinator, challenge, email="geen adres")
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert not User.objects.filter(role="jury").exists()


def test_it_shows_a_jury_member_only_what_is_assigned(client, challenge, groningen):
    juror = UserFactory(role="jury", municipality=groningen)
    mine = ReviewFactory(application__challenge=challenge, juror=juror)
    other = ReviewFactory(application__challenge=challenge)
    client.force_login(juror)
    page = client.get(reverse("challenges:jury_home")).content.decode()
    assert mine.application.title in page and other.application.title not in page
    assert client.get(reverse("challenges:review_edit", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("challenges:application_detail", kwargs={"pk": mine.application.pk})).status_code == 404


def scores(challenge, impact, feasibility, action="submit"):
    first, second = challenge.criteria.all()
    return {f"score_{first.pk}": impact, f"score_{second.pk}": feasibility, "action": action}


def test_it_keeps_scores_within_the_scale(client, challenge, groningen):
    review = ReviewFactory(application__challenge=challenge, juror__municipality=groningen)
    client.force_login(review.juror)
    response = client.post(reverse("challenges:review_edit", kwargs={"pk": review.pk}), scores(challenge, 9, 0))
    assert response.status_code == 200
    assert shows(response, "Ensure this value is less than or equal to %(limit_value)s.", limit_value=5)
    assert not Score.objects.exists()


def test_it_needs_every_criterion_to_submit_but_not_for_a_draft(client, challenge, groningen):
    review = ReviewFactory(application__challenge=challenge, juror__municipality=groningen)
    client.force_login(review.juror)
    edit = reverse("challenges:review_edit", kwargs={"pk": review.pk})
    response = client.post(edit, scores(challenge, 4, ""))
    assert shows(response, "Score this criterion before you submit.")
    client.post(edit, scores(challenge, 4, "", action="draft"))
    review.refresh_from_db()
    assert review.submitted_at is None and review.scores.count() == 1


def test_it_hides_other_scores_until_the_own_are_submitted(client, challenge, groningen):
    application = ApplicationFactory(challenge=challenge)
    other = ReviewFactory(application=application, submitted_at=timezone.now())
    Score.objects.create(review=other, criterion=challenge.criteria.first(), value=2, comment="Twijfelachtig plan")
    review = ReviewFactory(application=application, juror__municipality=groningen)
    client.force_login(review.juror)
    edit = reverse("challenges:review_edit", kwargs={"pk": review.pk})
    assert "Twijfelachtig plan" not in client.get(edit).content.decode()
    client.post(edit, scores(challenge, 5, 4))
    assert "Twijfelachtig plan" in client.get(edit).content.decode()


def test_it_does_not_change_submitted_scores(challenge, groningen):
    review = ReviewFactory(application__challenge=challenge, juror__municipality=groningen)
    first, second = challenge.criteria.all()
    services.review_save(juror=review.juror, review=review, scores={first.pk: (3, ""), second.pk: (3, "")}, submit=True)
    with pytest.raises(ValidationError) as error:
        services.review_save(juror=review.juror, review=review, scores={first.pk: (5, "")}, submit=False)
    assert error.value.messages == [dutch("You have submitted your scores; they can no longer be changed.")]


def test_it_assigns_applications_to_jury_members_in_bulk(client, coordinator, challenge, groningen):
    jurors = [UserFactory(role="jury", municipality=groningen) for _ in range(2)]
    for juror in jurors:
        Juror.objects.create(challenge=challenge, user=juror)
    applications = ApplicationFactory.create_batch(3, challenge=challenge)
    client.force_login(coordinator)
    bulk = reverse("challenges:challenge_bulk", kwargs={"pk": challenge.pk})
    client.post(bulk, {"applications": [a.pk for a in applications], "action": "assign:all"})
    client.post(bulk, {"applications": [a.pk for a in applications], "action": "assign:all"})
    assert Review.objects.count() == 6


def test_it_refuses_to_assign_to_someone_outside_the_jury(coordinator, challenge, groningen):
    stranger = UserFactory(role="jury", municipality=groningen)
    application = ApplicationFactory(challenge=challenge)
    with pytest.raises(ValidationError) as error:
        services.reviews_assign(actor=coordinator, challenge=challenge, applications=[application], jurors=[stranger])
    assert error.value.messages == [dutch("Only jury members of this challenge can assess its applications.")]
