"""Private organisations that buy (issue 20, seed 003): a company signs up, a coordinator of its municipality
verifies it, it posts purchase requests of its own, and its spend counts apart from the municipality's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.demo import seed_accounts
from accounts.models import BuyerStatus, Organisation, User
from core.models import AuditEvent
from notifications.models import Notification
from procurement import selectors, services
from procurement.demo import seed_procurement
from procurement.demo_private import seed_private_buyers
from procurement.models import AuditAction, Award, Category, PurchaseRequest, Quote, SroiRealisation
from reporting import network
from reporting.figures import collect
from tests.factories import OrganisationFactory, UserFactory
from tests.procurement.factories import (
    AwardFactory,
    OfferingFactory,
    PurchaseRequestFactory,
    QuoteFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Zon-op-de-Grote-Markt-2026"


def private_buyer(municipality, status=BuyerStatus.VERIFIED, name="Woningcorporatie Noorderhuis"):
    organisation = OrganisationFactory(municipality=municipality, kind="company", name=name, buyer_status=status)
    return UserFactory(role="private_buyer", organisation=organisation)


def catering_supplier(municipality, name="Lunchroom Het Stadshart"):
    supplier = SupplierFactory(organisation=OrganisationFactory(municipality=municipality, name=name))
    OfferingFactory(supplier=supplier, category=Category.CATERING)
    return supplier


def private_request(user, **fields):
    return PurchaseRequestFactory(
        municipality=user.organisation.municipality,
        posted_by=user,
        origin=PurchaseRequest.Origin.PRIVATE,
        organisation=user.organisation,
        **fields,
    )


def request_data(**fields):
    return {
        "title": "Catering voor de huurdersavond",
        "description": "Soep en broodjes voor 120 huurders.",
        "category": "catering",
        "budget_min": "800",
        "budget_max": "1500",
        "deadline": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        **fields,
    }


# ---------------------------------------------------------------- signing up


@pytest.fixture
def company_signup(groningen):
    return {
        "name": "Ingrid Bosma",
        "email": "inkoop@noorderhuis.nl",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Woningcorporatie Noorderhuis",
        "kind": "company",
        "kvk_number": "71200001",
        "municipality": groningen.pk,
    }


def test_it_signs_up_a_company_as_a_private_buyer_awaiting_verification(
    client, company_signup, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), company_signup)

    assert response.status_code == 302
    user = User.objects.get(email="inkoop@noorderhuis.nl")
    assert user.role == User.Role.PRIVATE_BUYER
    assert user.organisation.kind == Organisation.Kind.COMPANY
    assert user.organisation.buyer_status == BuyerStatus.PENDING
    to_coordinator = [message for message in mail.outbox if coordinator.email in message.to]
    assert len(to_coordinator) == 1
    assert "Woningcorporatie Noorderhuis" in to_coordinator[0].subject
    assert reverse("procurement:buyer_registration", args=[user.organisation.pk]) in to_coordinator[0].body


def test_it_refuses_a_company_without_a_kvk_number(client, company_signup):
    response = client.post(reverse("account_signup"), company_signup | {"kvk_number": ""})

    assert response.status_code == 200
    assert "KvK-nummer" in response.content.decode()
    assert not User.objects.filter(email="inkoop@noorderhuis.nl").exists()


# ---------------------------------------------------------------- the coordinator decides


def test_the_coordinator_sees_waiting_buyers_next_to_waiting_suppliers(client, coordinator, groningen, haarlem):
    private_buyer(groningen, BuyerStatus.PENDING)
    private_buyer(haarlem, BuyerStatus.PENDING, name="Haarlemse Zorggroep")
    client.force_login(coordinator)

    page = client.get(reverse("start")).content.decode()

    section = page[page.index('data-todo="buyers"') :]
    assert "Woningcorporatie Noorderhuis" in section
    assert "Haarlemse Zorggroep" not in page


def test_the_coordinator_verifies_a_buyer_who_is_notified(
    client, coordinator, groningen, django_capture_on_commit_callbacks
):
    user = private_buyer(groningen, BuyerStatus.PENDING)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procurement:buyer_verify", args=[user.organisation.pk]))

    assert response.status_code == 302
    user.organisation.refresh_from_db()
    assert user.organisation.buyer_status == BuyerStatus.VERIFIED
    assert user.organisation.buyer_decided_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.BUYER_VERIFIED, actor=coordinator).count() == 1
    notification = Notification.objects.get(recipient=user)
    assert notification.event == "buyer_verified"
    assert any(user.email in message.to for message in mail.outbox)


def test_a_rejection_needs_a_reason_which_the_buyer_reads(client, coordinator, groningen):
    user = private_buyer(groningen, BuyerStatus.PENDING)
    client.force_login(coordinator)

    refused = client.post(reverse("procurement:buyer_reject", args=[user.organisation.pk]), {"reason": " "})
    assert refused.status_code == 200
    assert "Geef de reden" in refused.content.decode()
    user.organisation.refresh_from_db()
    assert user.organisation.buyer_status == BuyerStatus.PENDING

    client.post(reverse("procurement:buyer_reject", args=[user.organisation.pk]), {"reason": "Niet bekend bij de KvK."})
    user.organisation.refresh_from_db()
    assert user.organisation.buyer_status == BuyerStatus.REJECTED
    client.force_login(user)
    page = client.get(reverse("procurement:requests")).content.decode()
    assert "niet geverifieerd als inkoper" in page and "Niet bekend bij de KvK." in page


def test_two_decisions_at_once_give_one_success_and_a_clear_message(coordinator, groningen):
    user = private_buyer(groningen, BuyerStatus.PENDING)
    services.buyer_change_status(organisation=user.organisation, to=BuyerStatus.VERIFIED, actor=coordinator)

    stale = Organisation.objects.get(pk=user.organisation.pk)
    with pytest.raises(ValidationError, match="al gebeurd"):
        services.buyer_change_status(organisation=stale, to=BuyerStatus.VERIFIED, actor=coordinator)
    assert AuditEvent.objects.filter(action=AuditAction.BUYER_VERIFIED).count() == 1


def test_another_municipalitys_coordinator_cannot_decide(client, other_coordinator, groningen):
    user = private_buyer(groningen, BuyerStatus.PENDING)
    client.force_login(other_coordinator)

    assert client.post(reverse("procurement:buyer_verify", args=[user.organisation.pk])).status_code == 404
    user.organisation.refresh_from_db()
    assert user.organisation.buyer_status == BuyerStatus.PENDING


# ---------------------------------------------------------------- buying


def test_an_unverified_buyer_is_told_why_it_cannot_post(client, groningen):
    user = private_buyer(groningen, BuyerStatus.PENDING)
    client.force_login(user)

    listing = client.get(reverse("procurement:requests"))
    assert listing.status_code == 200
    assert "wacht op verificatie" in listing.content.decode()
    refused = client.post(reverse("procurement:request_create"), request_data())
    assert refused.status_code == 403
    assert "wacht op verificatie" in refused.content.decode()
    assert not PurchaseRequest.objects.exists()


def test_a_verified_buyer_posts_a_request_that_fitting_suppliers_hear_of(client, groningen):
    user = private_buyer(groningen)
    supplier = catering_supplier(groningen)
    member = UserFactory(role="entrepreneur", organisation=supplier.organisation)
    client.force_login(user)

    response = client.post(reverse("procurement:request_create"), request_data())

    purchase_request = PurchaseRequest.objects.get()
    assert response.status_code == 302
    assert purchase_request.origin == PurchaseRequest.Origin.PRIVATE
    assert purchase_request.organisation == user.organisation
    assert purchase_request.municipality == groningen
    notification = Notification.objects.get(recipient=member)
    assert notification.params["municipality"] == "Woningcorporatie Noorderhuis"
    client.force_login(member)
    page = client.get(purchase_request.get_absolute_url()).content.decode()
    assert "Inkoopvraag van Woningcorporatie Noorderhuis" in page


def test_a_private_buyer_sees_only_its_own_organisations_requests(client, groningen, buyer):
    user = private_buyer(groningen)
    other = private_buyer(groningen, name="Zorginstelling Het Baken")
    own = private_request(user, title="Onze eigen vraag")
    theirs = private_request(other, title="Vraag van een ander")
    municipal = PurchaseRequestFactory(municipality=groningen, posted_by=buyer, title="Vraag van de gemeente")
    client.force_login(user)

    page = client.get(reverse("procurement:requests")).content.decode()

    assert "Onze eigen vraag" in page
    assert "Vraag van een ander" not in page and "Vraag van de gemeente" not in page
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(municipal.get_absolute_url()).status_code == 404
    assert client.get(own.get_absolute_url()).status_code == 200


def test_the_municipal_buyer_does_not_see_private_requests(client, groningen, buyer):
    user = private_buyer(groningen)
    private = private_request(user, title="Vraag van Noorderhuis")
    client.force_login(buyer)

    assert "Vraag van Noorderhuis" not in client.get(reverse("procurement:requests")).content.decode()
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(reverse("procurement:audit_log")).status_code == 200


def test_a_private_buyer_sees_none_of_the_municipalitys_own_pages(client, groningen):
    client.force_login(private_buyer(groningen))

    for name in ("procurement:register", "procurement:figures", "procurement:tenders", "procurement:audit_log"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("programmes:question_queue")).status_code == 404
    assert client.get(reverse("matching:overview")).status_code == 404


def test_the_buyer_shortlists_and_awards_and_the_supplier_is_told(client, groningen):
    user = private_buyer(groningen)
    supplier = catering_supplier(groningen)
    member = UserFactory(role="entrepreneur", organisation=supplier.organisation)
    purchase_request = private_request(user)
    quote = QuoteFactory(purchase_request=purchase_request, supplier=supplier, price=Decimal("1150.00"))
    client.force_login(user)

    client.post(reverse("procurement:quote_shortlist", args=[purchase_request.pk, quote.pk]), {"shortlisted": "1"})
    prefix = f"award-{quote.pk}"
    response = client.post(
        reverse("procurement:quote_award", args=[purchase_request.pk, quote.pk]),
        {f"{prefix}-amount": "1150,00", f"{prefix}-awarded_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302
    purchase_request.refresh_from_db()
    assert purchase_request.status == PurchaseRequest.Status.AWARDED
    assert Award.objects.get().amount == Decimal("1150.00")
    assert Notification.objects.filter(recipient=member, event="quote_awarded").exists()
    # a private organisation's purchases stay out of the municipality's audit trail
    assert not AuditEvent.objects.filter(action=AuditAction.AWARD_MADE, municipality=groningen).exists()


def test_a_buyer_whose_verification_was_withdrawn_cannot_award(client, groningen, coordinator):
    user = private_buyer(groningen)
    quote = QuoteFactory(purchase_request=private_request(user), supplier=catering_supplier(groningen))
    services.buyer_change_status(
        organisation=user.organisation, to=BuyerStatus.REJECTED, actor=coordinator, reason="Geen inkoper meer."
    )
    client.force_login(user)

    prefix = f"award-{quote.pk}"
    response = client.post(
        reverse("procurement:quote_award", args=[quote.purchase_request_id, quote.pk]),
        {f"{prefix}-amount": "100", f"{prefix}-awarded_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 403
    assert not Award.objects.exists()


def test_the_private_buyers_start_page_leads_to_its_first_request(client, groningen):
    user = private_buyer(groningen, BuyerStatus.PENDING)
    client.force_login(user)
    page = client.get(reverse("start")).content.decode()
    assert 'data-todo="checklist"' in page and reverse("procurement:request_create") in page

    user.organisation.buyer_status = BuyerStatus.VERIFIED
    user.organisation.save()
    quote = QuoteFactory(purchase_request=private_request(user, title="Koffie"), supplier=catering_supplier(groningen))
    page = client.get(reverse("start")).content.decode()
    assert 'data-todo="quotes"' in page and quote.purchase_request.get_absolute_url() in page


# ---------------------------------------------------------------- figures


@pytest.fixture
def spend_of_three_buyers(groningen, buyer):
    """In 2025: a municipal award of 2,000, a private one of 1,150, an accepted SROI purchase of 10,000 and a
    submitted one of 5,000 (not yet counting), and a contractor's own award of 3,000 (counted as its realisation)."""
    on = dt.date(2025, 6, 1)
    supplier = catering_supplier(groningen)
    municipal = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    AwardFactory(quote=QuoteFactory(purchase_request=municipal, supplier=supplier), amount=2000, awarded_on=on)
    private = private_request(private_buyer(groningen))
    AwardFactory(quote=QuoteFactory(purchase_request=private, supplier=supplier), amount=1150, awarded_on=on)
    tender = SroiTenderFactory(municipality=groningen)
    accepted = SroiRealisation.Status.ACCEPTED
    SroiRealisationFactory(tender=tender, supplier=supplier, amount=10000, date=on, status=accepted)
    SroiRealisationFactory(tender=tender, supplier=supplier, amount=5000, date=on, status="submitted", weight=None)
    contractor = OrganisationFactory(municipality=groningen, kind="company")
    by_contractor = PurchaseRequestFactory(
        municipality=groningen, origin=PurchaseRequest.Origin.CONTRACTOR, organisation=contractor, sroi_tender=tender
    )
    AwardFactory(quote=QuoteFactory(purchase_request=by_contractor, supplier=supplier), amount=3000, awarded_on=on)


