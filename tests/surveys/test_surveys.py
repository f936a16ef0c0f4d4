"""Composing, sending, answering once, the reminder and the results of a survey, as the people involved see them."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Theme
from notifications.models import Notification
from surveys import services
from surveys.models import Answer, Audience, Invitation, Response, Survey
from surveys.selectors import start_surveys_to_answer
from surveys.tasks import remind_surveys_closing_soon
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.procurement.factories import SupplierFactory
from tests.surveys.factories import answer, answer_data, make_survey, questions, sent_survey

pytestmark = pytest.mark.django_db


def member_of(groningen, **organisation):
    return UserFactory(
        role="entrepreneur", organisation=OrganisationFactory(municipality=groningen, kind="enterprise", **organisation)
    )


# ---------------------------------------------------------------- composing


def test_it_composes_a_survey_with_questions_in_both_languages_through_the_formset(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:survey_create"),
        {
            "title": "Behoeftepeiling",
            "introduction": "Vijf minuten.",
            "audience": Audience.ALL,
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "retention_days": "365",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("surveys:survey_questions", args=[survey.pk])
    data = {
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
        "questions-0-position": "1",
        "questions-0-kind": "single",
        "questions-0-text_nl": "Wat is uw eerste behoefte?",
        "questions-0-text_en": "What is your first need?",
        "questions-0-required": "on",
        "questions-0-options_nl": "Toegang tot inkopers\nFinanciering",
        "questions-0-options_en": "Access to buyers\nFinancing",
        "questions-1-position": "2",
        "questions-1-kind": "scale",
        "questions-1-text_nl": "Hoe tevreden bent u?",
        "questions-1-text_en": "How satisfied are you?",
        "questions-1-scale_low_nl": "Slecht",
        "questions-1-scale_low_en": "Poor",
        "questions-1-scale_high_nl": "Goed",
        "questions-1-scale_high_en": "Good",
    }
    response = client.post(reverse("surveys:survey_questions", args=[survey.pk]), data)
    assert response.status_code == 302
    single, scale = questions(survey)
    assert [(o.text_nl, o.text_en) for o in single.options.all()] == [
        ("Toegang tot inkopers", "Access to buyers"),
        ("Financiering", "Financing"),
    ]
    with translation.override("en"):
        assert scale.text == "How satisfied are you?" and scale.scale_high == "Good"


def test_it_refuses_choices_that_do_not_pair_up_and_saves_nothing(client, coordinator):
    survey = make_survey(coordinator)
    client.force_login(coordinator)
    data = {
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-position": "9",
        "questions-0-kind": "multiple",
        "questions-0-text_nl": "Nieuw",
        "questions-0-text_en": "New",
        "questions-0-options_nl": "Een\nTwee\nDrie",
        "questions-0-options_en": "One\nTwo",
    }
    response = client.post(reverse("surveys:survey_questions", args=[survey.pk]), data)
    assert response.status_code == 200
    assert "Geef evenveel Engelse als Nederlandse keuzes" in response.content.decode()
    assert survey.questions.count() == 4


def test_it_keeps_the_questions_of_a_sent_survey_as_they_were(coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    with pytest.raises(ValidationError):
        services.question_delete(actor=coordinator, question=survey.questions.first())
    assert survey.questions.count() == 4


# ---------------------------------------------------------------- sending


def test_sending_invites_the_group_and_notifies_each_member_once_with_the_link(
    client, coordinator, entrepreneur, initiative, django_capture_on_commit_callbacks
):
    colleague = UserFactory(role="entrepreneur", organisation=entrepreneur.organisation)
    outsider = UserFactory(role="entrepreneur", organisation=OrganisationFactory(kind="enterprise"))  # elsewhere
    survey = make_survey(coordinator)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:survey_send", args=[survey.pk]), follow=True)
        again = client.post(reverse("surveys:survey_send", args=[survey.pk]), follow=True)
    assert "De peiling is verstuurd aan 2 organisaties." in response.content.decode()
    assert "Deze peiling is al verstuurd." in again.content.decode()
    assert Invitation.objects.filter(survey=survey).count() == 2
    notified = Notification.objects.filter(event="survey_invited")
    assert {n.recipient for n in notified} == {entrepreneur, colleague, initiative}
    assert outsider not in {n.recipient for n in notified}
    assert notified.first().url == reverse("surveys:answer", args=[survey.pk])
    client.force_login(entrepreneur)
    start = client.get(reverse("start")).content.decode()
    assert "Behoeftepeiling" in start and reverse("surveys:answer", args=[survey.pk]) in start


def test_it_sends_to_one_theme_the_applicants_of_a_challenge_or_the_verified_suppliers(coordinator, groningen):
    care, _ = Theme.objects.get_or_create(code=Theme.Code.CARE)
    in_theme = member_of(groningen).organisation
    in_theme.themes.add(care)
    applicant = member_of(groningen).organisation
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    ApplicationFactory(challenge=challenge, organisation=applicant, submitted_at=timezone.now())
    ApplicationFactory(challenge=challenge, organisation=member_of(groningen).organisation, submitted_at=None)
    supplier = member_of(groningen).organisation
    SupplierFactory(organisation=supplier, status="verified")
    SupplierFactory(organisation=member_of(groningen).organisation, status="pending")

    def invited(**group):
        survey = sent_survey(coordinator, title=str(group), **group)
        return set(Invitation.objects.filter(survey=survey).values_list("organisation", flat=True))

    assert invited(audience=Audience.THEME, theme=care) == {in_theme.pk}
    assert invited(audience=Audience.CHALLENGE, challenge=challenge) == {applicant.pk}
    assert invited(audience=Audience.SUPPLIERS) == {supplier.pk}


def test_it_refuses_a_challenge_of_another_municipality(coordinator, haarlem):
    elsewhere = ChallengeFactory(action_line__programme__municipality=haarlem)
    with pytest.raises(ValidationError):
        make_survey(coordinator, audience=Audience.CHALLENGE, challenge=elsewhere)
    assert not Survey.objects.exists()


def test_the_reminder_goes_once_a_few_days_before_closing_to_those_who_have_not_answered(
    coordinator, entrepreneur, initiative
):
    survey = sent_survey(coordinator, closes_in_days=10)
    answer(initiative, survey)
    assert remind_surveys_closing_soon() == 0  # ten days ahead: not yet
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() + timedelta(days=2))
    assert remind_surveys_closing_soon() == 1
    assert remind_surveys_closing_soon() == 0
    reminded = Notification.objects.filter(event="survey_reminder")
    assert [n.recipient for n in reminded] == [entrepreneur]


# ---------------------------------------------------------------- answering


def test_an_entrepreneur_answers_through_the_link_once_for_the_organisation(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    colleague = UserFactory(role="entrepreneur", organisation=entrepreneur.organisation)
    client.force_login(entrepreneur)
    page = client.get(reverse("surveys:answer", args=[survey.pk])).content.decode()
    assert "Wat is uw eerste behoefte?" in page and "Toegang tot inkopers" in page
    response = client.post(reverse("surveys:answer", args=[survey.pk]), answer_data(survey), follow=True)
    assert "Dank u wel: uw antwoorden zijn naar de gemeente gestuurd." in response.content.decode()
    assert Response.objects.get().respondent == entrepreneur
    assert Answer.objects.count() == 5  # one choice, two choices, a point on the scale, a text

    client.force_login(colleague)
    again = client.post(reverse("surveys:answer", args=[survey.pk]), answer_data(survey, first=1), follow=True)
    assert "Uw organisatie heeft deze peiling al ingevuld." in again.content.decode()
    assert Response.objects.count() == 1 and Answer.objects.count() == 5
    assert start_surveys_to_answer(colleague).items == []


def test_the_database_holds_one_response_per_organisation_whatever_races(coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey)
    with pytest.raises(ValidationError):  # the service's check is passed by a second request at the same moment
        Response(survey=survey, organisation=entrepreneur.organisation).validate_constraints()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, organisation=entrepreneur.organisation)


def test_after_the_closing_date_answering_is_refused_with_a_clear_message(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    client.force_login(entrepreneur)
    page = client.get(reverse("surveys:answer", args=[survey.pk])).content.decode()
    assert "Deze peiling is gesloten op" in page and "Mijn antwoorden versturen" not in page
    response = client.post(reverse("surveys:answer", args=[survey.pk]), answer_data(survey), follow=True)
    assert (
        response.status_code == 200 and "er kunnen geen antwoorden meer worden ingestuurd" in response.content.decode()
    )
    assert not Response.objects.exists()
    survey.refresh_from_db()
    with pytest.raises(ValidationError):
        answer(entrepreneur, survey)


def test_a_closed_survey_gets_more_time_and_those_who_have_not_answered_are_told(
    client, coordinator, entrepreneur, initiative
):
    survey = sent_survey(coordinator, closes_in_days=10)
    answer(initiative, survey)
    Survey.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1), reminded_at=timezone.now()
    )
    later = timezone.localdate() + timedelta(days=14)
    client.force_login(coordinator)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Meer tijd om te antwoorden" in page and "Nieuwe sluitingsdatum" in page
    response = client.post(reverse("surveys:survey_extend", args=[survey.pk]), {"closes_on": later.isoformat()})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.closes_on == later and survey.reminded_at is None  # one reminder again before the new date
    told = Notification.objects.filter(event="survey_extended")
    assert [n.recipient for n in told] == [entrepreneur]  # the initiative has answered
    client.force_login(entrepreneur)
    page = client.get(reverse("surveys:answer", args=[survey.pk])).content.decode()
    assert "Mijn antwoorden versturen" in page


def test_the_closing_date_moves_only_later_with_a_clear_message(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator, closes_in_days=10)
    client.force_login(coordinator)
    url = reverse("surveys:survey_extend", args=[survey.pk])
    same = client.post(url, {"closes_on": survey.closes_on.isoformat()}).content.decode()
    assert "Kies een datum na de huidige sluitingsdatum" in same
    for bad in [(survey.closes_on - timedelta(days=3)).isoformat(), "morgen", ""]:
        response = client.post(url, {"closes_on": bad})
        page = response.content.decode()
        assert response.status_code == 200 and "Er ging iets mis" in page and 'aria-invalid="true"' in page
    survey.refresh_from_db()
    assert survey.closes_on == timezone.localdate() + timedelta(days=10)
    assert not Notification.objects.filter(event="survey_extended").exists()
    draft = make_survey(coordinator)
    with pytest.raises(ValidationError):
        services.survey_extend(actor=coordinator, survey=draft, closes_on=draft.closes_on + timedelta(days=5))


def test_the_answer_page_speaks_english_with_the_english_texts(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    client.force_login(entrepreneur)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("surveys:answer", args=[survey.pk])).content.decode()
    assert "What is your first need?" in page and "Access to buyers" in page and "Send my answers" in page


# ---------------------------------------------------------------- results


def row_of(page: str, label: str) -> str:
    """The number in the results table's row headed `label`."""
    found = re.search(rf'scope="row">{re.escape(label)}</th><td[^>]*>(\d+)</td>', page)
    assert found, label
    return found.group(1)


def test_the_results_count_each_answer_with_a_chart_its_table_the_open_answers_and_the_rate(
    client, coordinator, entrepreneur, initiative, groningen
):
    member_of(groningen)  # invited, does not answer
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey, first=0, support=(0, 1), scale=5, text="Kleinere kavels bij aanbestedingen")
    answer(initiative, survey, first=0, support=(1,), scale=3, text="")
    client.force_login(coordinator)
    page = client.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()
    assert "2 van 3 uitgenodigde organisaties hebben geantwoord (67%)." in page
    assert page.count("<svg") == 3  # single, several and scale; the open question lists its answers
    assert "Kleinere kavels bij aanbestedingen" in page
    assert row_of(page, "Toegang tot inkopers") == "2"
    assert row_of(page, "5 (Goed)") == "1"


def test_the_csv_holds_a_row_per_response_with_the_choices_in_words(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey, first=1, support=(0, 2), scale=2, text="=HYPERLINK(1)")
    client.force_login(coordinator)
    response = client.get(reverse("surveys:result_export", args=[survey.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][2:] == [q.text_nl for q in questions(survey)]
    assert rows[1][2:] == ["Financiering", "Coaching | Servicepunt", "2", "'=HYPERLINK(1)"]
