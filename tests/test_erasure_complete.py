"""Erasure that cannot be fooled: a person fills every field they can with a unique marker (through the pages and
the services of every app), uploads a pitch that contains it, and downloads their data, which holds the marker
from every app. Then they are erased, and neither any column of any table of the database (every column read as
text: char, text, JSON and, on PostgreSQL, the stored search vector) nor any file name or file content in the
media folder holds the marker. The figures the portal reports are the same before and after.

Five people: an entrepreneur (supplier, quotes, application with pitch, offer, match comments, questions), a
community initiative (need, match comments), a jury member who also coaches (assessment comments, session notes), a
coordinator (a draft council letter, a signed answer and a signed verification) and a contractor (its company's
profile, a purchase recorded for its social-return duty, a purchase request).
Three people: an entrepreneur (supplier, quotes, application with pitch, offer, match comments, questions, a survey
answer), a community initiative (need, match comments), a jury member who also coaches (assessment comments, session
notes) and a coordinator (a draft council letter, a signed answer and a signed verification).
"""

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import Theme, User
from matching import services as matching_services
from matching.models import Match
from procurement import selectors as procurement_selectors
from procurement import services as procurement_services
from procurement.models import Supplier
from programmes import services as programmes_services
from programmes.challenges import services as challenge_services
from programmes.challenges.models import Review, Stage
from reporting.figures import collect
from reporting.services import letter_create
from tests.challenges.factories import ChallengeFactory, ChallengeQuestionFactory, CriterionFactory
from tests.factories import PASSWORD, STAFF_TOTP_SECRET, OrganisationFactory, UserFactory
from tests.procurement.factories import PurchaseRequestFactory, SroiTenderFactory, SupplierFactory
from tests.procurement.helpers import registration_data
from tests.programmes.factories import ActionLineFactory, ProgrammeFactory
from tests.surveys.factories import answer as answer_survey
from tests.surveys.factories import sent_survey

pytestmark = pytest.mark.django_db

MARKER = "qzxmarker"  # in lower case: the search ignores case


def marked(field: str) -> str:
    return f"{field} {MARKER}{field.replace('_', '')}"


# ---------------------------------------------------------------- searching everything


def _columns() -> list[tuple[str, str]]:
    """Every (table, column) of the database."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                found.append((table, column.name))
    return found


def _as_text(column: str) -> str:
    name = connection.ops.quote_name(column)
    return f"CAST({name} AS TEXT)" if connection.vendor != "postgresql" else f"{name}::text"


def database_hits() -> list[str]:
    """Where in the database the marker is: 'table.column' for each column that holds it anywhere."""
    hits = []
    with connection.cursor() as cursor:
        for table, column in _columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608 (names from introspection)
                f"WHERE LOWER({_as_text(column)}) LIKE %s",
                [f"%{MARKER}%"],
            )
            if cursor.fetchone()[0]:
                hits.append(f"{table}.{column}")
    return hits


def media_hits(media_root: Path) -> list[str]:
    """The files in the media folder whose name or content holds the marker."""
    if not media_root.exists():
        return []
    return [
        str(path.relative_to(media_root))
        for path in media_root.rglob("*")
        if path.is_file() and (MARKER in path.name.lower() or MARKER.encode() in path.read_bytes().lower())
    ]


def export_of(client, user) -> dict:
    client.force_login(user)
    return json.loads(client.get(reverse("accounts:my_data_download")).content)


def sections_with_marker(data: dict) -> set[str]:
    return {section for section, value in data.items() if MARKER in json.dumps(value, ensure_ascii=False).lower()}


def erase(client, user, django_capture_on_commit_callbacks) -> None:
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302


# ---------------------------------------------------------------- the world the people act in


@pytest.fixture
def world(groningen):
    """A programme with a challenge (questions and criteria), a buyer's open purchase request, and staff."""
    coordinator = UserFactory.create(role="coordinator", municipality=groningen, name="Carla Coördinator")
    programme = ProgrammeFactory(municipality=groningen)
    challenge = ChallengeFactory(action_line=ActionLineFactory(programme=programme, number=2))
    ChallengeQuestionFactory(challenge=challenge, text="Welk probleem lost u op?")
    CriterionFactory(challenge=challenge, name="Impact")
    buyer = UserFactory.create(role="buyer", municipality=groningen)
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    Theme.objects.get_or_create(code=Theme.Code.CARE)
    return {
        "municipality": groningen,
        "coordinator": coordinator,
        "programme": programme,
        "challenge": challenge,
        "purchase_request": purchase_request,
    }


def figures(world) -> dict:
    return collect(world["programme"], timezone.localdate().year)["values"]


def pitch_pdf() -> SimpleUploadedFile:
    content = b"%PDF-1.4\n% pitch of " + MARKER.encode() + b"pitch\n%%EOF\n"
    return SimpleUploadedFile(f"pitch-{MARKER}.pdf", content, content_type="application/pdf")


