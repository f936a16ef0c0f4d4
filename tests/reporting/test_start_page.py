"""The start page (/start/): every signed-in person's open work, oldest first, each item linking to where it is done,
only of their own municipality or organisation, in one query per kind whatever the data size."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from core.todo import LIMIT
from matching.models import Match, Need
from procurement.models import PurchaseRequest, SroiRealisation, Supplier
from programmes.challenges.models import Stage
from programmes.models import ActionLine, Activity, Question
from reporting.models import Letter, LetterListVisit, LetterVersion
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, ReviewFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.matching.factories import MatchFactory, NeedFactory, OfferFactory
from tests.procurement.factories import (
    ImpactReportFactory,
    OfferingFactory,
    PurchaseRequestFactory,
    QuoteFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)
from tests.programmes.factories import ActivityFactory, ProgrammeFactory, QuestionFactory

LONG_AGO = timezone.now() - dt.timedelta(days=120)


@dataclass
class Town:
    coordinator: Any
    entrepreneur: Any
    initiative: Any
    jury_member: Any
    buyer: Any
    council_member: Any
    approver: Any
    contractor: Any
    private_buyer: Any


def people(municipality):
    enterprise = OrganisationFactory(municipality=municipality, kind=Organisation.Kind.ENTERPRISE)
    initiative = OrganisationFactory(municipality=municipality, kind=Organisation.Kind.INITIATIVE)
    company = OrganisationFactory(municipality=municipality, kind=Organisation.Kind.COMPANY)
    return Town(
        coordinator=UserFactory(role="coordinator", municipality=municipality),
        entrepreneur=UserFactory(role="entrepreneur", organisation=enterprise),
        initiative=UserFactory(role="initiative", organisation=initiative),
        jury_member=UserFactory(role="jury", municipality=municipality),
        buyer=UserFactory(role="buyer", municipality=municipality),
        council_member=UserFactory(role="council", municipality=municipality),
        approver=UserFactory(role="approver", municipality=municipality),
        contractor=UserFactory(role="contractor", organisation=company),
        private_buyer=UserFactory(
            role="private_buyer",
            organisation=OrganisationFactory(
                municipality=municipality, kind=Organisation.Kind.COMPANY, buyer_status="verified"
            ),
        ),
    )


def open_work(municipality, town, count, tag):
    """`count` items of every kind of open work in `municipality`, each title starting with `tag`."""
    programme = ProgrammeFactory(municipality=municipality)
    line = ActionLine.objects.create(programme=programme, number=1, title="Professionaliseren", goal="Helpen.")
    closed_call = ChallengeFactory(
        action_line=line,
        name=f"{tag} challenge",
        opens_at=timezone.now() - dt.timedelta(days=60),
        closes_at=timezone.now() - dt.timedelta(days=30),
    )
    supplier = SupplierFactory(organisation=town.entrepreneur.organisation, status=Supplier.Status.VERIFIED)
    OfferingFactory(supplier=supplier)
    for n in range(count):
        QuestionFactory(municipality=municipality, subject=f"{tag} vraag {n}")
        QuestionFactory(municipality=municipality, subject=f"{tag} beantwoord {n}", asker=town.entrepreneur)
        Question.objects.filter(subject=f"{tag} beantwoord {n}").update(
            status=Question.Status.ANSWERED, answered_at=timezone.now()
        )
        pending = OrganisationFactory(municipality=municipality, name=f"{tag} leverancier {n}")
        SupplierFactory(organisation=pending, status=Supplier.Status.PENDING, verified_at=None)
        reporting = SupplierFactory(
            organisation=OrganisationFactory(municipality=municipality, name=f"{tag} rapporteert {n}")
        )
        ImpactReportFactory(supplier=reporting)
        ActivityFactory(
            action_line=line, title=f"{tag} impactcafé {n}", starts_at=timezone.now() - dt.timedelta(days=3)
        )
        other = ApplicationFactory(challenge=closed_call, title=f"{tag} plan {n}")
        ReviewFactory(application=other, juror=town.jury_member)
        ApplicationFactory(challenge=closed_call, title=f"{tag} gecoacht {n}", coach=town.jury_member)
        stale = MatchFactory(need=NeedFactory(municipality=municipality, title=f"{tag} hulpvraag {n}"))
        Match.objects.filter(pk=stale.pk).update(updated_at=LONG_AGO)
        Need.objects.filter(pk=stale.need_id).update(updated_at=LONG_AGO)
        MatchFactory(
            need=NeedFactory(municipality=municipality, organisation=town.initiative.organisation),
            enterprise=town.entrepreneur.organisation,
            proposed_by_organisation=None,
        )
        PurchaseRequestFactory(municipality=municipality, title=f"{tag} inkoopvraag {n}")
        QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=municipality, title=f"{tag} met offerte {n}"))
        SroiTenderFactory(municipality=municipality, title=f"{tag} aanbesteding {n}")
        duty = SroiTenderFactory(
            municipality=municipality, title=f"{tag} plicht {n}", contractor_organisation=town.contractor.organisation
        )
        SroiRealisationFactory(
            tender=duty, description=f"{tag} te controleren {n}", status=SroiRealisation.Status.SUBMITTED, weight=None
        )
        QuoteFactory(
            purchase_request=PurchaseRequestFactory(
                municipality=municipality,
                title=f"{tag} privé met offerte {n}",
                origin=PurchaseRequest.Origin.PRIVATE,
                organisation=town.private_buyer.organisation,
                posted_by=town.private_buyer,
            )
        )
        OrganisationFactory(
            municipality=municipality, name=f"{tag} koper {n}", kind=Organisation.Kind.COMPANY, buyer_status="pending"
        )
        draft = Letter.objects.create(
            programme=programme,
            year=2000 + n,
            subject=f"{tag} brief {n}",
            letter_date=dt.date(2020, 12, 2),
            last_edited_by=town.coordinator,
        )
        version = LetterVersion.objects.create(letter=draft, status=LetterVersion.Status.READY, number=1)
        published = Letter.objects.create(
            programme=programme, year=2100 + n, subject=f"{tag} gepubliceerd {n}", letter_date=dt.date(2020, 12, 2)
        )
        Letter.objects.filter(pk=published.pk).update(
            status=Letter.Status.PUBLISHED, published_at=timezone.now(), approved_version=version
        )


@pytest.fixture
def towns(groningen, haarlem):
    here, there = people(groningen), people(haarlem)
    open_work(groningen, here, 2, "Groningen")
    open_work(haarlem, there, 2, "Haarlem")
    return here, there


def start_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("start"))
    assert response.status_code == 200
    return response.content.decode()


ROLES = [
    "coordinator",
    "entrepreneur",
    "initiative",
    "jury_member",
    "buyer",
    "council_member",
    "approver",
    "contractor",
    "private_buyer",
]
EXPECTED = {
    "coordinator": [
        "Groningen vraag 0",
        "Groningen leverancier 0",
        "Groningen koper 0",
        "Groningen impactcafé 0",
        "Groningen plan 0",
        "Groningen hulpvraag 0",
    ],
    "entrepreneur": ["Groningen beantwoord 0", "Groningen inkoopvraag 0"],
    "initiative": ["Matchvoorstellen te beantwoorden", "Vul het profiel van uw organisatie in"],
    "jury_member": ["Groningen plan 0", "Groningen challenge", "Groningen gecoacht 0"],
    "buyer": ["Groningen met offerte 0", "Groningen te controleren 0", "Groningen aanbesteding 0"],
    "council_member": ["Groningen gepubliceerd 0"],
    "approver": ["Groningen brief 0"],
    "contractor": ["Groningen plicht 0", "nog te realiseren"],
    "private_buyer": ["Groningen privé met offerte 0"],
}


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_each_role_its_open_work_and_never_another_municipalitys(client, towns, role):
    page = start_of(client, getattr(towns[0], role))
    for text in EXPECTED[role]:
        assert text in page, text
    assert "Haarlem" not in page


def test_it_links_each_item_to_where_the_work_is_done(client, towns):
    page = start_of(client, towns[0].coordinator)
    question = Question.objects.get(subject="Groningen vraag 0")
    supplier = Supplier.objects.get(organisation__name="Groningen leverancier 0")
    activity = Activity.objects.get(title="Groningen impactcafé 0")
    for url in (
        reverse("programmes:question_detail", args=[question.pk]),
        reverse("procurement:register_supplier", args=[supplier.pk]),
        reverse("programmes:activity_detail", args=[activity.pk]),
    ):
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200


def test_it_lists_the_oldest_first_with_its_age(client, coordinator, groningen):
    QuestionFactory(municipality=groningen, subject="Nieuwe vraag")
    QuestionFactory(municipality=groningen, subject="Oude vraag", asked_at=timezone.now() - dt.timedelta(days=21))
    page = start_of(client, coordinator)
    assert page.index("Oude vraag") < page.index("Nieuwe vraag")
    assert "wacht 3\xa0weken" in page
    assert "te laat" in page  # more than a week without an answer


def test_an_answered_question_says_when_it_was_answered_not_how_long_it_waits(client, entrepreneur):
    QuestionFactory(municipality=entrepreneur.organisation.municipality, subject="Vraag over SROI", asker=entrepreneur)
    Question.objects.filter(subject="Vraag over SROI").update(
        status=Question.Status.ANSWERED, answered_at=timezone.now() - dt.timedelta(days=14)
    )
    page = start_of(client, entrepreneur)
    assert "Vraag over SROI" in page
    assert "beantwoord, 2\xa0weken geleden" in page
    assert "wacht 2\xa0weken" not in page


def test_it_leaves_out_work_that_moved_recently_or_is_done(client, coordinator, groningen):
    MatchFactory(need=NeedFactory(municipality=groningen, title="Verse hulpvraag"))
    ActivityFactory(
        action_line__programme__municipality=groningen,
        title="Gehouden café",
        starts_at=timezone.now() - dt.timedelta(days=3),
        status=Activity.Status.HELD,
    )
    SupplierFactory(organisation__municipality=groningen, organisation__name="Geverifieerd BV")
    page = start_of(client, coordinator)
    assert "Verse hulpvraag" not in page and "Gehouden café" not in page and "Geverifieerd BV" not in page
    assert "Er wacht nu niets op u." in page


def test_it_shows_a_council_member_only_letters_published_since_the_last_visit(client, towns):
    council_member = towns[0].council_member
    assert "Groningen gepubliceerd 1" in start_of(client, council_member)
    LetterListVisit.objects.create(user=council_member, visited_at=timezone.now())
    assert "Groningen gepubliceerd 1" not in start_of(client, council_member)
    Letter.objects.filter(subject="Groningen gepubliceerd 1").update(
        published_at=timezone.now() + dt.timedelta(minutes=1)
    )
    page = start_of(client, council_member)
    assert "Groningen gepubliceerd 1" in page and "Groningen gepubliceerd 0" not in page


def test_it_does_not_ask_the_last_editor_to_approve_their_own_letter(client, towns, groningen):
    assert "Groningen brief 0" not in start_of(client, towns[0].coordinator)  # four eyes
    colleague = UserFactory(role="coordinator", municipality=groningen)
    assert (
        f'href="{reverse("reporting:letter_detail", args=[Letter.objects.get(subject="Groningen brief 0").pk])}"'
        in (start_of(client, colleague))
    )


def test_it_guides_a_new_entrepreneur_through_the_first_steps_until_done(client, entrepreneur):
    page = start_of(client, entrepreneur)
    assert "Aan de slag" in page
    for url in (
        reverse("accounts:organisation_edit"),
        reverse("procurement:registration_edit"),
        reverse("matching:offer_create"),
    ):
        assert f'href="{url}"' in page
    Organisation.objects.filter(pk=entrepreneur.organisation_id).update(
        description="Wij maken werk.", email="info@example.nl", city="Groningen"
    )
    SupplierFactory(organisation=entrepreneur.organisation, status=Supplier.Status.PENDING)
    page = start_of(client, entrepreneur)
    assert f'href="{reverse("matching:offer_create")}"' in page
    assert f'href="{reverse("accounts:organisation_edit")}"' not in page
    OfferFactory(municipality=entrepreneur.organisation.municipality, organisation=entrepreneur.organisation)
    assert "Aan de slag" not in start_of(client, entrepreneur)


def test_it_asks_an_initiative_for_its_first_need(client, initiative):
    page = start_of(client, initiative)
    assert f'href="{reverse("matching:need_create")}"' in page
    assert reverse("procurement:registration_edit") not in page


def queries_of(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("start")).status_code == 200
    return len(captured)


# Every page: the user (with their municipality and whether they have a second factor, in the same query) and the
# header's count of unread notifications (the session comes from the cache), staff and others alike.
# Then one query per kind of work (the onboarding checklist: the profile, the registration, the first listing).
PAGE = 2
QUERIES = {
    # with the impact reports to check, the suppliers deregistered at the KvK and the private buyers to verify
    "coordinator": PAGE + 10,
    "entrepreneur": PAGE + 9,  # with the questions handed over to their partner desk and the surveys to answer
    "initiative": PAGE + 7,
    "jury_member": PAGE + 2,
    "buyer": PAGE + 3,  # with the contractors' purchases to check
    "council_member": PAGE + 1,
    "approver": PAGE + 1,
    "contractor": PAGE + 1,  # its tenders with what each still owes
    "private_buyer": PAGE + 2,  # its organisation (is it verified?) and its quotes to review
}


@pytest.mark.parametrize("role", ROLES)
def test_it_keeps_the_number_of_queries_whatever_the_data_size(client, groningen, haarlem, role):
    small, large = people(groningen), people(haarlem)
    open_work(groningen, small, 1, "Klein")
    open_work(haarlem, large, LIMIT + 3, "Groot")
    counts = [queries_of(client, getattr(town, role)) for town in (small, large)]
    assert counts == [QUERIES[role], QUERIES[role]]
    page = start_of(client, getattr(large, role))
    assert "Alles tonen" in page  # more than LIMIT of a kind: the oldest LIMIT, and a link to the whole list


def test_it_lists_a_coachs_participants_until_the_finale(client, groningen, jury_member):
    running = ChallengeFactory(action_line__programme__municipality=groningen, finale_on=None)
    finished = ChallengeFactory(
        action_line__programme__municipality=groningen, finale_on=timezone.localdate() - dt.timedelta(days=1)
    )
    running_one = ApplicationFactory(challenge=running, title="Loopt nog", coach=jury_member, stage=Stage.COACHED)
    ApplicationFactory(challenge=finished, title="Finale geweest", coach=jury_member, stage=Stage.WINNER)
    page = start_of(client, jury_member)
    assert "Loopt nog" in page and "Finale geweest" not in page
    assert f'href="{reverse("challenges:coaching_participant", kwargs={"pk": running_one.pk})}"' in page


def test_an_entrepreneur_who_coaches_finds_their_participants_on_the_start_page(client, groningen):
    coach = UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen))
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, finale_on=None)
    participant = ApplicationFactory(
        challenge=challenge, title="Gecoacht door een ondernemer", coach=coach, stage=Stage.COACHED
    )
    page = start_of(client, coach)
    assert "Gecoacht door een ondernemer" in page
    assert f'href="{reverse("challenges:coaching_participant", kwargs={"pk": participant.pk})}"' in page


def test_it_flags_a_stale_need_only_when_no_match_of_it_moved(client, coordinator, groningen):
    quiet = NeedFactory(municipality=groningen, title="Stille hulpvraag")
    busy = NeedFactory(municipality=groningen, title="Drukke hulpvraag")
    MatchFactory(need=busy)
    Need.objects.filter(pk__in=[quiet.pk, busy.pk]).update(updated_at=LONG_AGO)
    page = start_of(client, coordinator)
    assert "Stille hulpvraag" in page and "Drukke hulpvraag" not in page