def test_revenue_for_social_enterprises_splits_by_buyer(groningen, spend_of_three_buyers):
    revenue = selectors.social_revenue(groningen, 2025)

    assert revenue.municipal == Decimal("2000.00")
    assert revenue.contractor == Decimal("10000.00")
    assert revenue.private == Decimal("1150.00")
    assert revenue.total == Decimal("13150.00")


def test_revenue_of_each_year_is_summed_apart_and_a_year_without_purchases_has_none(
    groningen, haarlem, spend_of_three_buyers
):
    of_years = selectors.social_revenue_of_years(groningen, [2024, 2025])

    assert of_years[2025] == selectors.social_revenue(groningen, 2025)
    assert (of_years[2025].municipal, of_years[2025].private) == (Decimal("2000.00"), Decimal("1150.00"))
    assert of_years[2024].total == Decimal("0.00")
    assert selectors.social_revenue_of_years(haarlem, [2025])[2025].total == Decimal("0.00")


def test_the_municipalitys_spend_counts_only_its_own_awards(groningen, spend_of_three_buyers):
    figures = selectors.procurement_figures(groningen, 2025)

    assert figures.spend_total == Decimal("2000.00")
    assert selectors.procurement_figures(groningen, timezone.localdate().year).requests_posted == 1
    assert [row["amount"] for row in selectors.spend_per_year(groningen)] == [Decimal("2000.00")]