def a_marked_entrepreneur(client, world) -> User:
    """An entrepreneur who filled every field they can, in every app."""
    municipality, coordinator = world["municipality"], world["coordinator"]
    organisation = OrganisationFactory.create(municipality=municipality, kind="enterprise", name="Bakkerij Zuid")
    person = UserFactory.create(
        role="entrepreneur",
        organisation=organisation,
        name=f"Aylin {MARKER}name",
        email=f"aylin.{MARKER}email@example.nl",
        phone=f"06 {MARKER}phone",
    )
    SocialAccount.objects.create(  # linked to eHerkenning: what the broker said of the person at their last login
        user=person,
        provider="eherkenning",
        uid=f"eh-{MARKER}uid",
        extra_data={"userinfo": {"name": f"Aylin {MARKER}claim", "kvk": organisation.kvk_number}},
    )
    accounts_services.organisation_update(
        organisation=organisation,
        data={
            "name": organisation.name,
            "kvk_number": organisation.kvk_number,
            "description": marked("organisation_description"),
            "website": f"https://{MARKER}.example.nl",
            "email": person.email,
            "phone": person.phone,
            "postcode": "9712 AB",
            "city": marked("organisation_city"),
        },
        themes=Theme.objects.all(),
    )
    # The supplier registration, through its page.
    client.force_login(person)
    response = client.post(
        reverse("procurement:registration_edit"),
        registration_data(
            description=marked("supplier_description"),
            impact=marked("supplier_impact"),
            city=marked("supplier_city"),
            delivery_region=marked("delivery_region"),
            website=f"https://www.{MARKER}.example.nl",
            contact_name=person.name,
            contact_email=f"contact.{MARKER}@example.nl",
            contact_phone=f"050 {MARKER}",
            contact_public="on",
            **{
                "offerings-0-title": marked("offering_title"),
                "offerings-0-description": marked("offering_description"),
                "offerings-0-unit": f"per {MARKER}",
            },
        ),
    )
    assert response.status_code == 302
    supplier = Supplier.objects.get(organisation=organisation)
    procurement_services.supplier_change_status(supplier=supplier, to=Supplier.Status.VERIFIED, actor=coordinator)
    procurement_services.quote_submit(
        purchase_request=world["purchase_request"],
        supplier=supplier,
        user=person,
        message=marked("quote_message"),
        price=Decimal("900.00"),
    )
    # A service-point question, answered by name.
    question = programmes_services.question_ask(
        municipality=municipality, asker=person, subject=marked("question_subject"), body=marked("question_body")
    )
    programmes_services.question_answer(question=question, coordinator=coordinator, answer=f"Beste {person.name}, ja.")
    # ... a reply in its conversation, and after closing whether they were helped, with a remark.
    programmes_services.question_reply(question=question, body=marked("question_reply"), asker=person)
    programmes_services.question_answer(question=question, coordinator=coordinator, answer=f"Graag, {person.name}.")
    programmes_services.question_close(question=question, coordinator=coordinator)
    programmes_services.question_feedback(question=question, helped=True, remark=marked("helped_remark"))
    # An application with an answer and a pitch, then selected and coached.
    challenge = world["challenge"]
    application = challenge_services.application_save(
        applicant=person,
        challenge=challenge,
        organisation=organisation,
        title=marked("application_title"),
        summary=marked("application_summary"),
        answers={challenge.questions.get().pk: marked("application_answer")},
        pitch=pitch_pdf(),
        submit=True,
    )
    juror = challenge_services.juror_invite(actor=coordinator, challenge=challenge, email="jj@example.nl", name="J. J.")
    challenge_services.reviews_assign(
        actor=coordinator, challenge=challenge, applications=[application], jurors=[juror.user]
    )
    for stage in (Stage.ASSESSED, Stage.SELECTED):
        challenge_services.application_move(actor=coordinator, application=application, stage=stage)
    # An offer, and a match with the person's note and reason.
    offer = matching_services.offer_create(
        organisation=organisation,
        user=person,
        title=marked("offer_title"),
        description=marked("offer_description"),
        help_kinds=["goods"],
        themes=[],
        postcode="9712 AB",
        place=marked("offer_place"),
        goods=marked("offer_goods"),
    )
    initiative_organisation = OrganisationFactory.create(municipality=municipality, kind="initiative")
    initiative = UserFactory.create(role="initiative", organisation=initiative_organisation)
    need = matching_services.need_create(
        organisation=initiative_organisation,
        user=initiative,
        title="Speelgoed voor de buurt",
        story="Wij zoeken speelgoed.",
        help_kinds=["goods"],
        themes=[],
        postcode="9712 AB",
    )
    match = matching_services.match_propose(
        need=need, enterprise=organisation, actor=person, offer=offer, note=marked("match_note")
    )
    matching_services.match_change_status(match=match, to_status=Match.Status.PREPARATION, actor=initiative)
    matching_services.match_change_status(
        match=match, to_status=Match.Status.MADE, actor=person, goods_given=marked("goods_given")
    )
    # An answer to the municipality's survey, with an open answer.
    survey = sent_survey(coordinator, title="Behoeftepeiling")
    answer_survey(person, survey, text=marked("survey_open_answer"))
    return person


