"""Contractors and their SROI duty: the buyer invites the tender's contractor, who sees what it still owes under
the municipality's weighting rules, finds fitting suppliers, asks them for quotes and records purchases that the
buyer checks."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, User
from core.models import AuditEvent
from notifications.models import Notification
from procurement import selectors, services, sroi
from procurement.models import (
    AuditAction,
    Category,
    PurchaseRequest,
    SroiCriterion,
    SroiRealisation,
    SroiWeight,
    Supplier,
)
from tests.factories import OrganisationFactory, UserFactory

from .factories import OfferingFactory, QuoteFactory, SroiRealisationFactory, SroiTenderFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tender(groningen, buyer):
    """€ 1.000.000 at 5%: € 50.000 owed."""
    return SroiTenderFactory(
        municipality=groningen, created_by=buyer, title="Herinrichting Stadspark", contractor="Bouwbedrijf Noord BV"
    )


@pytest.fixture
def contractor(groningen, tender):
    company = OrganisationFactory(municipality=groningen, kind=Organisation.Kind.COMPANY, name="Bouwbedrijf Noord BV")
    tender.contractor_organisation = company
    tender.save()
    return UserFactory(role=User.Role.CONTRACTOR, organisation=company, email="uitvoering@bouwnoord.nl")


def code_supplier(**fields):
    return SupplierFactory(code_sociale_ondernemingen=True, social_enterprise_nl=False, **fields)


def senl_supplier(**fields):
    return SupplierFactory(code_sociale_ondernemingen=False, social_enterprise_nl=True, **fields)


def invitation_link(message) -> str:
    """The path of the invitation link in an e-mail."""
    found = re.search(r"https?://[^/\s]+(/\S+/sroi/uitnodiging/\S+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


def invite(client, buyer, tender, email, django_capture_on_commit_callbacks):
    client.force_login(buyer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procurement:tender_invite", kwargs={"pk": tender.pk}), {"email": email})
    client.logout()
    assert response.status_code == 302
    return invitation_link(mail.outbox[-1])


# ---------------------------------------------------------------- the weighing


def test_the_highest_weight_a_supplier_meets_applies(groningen):
    both = SupplierFactory(code_sociale_ondernemingen=True, social_enterprise_nl=True)
    senl = senl_supplier()
    plain = SupplierFactory(code_sociale_ondernemingen=False, social_enterprise_nl=False)
    defaults = sroi.weights_of(groningen)

    assert [sroi.weight_for(s, defaults) for s in (both, senl, plain)] == [100, 50, 0]
    SroiWeight.objects.create(municipality=groningen, criterion=SroiCriterion.VERIFIED_SUPPLIER, weight=30)
    SroiWeight.objects.create(municipality=groningen, criterion=SroiCriterion.SOCIAL_ENTERPRISE_NL, weight=20)
    own = sroi.weights_of(groningen)
    assert [sroi.weight_for(s, own) for s in (both, senl, plain)] == [100, 30, 30]
    in_sql = dict(
        Supplier.objects.filter(pk__in=[both.pk, senl.pk, plain.pk])
        .annotate(w=sroi.weight_expression(own))
        .values_list("pk", "w")
    )
    assert in_sql == {both.pk: 100, senl.pk: 30, plain.pk: 30}


# ---------------------------------------------------------------- the invitation


def test_the_invited_contractor_makes_an_account_with_its_company_and_sees_what_it_owes(
    client, buyer, tender, django_capture_on_commit_callbacks
):
    link = invite(client, buyer, tender, "directie@bouwnoord.nl", django_capture_on_commit_callbacks)

    assert mail.outbox[-1].to == ["directie@bouwnoord.nl"]
    page = client.get(link)
    assert "Bouwbedrijf Noord BV" in page.content.decode()  # the company's name filled in from the tender
    response = client.post(
        link,
        {
            "name": "Els Noord",
            "organisation_name": "Bouwbedrijf Noord BV",
            "kvk_number": "61234567",
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
        },
    )

    user = User.objects.get(email="directie@bouwnoord.nl")
    assert response["Location"] == reverse("procurement:contractor_tender", kwargs={"pk": tender.pk})
    assert user.role == User.Role.CONTRACTOR and user.organisation.kind == Organisation.Kind.COMPANY
    assert user.organisation.kvk_number == "61234567"
    tender.refresh_from_db()
    assert tender.contractor_organisation == user.organisation
    detail = client.get(response["Location"]).content.decode()
    assert "50.000,00" in detail  # still owed, signed in straight away
    assert Notification.objects.filter(recipient=buyer, event="sroi_contractor_joined").exists()
    assert AuditEvent.objects.filter(action=AuditAction.CONTRACTOR_JOINED).count() == 1


def test_a_used_link_a_replaced_link_and_a_broken_link_each_say_why(
    client, buyer, tender, django_capture_on_commit_callbacks
):
    first = invite(client, buyer, tender, "oud@bouwnoord.nl", django_capture_on_commit_callbacks)
    second = invite(client, buyer, tender, "nieuw@bouwnoord.nl", django_capture_on_commit_callbacks)

    replaced = client.get(first).content.decode()
    assert "nieuwere uitnodiging" in replaced
    assert "oud@bouwnoord.nl" not in replaced
    client.post(
        second,
        {
            "name": "Nieuw",
            "organisation_name": "Bouwbedrijf Noord BV",
            "kvk_number": "61234568",
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
        },
    )
    client.logout()
    used = client.get(second).content.decode()
    assert "al geaccepteerd" in used
    broken = client.get(reverse("procurement:sroi_invitation", kwargs={"token": "knip-en-plak"})).content.decode()
    assert "niet geldig" in broken


def test_an_expired_link_asks_for_a_new_invitation(client, tender, monkeypatch):
    token = services.sroi_invitation_token(tender=tender, email="a@b.nl", number=1)
    monkeypatch.setattr(sroi, "INVITATION_MAX_AGE", -1)

    page = client.get(reverse("procurement:sroi_invitation", kwargs={"token": token})).content.decode()

    assert "verlopen" in page


def test_an_existing_contractor_account_signs_in_and_takes_the_tender_on(
    client, buyer, groningen, django_capture_on_commit_callbacks
):
    company = OrganisationFactory(municipality=groningen, kind=Organisation.Kind.COMPANY)
    member = UserFactory(role=User.Role.CONTRACTOR, organisation=company)
    tender = SroiTenderFactory(municipality=groningen, created_by=buyer)
    link = invite(client, buyer, tender, member.email, django_capture_on_commit_callbacks)
    client.force_login(member)

    assert "Uitnodiging accepteren" in client.get(link).content.decode()
    client.post(link)

    tender.refresh_from_db()
    assert tender.contractor_organisation == company


def test_an_address_of_another_kind_of_account_cannot_be_invited(client, buyer, tender, entrepreneur):
    client.force_login(buyer)

    response = client.post(
        reverse("procurement:tender_invite", kwargs={"pk": tender.pk}), {"email": entrepreneur.email}
    )

    assert response.status_code == 200 and response.context["invite_form"].errors
    assert not AuditEvent.objects.filter(action=AuditAction.CONTRACTOR_INVITED).exists()


def test_a_tender_whose_contractor_accepted_is_not_invited_again(client, buyer, tender, contractor):
    client.force_login(buyer)

    response = client.post(reverse("procurement:tender_invite", kwargs={"pk": tender.pk}), {"email": "x@y.nl"})

    assert response.status_code == 200 and "email" in response.context["invite_form"].errors


# ---------------------------------------------------------------- realisations and their check


def test_the_contractor_records_a_purchase_the_buyer_accepts_and_what_it_owes_drops(
    client, buyer, tender, contractor, groningen
):
    supplier = senl_supplier()
    client.force_login(contractor)
    client.post(
        reverse("procurement:contractor_realisation_add", kwargs={"pk": tender.pk}),
        {"supplier": supplier.pk, "description": "Catering bouwkeet", "amount": "10000,00", "date": "2020-06-01"},
    )
    realisation = SroiRealisation.objects.get()
    assert realisation.status == SroiRealisation.Status.SUBMITTED
    progress = selectors.tender_progress(selectors.contractor_tender(contractor, tender.pk))
    assert (progress.realised, progress.awaiting, progress.remaining) == (0, Decimal("10000.00"), Decimal("50000.00"))
    assert Notification.objects.filter(recipient=buyer, event="sroi_realisation_submitted").exists()

    client.force_login(buyer)
    client.post(reverse("procurement:realisation_accept", kwargs={"pk": tender.pk, "realisation_pk": realisation.pk}))

    realisation.refresh_from_db()
    assert (realisation.status, realisation.weight, realisation.decided_by) == ("accepted", 50, buyer)
    client.force_login(contractor)
    page = client.get(reverse("procurement:contractor_tenders"))
    [(_tender, progress)] = page.context["tenders"]
    assert (progress.realised, progress.awaiting, progress.remaining) == (
        Decimal("5000.00"),
        Decimal("0.00"),
        Decimal("45000.00"),
    )
    assert Notification.objects.filter(recipient=contractor, event="sroi_realisation_accepted").exists()
    assert AuditEvent.objects.filter(action=AuditAction.REALISATION_ACCEPTED, actor=buyer).exists()
    buyer_list = client.get(reverse("procurement:tenders"))
    assert buyer_list.status_code == 404  # the contractor is not the buyer
    client.force_login(buyer)
    [listed] = client.get(reverse("procurement:tenders")).context["page_obj"].object_list
    assert listed.realised == Decimal("5000.00")  # the buyer's overview weighs the same way


def test_a_purchase_is_accepted_once_however_often_it_is_clicked(buyer, tender, contractor):
    realisation = services.sroi_realisation_submit(
        tender=tender,
        actor=contractor,
        supplier=code_supplier(),
        description="Groenonderhoud",
        amount=Decimal("2000"),
        date=dt.date(2020, 6, 1),
    )
    services.sroi_realisation_accept(realisation=SroiRealisation.objects.get(pk=realisation.pk), actor=buyer)

    with pytest.raises(ValidationError, match="al goedgekeurd"):
        services.sroi_realisation_accept(realisation=SroiRealisation.objects.get(pk=realisation.pk), actor=buyer)

    assert AuditEvent.objects.filter(action=AuditAction.REALISATION_ACCEPTED).count() == 1
    assert selectors.tender_progress(tender).realised == Decimal("2000.00")


def test_the_buyer_rejects_with_a_reason_the_contractor_reads(client, buyer, tender, contractor):
    realisation = services.sroi_realisation_submit(
        tender=tender,
        actor=contractor,
        supplier=code_supplier(),
        description="Schoonmaak",
        amount=Decimal("800"),
        date=dt.date(2020, 6, 1),
    )
    client.force_login(buyer)
    url = reverse("procurement:realisation_reject", kwargs={"pk": tender.pk, "realisation_pk": realisation.pk})

    without = client.post(url, {f"reject-{realisation.pk}-reason": "  "})
    assert without.status_code == 200
    client.post(url, {f"reject-{realisation.pk}-reason": "Geen factuur bijgevoegd."})

    realisation.refresh_from_db()
    assert realisation.status == SroiRealisation.Status.REJECTED
    client.force_login(contractor)
    page = client.get(reverse("procurement:contractor_tender", kwargs={"pk": tender.pk})).content.decode()
    assert "Geen factuur bijgevoegd." in page
    assert Notification.objects.filter(recipient=contractor, event="sroi_realisation_rejected").exists()


def test_a_purchase_dated_in_the_future_or_from_an_unverified_supplier_is_refused(client, tender, contractor):
    client.force_login(contractor)
    url = reverse("procurement:contractor_realisation_add", kwargs={"pk": tender.pk})
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    future = client.post(url, {"supplier": code_supplier().pk, "description": "x", "amount": "10", "date": tomorrow})
    pending = client.post(
        url,
        {
            "supplier": SupplierFactory(status=Supplier.Status.PENDING).pk,
            "description": "x",
            "amount": "10",
            "date": "2020-01-01",
        },
    )

    assert future.status_code == 200 and "date" in future.context["form"].errors
    assert pending.status_code == 200 and "supplier" in pending.context["form"].errors
    assert not SroiRealisation.objects.exists()


def test_the_contractor_sees_only_its_own_tenders(client, contractor, groningen):
    other = SroiTenderFactory(
        municipality=groningen,
        contractor_organisation=OrganisationFactory(municipality=groningen, kind=Organisation.Kind.COMPANY),
    )
    client.force_login(contractor)

    assert client.get(reverse("procurement:contractor_tender", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("procurement:tender_detail", kwargs={"pk": other.pk})).status_code == 404
    listed = [tender for tender, _progress in client.get(reverse("procurement:contractor_tenders")).context["tenders"]]
    assert other not in listed


# ---------------------------------------------------------------- suppliers and purchase requests


def test_fitting_suppliers_count_most_first_and_a_request_goes_through_the_purchase_request_flow(
    client, buyer, tender, contractor, groningen, django_capture_on_commit_callbacks
):
    senl = senl_supplier(organisation=OrganisationFactory(municipality=groningen, name="Aa Sociaal"))
    code = code_supplier(organisation=OrganisationFactory(municipality=groningen, name="Zz Code"))
    for supplier in (senl, code):
        OfferingFactory(supplier=supplier, category=Category.CATERING)
    client.force_login(contractor)

    page = client.get(reverse("procurement:contractor_suggestions", kwargs={"pk": tender.pk}))
    names = [supplier.name for supplier in page.context["suppliers"]]
    assert names.index("Zz Code") < names.index("Aa Sociaal")  # counts fully, before half
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            reverse("procurement:contractor_request_create", kwargs={"pk": tender.pk}),
            {
                "title": "Lunches bouwteam",
                "description": "Lunch voor 20 mensen, drie maanden",
                "category": "catering",
                "budget_min": "2000",
                "budget_max": "6000",
                "deadline": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
            },
        )
    purchase_request = PurchaseRequest.objects.get()
    assert posted["Location"] == purchase_request.get_absolute_url()
    assert (purchase_request.origin, purchase_request.organisation, purchase_request.sroi_tender) == (
        PurchaseRequest.Origin.CONTRACTOR,
        contractor.organisation,
        tender,
    )
    assert purchase_request.counts_towards_sroi
    client.force_login(buyer)  # the municipality's buyer does not run the contractor's request
    assert client.get(purchase_request.get_absolute_url()).status_code == 404
    assert purchase_request not in client.get(reverse("procurement:requests")).context["page_obj"].object_list

    quote = QuoteFactory(purchase_request=purchase_request, supplier=code, price=Decimal("4500"))
    client.force_login(contractor)
    client.post(
        reverse("procurement:quote_award", kwargs={"pk": purchase_request.pk, "quote_pk": quote.pk}),
        {f"award-{quote.pk}-amount": "4500", f"award-{quote.pk}-awarded_on": timezone.localdate().isoformat()},
    )

    realisation = SroiRealisation.objects.get()
    assert (realisation.status, realisation.purchase_request, realisation.amount) == (
        SroiRealisation.Status.SUBMITTED,
        purchase_request,
        Decimal("4500.00"),
    )


def test_the_contractor_pages_keep_their_queries_whatever_their_size(
    client, contractor, groningen, django_assert_max_num_queries
):
    for _ in range(6):
        tender = SroiTenderFactory(municipality=groningen, contractor_organisation=contractor.organisation)
        SroiRealisationFactory(tender=tender)
        SroiRealisationFactory(tender=tender, status=SroiRealisation.Status.SUBMITTED, weight=None)
        OfferingFactory(supplier=code_supplier(), category=Category.CATERING)
    client.force_login(contractor)

    with django_assert_max_num_queries(10):
        client.get(reverse("procurement:contractor_tenders"))
    with django_assert_max_num_queries(14):
        client.get(reverse("procurement:contractor_tender", kwargs={"pk": tender.pk}))
    with django_assert_max_num_queries(14):
        client.get(reverse("procurement:contractor_suggestions", kwargs={"pk": tender.pk}))
    with django_assert_max_num_queries(12):
        client.get(reverse("start"))


# ---------------------------------------------------------------- the weighting rules


def test_a_coordinator_sets_the_rules_and_the_next_check_uses_them(client, coordinator, buyer, tender, contractor):
    supplier = senl_supplier()
    client.force_login(coordinator)
    data = {"code_register": "100", "social_enterprise_nl": "80", "pso_certified": "50", "verified_supplier": "10"}

    bad = client.post(reverse("procurement:sroi_weights"), {**data, "social_enterprise_nl": "120"})
    assert bad.status_code == 200 and not SroiWeight.objects.exists()
    client.post(reverse("procurement:sroi_weights"), data)

    entry = AuditEvent.objects.get(action=AuditAction.SROI_WEIGHTS_CHANGED)
    assert entry.changes["social_enterprise_nl"] == [50, 80]
    realisation = services.sroi_realisation_submit(
        tender=tender,
        actor=contractor,
        supplier=supplier,
        description="Catering",
        amount=Decimal("1000"),
        date=dt.date(2020, 6, 1),
    )
    services.sroi_realisation_accept(realisation=realisation, actor=buyer)
    assert SroiRealisation.objects.get().weight == 80
    client.force_login(contractor)
    page = client.get(reverse("procurement:contractor_tender", kwargs={"pk": tender.pk})).content.decode()
    assert "80%" in page


def test_suppliers_are_told_that_the_contractor_asks_and_awards(
    client, tender, contractor, groningen, django_capture_on_commit_callbacks
):
    supplier = code_supplier(organisation=OrganisationFactory(municipality=groningen, email="keuken@example.nl"))
    OfferingFactory(supplier=supplier, category=Category.CATERING)
    data = {
        "title": "Lunches bouwteam",
        "description": "Lunch voor 20 mensen",
        "category": "catering",
        "budget_min": Decimal("2000"),
        "budget_max": Decimal("6000"),
        "deadline": timezone.localdate() + dt.timedelta(days=14),
    }
    with django_capture_on_commit_callbacks(execute=True):
        purchase_request = services.contractor_request_post(tender=tender, contractor=contractor, data=data)
    assert "Bouwbedrijf Noord BV, opdrachtnemer van de gemeente Groningen" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        services.award_make(
            quote=QuoteFactory(purchase_request=purchase_request, supplier=supplier),
            actor=contractor,
            amount=Decimal("3000"),
        )
    assert mail.outbox[-1].body.startswith("Bouwbedrijf Noord BV heeft de inkoopvraag")


def test_what_a_contractor_awards_counts_as_its_sroi_purchase_not_as_the_municipalitys_spend(
    buyer, tender, contractor, groningen
):
    supplier = code_supplier()
    purchase_request = services.contractor_request_post(
        tender=tender,
        contractor=contractor,
        data={
            "title": "Lunches bouwteam",
            "description": "Lunch",
            "category": "catering",
            "budget_min": Decimal("100"),
            "budget_max": Decimal("5000"),
            "deadline": timezone.localdate() + dt.timedelta(days=14),
        },
    )
    award = services.award_make(
        quote=QuoteFactory(purchase_request=purchase_request, supplier=supplier),
        actor=contractor,
        amount=Decimal("3000"),
    )
    services.sroi_realisation_accept(realisation=SroiRealisation.objects.get(), actor=buyer)

    figures = selectors.procurement_figures(groningen, award.awarded_on.year)
    assert (figures.spend_total, figures.requests_posted) == (Decimal("0.00"), 0)
    assert selectors.spend_with_suppliers(groningen, award.awarded_on.year) == {supplier.pk: Decimal("3000.00")}
