"""Each event notifies the right people once, on their list and by e-mail in their language."""

import pytest
from django.urls import reverse

from notifications import services
from notifications.events import Delivery, Kind
from notifications.models import Notification
from programmes import services as programmes_services
from tests.factories import MunicipalityFactory, UserFactory
from tests.notifications.helpers import mails_to

pytestmark = pytest.mark.django_db


def ask(groningen, asker=None, **fields):
    defaults = {
        "subject": "Inkoopbeleid",
        "body": "Hoe koop ik sociaal in?",
        "name": "Piet",
        "email": "piet@example.nl",
    }
    return programmes_services.question_ask(municipality=groningen, asker=asker, **{**defaults, **fields})


def test_a_new_question_notifies_each_coordinator_of_the_municipality_once(
    groningen, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    english = UserFactory(role="coordinator", municipality=groningen, language="en")
    elsewhere = UserFactory(role="coordinator", municipality=MunicipalityFactory(name="Haarlem", slug="haarlem"))
    buyer = UserFactory(role="buyer", municipality=groningen)
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(groningen)

    url = reverse("programmes:question_detail", kwargs={"pk": question.pk})
    for person in (coordinator, english):
        (notification,) = Notification.objects.filter(recipient=person)
        assert notification.url == url
    assert not Notification.objects.filter(recipient__in=[elsewhere, buyer]).exists()
    (dutch,) = mails_to(mailoutbox, coordinator)
    (in_english,) = mails_to(mailoutbox, english)
    assert "Er is een nieuwe vraag binnengekomen bij het loket van Groningen." in dutch.subject and url in dutch.body
    assert "A new question has come in at the service point of Groningen." in in_english.subject
    assert "Hoe koop ik sociaal in?" not in dutch.body  # the asker's text stays in the portal


def test_a_coordinator_who_chose_the_summary_gets_the_new_question_there(
    groningen, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    services.preferences_save(user=coordinator, choices={Kind.QUESTIONS_NEW: Delivery.DAILY})
    with django_capture_on_commit_callbacks(execute=True):
        ask(groningen)
    assert mails_to(mailoutbox, coordinator) == []
    services.send_digests()
    (summary,) = mails_to(mailoutbox, coordinator)
    assert "Uw dagelijkse overzicht: 1 melding" in summary.subject


def test_an_answer_notifies_the_asker_with_an_account_once_with_the_answer_in_their_language(
    groningen, coordinator, entrepreneur, mailoutbox, django_capture_on_commit_callbacks
):
    entrepreneur.language = "en"
    entrepreneur.save()
    question = ask(groningen, asker=entrepreneur)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        programmes_services.question_answer(question=question, coordinator=coordinator, answer="Via de inkoopwijzer.")

    (notification,) = Notification.objects.filter(recipient=entrepreneur)
    assert notification.url == reverse("programmes:my_question_detail", args=[question.pk])  # where they reply
    assert notification.text == "Uw vraag “Inkoopbeleid” is beantwoord."  # the list shows it in the page's language
    (answer,) = mails_to(mailoutbox, entrepreneur)
    assert "Answer to your question: Inkoopbeleid" in answer.subject and "Via de inkoopwijzer." in answer.body
    assert len(mailoutbox) == 1  # the coordinators are not told of their own answer


def test_an_asker_who_chose_the_portal_only_finds_the_answer_on_their_list(
    groningen, coordinator, entrepreneur, mailoutbox, django_capture_on_commit_callbacks
):
    services.preferences_save(user=entrepreneur, choices={Kind.QUESTIONS_MINE: Delivery.PORTAL})
    question = ask(groningen, asker=entrepreneur)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        programmes_services.question_answer(question=question, coordinator=coordinator, answer="Ja.")
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=entrepreneur, event="question_answered").count() == 1


def test_an_asker_without_an_account_still_gets_the_answer_by_mail(
    groningen, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    question = ask(groningen)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        programmes_services.question_answer(question=question, coordinator=coordinator, answer="Ja.")
    (answer,) = mailoutbox
    assert answer.to == ["piet@example.nl"] and "Ja." in answer.body


@pytest.mark.parametrize(
    ("to", "dutch", "english"),
    [
        ("verified", "Uw leveranciersregistratie is geverifieerd.", "Your supplier registration has been verified."),
        (
            "rejected",
            "Uw leveranciersregistratie is teruggestuurd: pas haar aan en stuur haar opnieuw in.",
            "Your supplier registration has been sent back: change it and send it again.",
        ),
    ],
)
def test_a_registration_decision_notifies_each_member_of_the_supplier_once(
    groningen, coordinator, entrepreneur, to, dutch, english, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from procurement import services as procurement_services
    from procurement.models import Supplier
    from tests.procurement.factories import SupplierFactory

    colleague = UserFactory(role="entrepreneur", organisation=entrepreneur.organisation, language="en")
    outsider = UserFactory(role="entrepreneur", organisation=None)
    supplier = SupplierFactory(organisation=entrepreneur.organisation, status=Supplier.Status.PENDING, verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        procurement_services.supplier_change_status(supplier=supplier, to=to, actor=coordinator, reason="Zie KvK.")

    (notification,) = Notification.objects.filter(recipient=entrepreneur)
    assert notification.text == dutch and notification.url == reverse("procurement:registration")
    with translation.override("en"):
        assert Notification.objects.get(recipient=colleague).text == english
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert len(mails_to(mailoutbox, entrepreneur)) == 1 and len(mails_to(mailoutbox, colleague)) == 1


def test_assigned_reviews_notify_each_juror_once_per_assignment(
    groningen, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    from programmes.challenges import services as challenge_services
    from programmes.challenges.models import Juror
    from tests.challenges.factories import ApplicationFactory, ChallengeFactory

    challenge = ChallengeFactory(action_line__programme__municipality=groningen, name="Move2Social")
    juror = UserFactory(role="jury", municipality=groningen, language="en")
    Juror.objects.create(challenge=challenge, user=juror)
    applications = ApplicationFactory.create_batch(2, challenge=challenge)
    with django_capture_on_commit_callbacks(execute=True):
        challenge_services.reviews_assign(
            actor=coordinator, challenge=challenge, applications=applications, jurors=[juror]
        )
    with django_capture_on_commit_callbacks(execute=True):  # assigning again assigns nothing new
        challenge_services.reviews_assign(
            actor=coordinator, challenge=challenge, applications=applications, jurors=[juror]
        )
    (notification,) = Notification.objects.filter(recipient=juror)
    assert notification.url == reverse("challenges:jury_home")
    (message,) = mails_to(mailoutbox, juror)
    assert "Applications to the challenge “Move2Social” have been assigned to you for review: 2." in message.subject


def test_a_stage_move_notifies_the_applicant_once_in_their_language(
    groningen, coordinator, entrepreneur, mailoutbox, django_capture_on_commit_callbacks
):
    from programmes.challenges import services as challenge_services
    from programmes.challenges.models import Stage
    from tests.challenges.factories import ApplicationFactory, ChallengeFactory

    challenge = ChallengeFactory(action_line__programme__municipality=groningen, name="Move2Social")
    application = ApplicationFactory(
        challenge=challenge, organisation=entrepreneur.organisation, applicant=entrepreneur
    )
    with django_capture_on_commit_callbacks(execute=True):
        challenge_services.application_move(actor=coordinator, application=application, stage=Stage.ASSESSED)

    (notification,) = Notification.objects.filter(recipient=entrepreneur)
    assert notification.text == "Uw aanmelding voor de challenge “Move2Social” is naar de fase “Beoordeeld” gegaan."
    assert notification.url == reverse("challenges:my_application", kwargs={"pk": application.pk})
    (message,) = mails_to(mailoutbox, entrepreneur)
    assert "Move2Social" in message.subject


def test_a_proposed_and_then_moved_match_notifies_both_sides_once_per_step(
    groningen, coordinator, initiative, entrepreneur, mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from matching import services as matching_services
    from tests.matching.factories import NeedFactory, OfferFactory

    entrepreneur.language = "en"
    entrepreneur.save()
    need = NeedFactory(municipality=groningen, organisation=initiative.organisation, help_time=True, help_money=True)
    offer = OfferFactory(municipality=groningen, organisation=entrepreneur.organisation, help_money=True, euros=500)
    with django_capture_on_commit_callbacks(execute=True):
        match = matching_services.match_propose(
            need=need, enterprise=offer.organisation, offer=offer, actor=coordinator
        )
    with django_capture_on_commit_callbacks(execute=True):
        matching_services.match_change_status(match=match, to_status="preparation", actor=initiative)

    for person in (initiative, entrepreneur):
        proposed, moved = Notification.objects.filter(recipient=person).order_by("created_at", "pk")
        assert proposed.event == "match_proposed" and moved.event == "match_changed"
        assert moved.url == match.get_absolute_url()
        assert len(mails_to(mailoutbox, person)) == 2
    assert Notification.objects.get(recipient=initiative, event="match_changed").text == (
        "Een match van uw organisatie is nu: In voorbereiding."
    )
    with translation.override("en"):
        assert Notification.objects.get(recipient=entrepreneur, event="match_changed").text == (
            "A match of your organisation is now: In preparation."
        )
    assert not Notification.objects.filter(recipient=coordinator).exists()


def test_a_shortlisted_and_then_awarded_quote_notifies_the_suppliers_members_once_each(
    groningen, entrepreneur, mailoutbox, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from procurement import services as procurement_services
    from tests.procurement.factories import PurchaseRequestFactory, QuoteFactory, SupplierFactory

    buyer = UserFactory(role="buyer", municipality=groningen)
    request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer, title="Lunches")
    quote = QuoteFactory(purchase_request=request, supplier=SupplierFactory(organisation=entrepreneur.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        procurement_services.quote_set_shortlisted(quote=quote, actor=buyer, shortlisted=True)
    with django_capture_on_commit_callbacks(execute=True):
        procurement_services.award_make(quote=quote, actor=buyer, amount=Decimal("2400"))

    shortlisted, awarded = Notification.objects.filter(recipient=entrepreneur).order_by("created_at", "pk")
    assert shortlisted.text == "Uw offerte voor “Lunches” van Groningen staat op de shortlist."
    assert awarded.text == "“Lunches” van Groningen is aan u gegund."
    assert awarded.url == request.get_absolute_url()
    shortlist_mail, award_mail = mails_to(mailoutbox, entrepreneur)
    assert "shortlist" in shortlist_mail.subject and "Lunches" in award_mail.subject


def test_a_purchase_request_that_fits_notifies_the_fitting_suppliers_members_once(
    groningen, entrepreneur, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from procurement import services as procurement_services
    from procurement.models import Category
    from tests.procurement.test_purchase_requests import request_data, supplier_offering

    buyer = UserFactory(role="buyer", municipality=groningen)
    supplier_offering(Category.CATERING, organisation=entrepreneur.organisation)
    other = UserFactory(role="entrepreneur", organisation=supplier_offering(Category.CLEANING).organisation)
    data = {
        **request_data(deadline=None, counts_towards_sroi=False),
        "deadline": timezone.localdate() + dt.timedelta(days=3),
    }
    with django_capture_on_commit_callbacks(execute=True):
        request = procurement_services.purchase_request_post(buyer=buyer, municipality=groningen, data=data)

    (notification,) = Notification.objects.filter(recipient=entrepreneur)
    assert notification.event == "purchase_request_fits" and notification.url == request.get_absolute_url()
    assert "Groningen vraagt offertes voor" in notification.text
    assert len(mails_to(mailoutbox, entrepreneur)) == 1
    assert not Notification.objects.filter(recipient=other).exists()