def a_marked_initiative(client, world) -> User:
    """A community initiative that posted a need and declined a match with its own words."""
    municipality = world["municipality"]
    organisation = OrganisationFactory.create(municipality=municipality, kind="initiative", name="Buurthuis Noord")
    person = UserFactory.create(
        role="initiative",
        organisation=organisation,
        name=f"Bram {MARKER}name",
        email=f"bram.{MARKER}@example.nl",
        phone=f"06 {MARKER}",
    )
    need = matching_services.need_create(
        organisation=organisation,
        user=person,
        title=marked("need_title"),
        story=marked("need_story"),
        help_kinds=["time"],
        themes=[],
        postcode="9712 AB",
        place=marked("need_place"),
    )
    enterprise = OrganisationFactory.create(municipality=municipality, kind="enterprise")
    UserFactory.create(role="entrepreneur", organisation=enterprise)
    match = matching_services.match_propose(need=need, enterprise=enterprise, actor=world["coordinator"])
    matching_services.match_change_status(
        match=match, to_status=Match.Status.DECLINED, actor=person, reason=marked("decline_reason")
    )
    programmes_services.question_ask(
        municipality=municipality, asker=person, subject=marked("question_subject"), body=marked("question_body")
    )
    return person


def a_marked_juror(client, world) -> User:
    """A jury member invited by name, who assessed an application with comments and coaches it."""
    challenge, coordinator = world["challenge"], world["coordinator"]
    organisation = OrganisationFactory.create(municipality=world["municipality"], kind="enterprise")
    applicant = UserFactory.create(role="entrepreneur", organisation=organisation)
    application = challenge_services.application_save(
        applicant=applicant,
        challenge=challenge,
        organisation=organisation,
        title="Werk voor jongeren",
        summary="Een plan.",
        answers={challenge.questions.get().pk: "Een antwoord."},
        submit=True,
    )
    juror = challenge_services.juror_invite(
        actor=coordinator, challenge=challenge, email=f"jury.{MARKER}@example.nl", name=f"Jan {MARKER}name"
    )
    person = juror.user
    person.phone = f"06 {MARKER}"
    person.set_password(PASSWORD)
    person.save()
    accounts_services.user_activate_totp(user=person, secret=STAFF_TOTP_SECRET)
    Authenticator.objects.create(  # a passkey, under the name the jury member gave it
        user=person, type=Authenticator.Type.WEBAUTHN, data={"name": f"Sleutel {MARKER}", "credential": {}}
    )
    challenge_services.reviews_assign(
        actor=coordinator, challenge=challenge, applications=[application], jurors=[person]
    )
    review = Review.objects.get(juror=person)
    criterion = challenge.criteria.get()
    challenge_services.review_save(
        juror=person, review=review, scores={criterion.pk: (8, marked("score_comment"))}, submit=True
    )
    for stage in (Stage.ASSESSED, Stage.SELECTED):
        challenge_services.application_move(actor=coordinator, application=application, stage=stage)
    challenge_services.application_assign_coach(actor=coordinator, application=application, coach=person)
    challenge_services.coaching_session_record(
        coach=person,
        application=application,
        held_on=timezone.localdate(),
        duration_minutes=90,
        notes=marked("session_notes"),
    )
    return person


def a_marked_coordinator(client, world) -> User:
    """A coordinator who wrote a council letter (as its author, with their phone), signed an answer and a
    supplier's verification with their name, and moved an application."""
    municipality = world["municipality"]
    person = UserFactory.create(
        role="coordinator",
        municipality=municipality,
        name=f"Carla {MARKER}name",
        email=f"carla.{MARKER}@example.nl",
        phone=f"050 {MARKER}",
    )
    letter_create(programme=world["programme"], year=timezone.localdate().year, user=person)
    question = programmes_services.question_ask(
        municipality=municipality, asker=None, subject="Subsidie?", body="Kan dat?", name="Iemand", email="i@example.nl"
    )
    programmes_services.question_answer(question=question, coordinator=person, answer=f"Ja. Groet, {person.name}")
    programmes_services.question_reply(question=question, body="Dank! Nog een vraag.")
    programmes_services.question_answer(question=question, coordinator=person, answer=f"Graag. {person.name}")
    supplier = SupplierFactory.create(organisation__municipality=municipality, status=Supplier.Status.PENDING)
    procurement_services.supplier_change_status(
        supplier=supplier, to=Supplier.Status.VERIFIED, actor=person, reason=f"Gecontroleerd door {person.name}"
    )
    organisation = OrganisationFactory.create(municipality=municipality, kind="enterprise")
    application = challenge_services.application_save(
        applicant=UserFactory.create(role="entrepreneur", organisation=organisation),
        challenge=world["challenge"],
        organisation=organisation,
        title="Werk voor jongeren",
        summary="Een plan.",
        answers={world["challenge"].questions.get().pk: "Een antwoord."},
        submit=True,
    )
    challenge_services.application_move(actor=person, application=application, stage=Stage.ASSESSED)
    return person