def test_the_figures_page_shows_the_private_share(client, groningen, coordinator, spend_of_three_buyers):
    client.force_login(coordinator)

    page = client.get(reverse("procurement:figures"), {"jaar": 2025}).content.decode()

    table = page[page.index('data-testid="social-revenue"') :]
    assert "Private organisaties" in table and "€&nbsp;1.150,00" in table and "€&nbsp;13.150,00" in table


def test_the_letter_can_cite_the_revenue_and_the_network_compares_it(groningen, spend_of_three_buyers):
    programme = ProgrammeFactory(municipality=groningen)
    values = collect(programme, 2025)["values"]

    assert Decimal(values["revenue_private"]["value"]) == Decimal("1150")
    assert Decimal(values["revenue_social_enterprises"]["value"]) == Decimal("13150")
    assert Decimal(values["impact_spend"]["value"]) == Decimal("2000")
    header, _rows = network.csv_table([])
    assert "Omzet uit private organisaties" in header


# ---------------------------------------------------------------- pages and demo


def test_the_buyer_registrations_page_keeps_its_queries_whatever_the_number(
    client, coordinator, groningen, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for index in range(3):
        private_request(private_buyer(groningen, BuyerStatus.PENDING, name=f"Bedrijf {index}"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("procurement:buyer_registrations"))
    for index in range(3, 25):
        private_request(private_buyer(groningen, BuyerStatus.VERIFIED, name=f"Bedrijf {index}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("procurement:buyer_registrations"))
    assert "Bedrijf 0" in page.content.decode()


def test_the_demo_has_a_verified_housing_corporation_and_a_waiting_registration():
    seed_accounts()
    seed_procurement()
    seed_private_buyers()
    counts = [PurchaseRequest.objects.count(), Quote.objects.count(), Award.objects.count()]
    seed_private_buyers()
    assert [PurchaseRequest.objects.count(), Quote.objects.count(), Award.objects.count()] == counts

    buyer = User.objects.get(email="inkoper.noorderhuis@impactportaal.test")
    assert buyer.role == User.Role.PRIVATE_BUYER
    assert buyer.organisation.buyer_status == BuyerStatus.VERIFIED
    requests = PurchaseRequest.objects.filter(organisation=buyer.organisation)
    assert sorted(requests.values_list("status", flat=True)) == ["awarded", "open"]
    assert requests.get(status="open").quotes.count() == 2
    waiting = Organisation.objects.get(name="Zorginstelling Het Baken")
    assert waiting.buyer_status == BuyerStatus.PENDING
    award = Award.objects.get(purchase_request__organisation=buyer.organisation)
    assert selectors.social_revenue(buyer.organisation.municipality, award.awarded_on.year).private == award.amount