def a_marked_contractor(client, world) -> User:
    """A contractor, its company's only member, invited for a tender: it filled its company's profile, recorded
    a purchase for the buyer's check and asked suppliers for quotes."""
    municipality = world["municipality"]
    buyer = UserFactory.create(role="buyer", municipality=municipality)
    tender = SroiTenderFactory.create(municipality=municipality, created_by=buyer)
    invitation = procurement_selectors.SroiInvitation(tender, email=f"els.{MARKER}@example.nl", number=0)
    person = procurement_services.contractor_signup(
        invitation=invitation,
        name=f"Els {MARKER}name",
        password=PASSWORD,
        organisation_name="Bouwbedrijf Noord BV",
        kvk_number="61234567",
    )
    company = person.organisation
    assert company is not None
    accounts_services.organisation_update(
        organisation=company,
        data={
            "name": company.name,
            "kvk_number": "61234567",
            "description": marked("org_description"),
            "website": f"https://{MARKER}.example.nl",
            "email": f"info@{MARKER}.example.nl",
            "phone": f"023 {MARKER}",
            "street_address": marked("street"),
            "postcode": "2031 CC",
            "city": marked("city"),
        },
        themes=[],
        actor=person,
    )
    User.objects.filter(pk=person.pk).update(phone=f"06 {MARKER}phone")
    person.refresh_from_db()
    supplier = SupplierFactory.create(organisation__municipality=municipality)
    realisation = procurement_services.sroi_realisation_submit(
        tender=tender,
        actor=person,
        supplier=supplier,
        description=marked("realisation"),
        amount=Decimal("1200"),
        date=timezone.localdate(),
    )
    procurement_services.sroi_realisation_accept(realisation=realisation, actor=buyer)
    procurement_services.contractor_request_post(
        tender=tender,
        contractor=person,
        data={
            "title": marked("request_title"),
            "description": marked("request_description"),
            "category": "catering",
            "budget_min": Decimal("100"),
            "budget_max": Decimal("500"),
            "deadline": timezone.localdate() + timedelta(days=10),
        },
    )
    return person


PEOPLE = {
    "entrepreneur": (
        a_marked_entrepreneur,
        {"account", "organisation", "procurement", "challenges", "matching", "service_point_questions", "surveys"},
    ),
    "initiative": (a_marked_initiative, {"account", "matching", "service_point_questions"}),
    "juror": (a_marked_juror, {"account", "challenges"}),
    "coordinator": (a_marked_coordinator, {"account", "council_letters"}),
    "contractor": (a_marked_contractor, {"account", "organisation", "procurement"}),
}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_after_erasure_the_marker_is_nowhere_in_the_database_or_the_media_folder(
    client, world, settings, django_capture_on_commit_callbacks, who
):
    make, sections = PEOPLE[who]
    with django_capture_on_commit_callbacks(execute=True):
        person = make(client, world)
    assert database_hits(), "the marker should be in the database before erasure"
    media_before = media_hits(Path(settings.MEDIA_ROOT))
    assert bool(media_before) == (who == "entrepreneur"), media_before
    assert sections_with_marker(export_of(client, person)) >= sections, "the download misses an app's part"
    before = figures(world)

    erase(client, person, django_capture_on_commit_callbacks)

    assert database_hits() == []
    assert media_hits(Path(settings.MEDIA_ROOT)) == []
    after = figures(world)
    if who == "entrepreneur":  # the withdrawn registration no longer counts as verified, as any withdrawal
        assert after.pop("suppliers_verified")["value"] == before.pop("suppliers_verified")["value"] - 1
    assert after == before


def test_the_erased_entrepreneurs_application_and_match_still_count_with_their_stage(
    client, world, django_capture_on_commit_callbacks
):
    person = a_marked_entrepreneur(client, world)
    application = person.challenge_applications.get()

    erase(client, person, django_capture_on_commit_callbacks)

    application.refresh_from_db()
    assert application.stage == Stage.SELECTED and not application.pitch
    assert Match.objects.get().status == Match.Status.MADE
    assert timezone.now() - timedelta(minutes=1) < application.updated_at
