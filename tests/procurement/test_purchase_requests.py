"""A buyer posts a purchase request; fitting verified suppliers hear of it and answer; the buyer shortlists and
awards; the spend adds up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from procurement import selectors, services
from procurement.models import AuditAction, Award, Category, PurchaseRequest, Quote, Supplier
from tests.factories import ThemeFactory

from .factories import AwardFactory, OfferingFactory, PurchaseRequestFactory, QuoteFactory, SupplierFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("procurement:request_create")


def in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def request_data(**overrides) -> dict:
    data = {
        "title": "Lunches voor de impactcafés",
        "description": "Zes bijeenkomsten van 40 mensen.",
        "category": "catering",
        "budget_min": "4000",
        "budget_max": "7500",
        "deadline": in_days(21),
        "counts_towards_sroi": "on",
    }
    data.update(overrides)
    return data


def supplier_offering(category, **fields):
    supplier = SupplierFactory(**fields)
    OfferingFactory(supplier=supplier, category=category)
    return supplier


@pytest.fixture
def suppliers(groningen, haarlem):
    """Who fits a Groningen catering request, and who does not."""
    return {
        "local": supplier_offering(Category.CATERING, organisation__municipality=groningen),
        "nationwide": supplier_offering(
            Category.CATERING, organisation__municipality=haarlem, delivers_nationwide=True
        ),
        "delivers_here": supplier_offering(Category.CATERING, organisation__municipality=haarlem),
        "elsewhere": supplier_offering(Category.CATERING, organisation__municipality=haarlem),
        "other_category": supplier_offering(Category.CLEANING, organisation__municipality=groningen),
        "pending": supplier_offering(
            Category.CATERING, organisation__municipality=groningen, status=Supplier.Status.PENDING
        ),
    }


@pytest.fixture
def delivering(suppliers, groningen):
    suppliers["delivers_here"].delivery_municipalities.add(groningen)
    return suppliers


def test_posting_a_request_tells_every_verified_supplier_whose_category_and_region_fit(
    client, buyer, delivering, django_capture_on_commit_callbacks
):
    client.force_login(buyer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, request_data())

    purchase_request = PurchaseRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == purchase_request.get_absolute_url()
    assert purchase_request.municipality == buyer.municipality and purchase_request.counts_towards_sroi
    told = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted(delivering[key].contact_email for key in ("local", "nationwide", "delivers_here"))
    assert told == expected
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others' addresses
    assert "Lunches voor de impactcafés" in mail.outbox[0].subject
    assert purchase_request.get_absolute_url() in mail.outbox[0].body
    entry = AuditEvent.objects.get(action=AuditAction.REQUEST_POSTED)
    assert entry.details == {"suppliers_told": 3}


def test_members_of_a_supplier_are_written_to_rather_than_the_contact_address(
    entrepreneur, buyer, django_capture_on_commit_callbacks
):
    supplier = supplier_offering(Category.CATERING, organisation=entrepreneur.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        services.purchase_request_post(
            buyer=buyer,
            municipality=buyer.municipality,
            data={
                **request_data(deadline=None, counts_towards_sroi=False),
                "deadline": timezone.localdate() + dt.timedelta(days=3),
            },
        )

    assert [message.to for message in mail.outbox] == [[entrepreneur.email]]
    assert supplier.contact_email not in mail.outbox[0].to


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("deadline", in_days(0)),
        ("deadline", in_days(-5)),
        ("deadline", "31-02-2026"),
        ("budget_min", "-1"),
        ("budget_max", "100"),
        ("budget_max", "1e400"),
        ("category", "weapons"),
        ("title", ""),
        ("title", "x" * 201),
    ],
)
def test_a_bad_request_is_explained_on_the_form_and_nothing_is_stored(client, buyer, field, value):
    client.force_login(buyer)

    response = client.post(CREATE, request_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PurchaseRequest.objects.exists()
    assert mail.outbox == []


def test_a_fitting_supplier_sees_the_request_and_answers_once(
    client, entrepreneur, buyer, groningen, django_capture_on_commit_callbacks
):
    supplier = supplier_offering(Category.CATERING, organisation=entrepreneur.organisation)
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    client.force_login(entrepreneur)

    listed = client.get(reverse("procurement:supplier_requests")).context["page_obj"].object_list
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("procurement:quote_submit", kwargs={"pk": purchase_request.pk}),
            {"message": "Wij verzorgen de lunches.", "price": "4850.00"},
        )
    again = client.post(
        reverse("procurement:quote_submit", kwargs={"pk": purchase_request.pk}), {"message": "Nog eens", "price": "1"}
    )

    assert list(listed) == [purchase_request]
    assert response.status_code == 302
    quote = Quote.objects.get()
    assert (quote.supplier, quote.price, quote.submitted_by) == (supplier, Decimal("4850.00"), entrepreneur)
    assert [message.to for message in mail.outbox] == [[buyer.email]]
    assert "4.850,00" in mail.outbox[0].body
    assert again.status_code == 200 and Quote.objects.count() == 1
    page = client.get(purchase_request.get_absolute_url()).content.decode()
    assert "Wij verzorgen de lunches." in page


@pytest.mark.parametrize("price", ["-10", "abc", "", "99999999999999"])
def test_a_bad_quote_is_explained_and_not_stored(client, entrepreneur, buyer, groningen, price):
    supplier_offering(Category.CATERING, organisation=entrepreneur.organisation)
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    client.force_login(entrepreneur)

    response = client.post(
        reverse("procurement:quote_submit", kwargs={"pk": purchase_request.pk}), {"message": "Graag", "price": price}
    )

    assert response.status_code == 200
    assert response.context["quote_form"].errors
    assert not Quote.objects.exists()


def test_a_supplier_that_does_not_fit_cannot_see_or_answer_the_request(client, entrepreneur, buyer, groningen):
    supplier_offering(Category.CLEANING, organisation=entrepreneur.organisation)
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    client.force_login(entrepreneur)

    assert client.get(purchase_request.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("procurement:quote_submit", kwargs={"pk": purchase_request.pk}), {"message": "x", "price": "1"}
    )
    assert response.status_code == 404
    assert not Quote.objects.exists()


def test_no_quotes_after_the_deadline(entrepreneur, buyer, groningen):
    supplier = supplier_offering(Category.CATERING, organisation=entrepreneur.organisation)
    purchase_request = PurchaseRequestFactory(
        municipality=groningen, posted_by=buyer, deadline=timezone.localdate() - dt.timedelta(days=1)
    )

    with pytest.raises(ValidationError):
        services.quote_submit(
            purchase_request=purchase_request, supplier=supplier, user=entrepreneur, message="Te laat", price=1
        )
    assert list(selectors.open_requests_for_supplier(supplier)) == []


def test_the_buyer_shortlists_and_awards_two_suppliers_who_answered(
    client, buyer, groningen, django_capture_on_commit_callbacks
):
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    lunch = QuoteFactory(purchase_request=purchase_request, price=Decimal("4850"))
    bread = QuoteFactory(purchase_request=purchase_request, price=Decimal("1200"))
    client.force_login(buyer)

    client.post(
        reverse("procurement:quote_shortlist", kwargs={"pk": purchase_request.pk, "quote_pk": lunch.pk}),
        {"shortlisted": "1"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        for quote, amount in [(lunch, "4850.00"), (bread, "1200.00")]:
            response = client.post(
                reverse("procurement:quote_award", kwargs={"pk": purchase_request.pk, "quote_pk": quote.pk}),
                {f"award-{quote.pk}-amount": amount, f"award-{quote.pk}-awarded_on": "2020-02-20"},
            )
            assert response.status_code == 302

    purchase_request.refresh_from_db()
    lunch.refresh_from_db()
    assert lunch.shortlisted
    assert purchase_request.status == PurchaseRequest.Status.AWARDED
    assert sorted(Award.objects.values_list("amount", flat=True)) == [Decimal("1200.00"), Decimal("4850.00")]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [lunch.supplier.contact_email, bread.supplier.contact_email]
    )
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "actor"))
    assert actions == [
        (AuditAction.QUOTE_SHORTLISTED, buyer.pk),
        (AuditAction.AWARD_MADE, buyer.pk),
        (AuditAction.AWARD_MADE, buyer.pk),
    ]
    assert (
        AuditEvent.objects.filter(action=AuditAction.AWARD_MADE).order_by("pk").first().details["amount"] == "4850.00"
    )
    page = client.get(purchase_request.get_absolute_url())
    assert page.context["awards_total"] == Decimal("6050.00")


@pytest.mark.parametrize("amount", ["-1", "", "twee"])
def test_a_bad_award_is_explained_and_not_stored(client, buyer, groningen, amount):
    quote = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen, posted_by=buyer))
    client.force_login(buyer)

    response = client.post(
        reverse("procurement:quote_award", kwargs={"pk": quote.purchase_request.pk, "quote_pk": quote.pk}),
        {f"award-{quote.pk}-amount": amount, f"award-{quote.pk}-awarded_on": "2020-02-20"},
    )

    assert response.status_code == 200
    assert dict(response.context["quotes"])[quote].errors["amount"]
    assert not Award.objects.exists()


def test_a_quote_is_awarded_once_and_a_cancelled_request_not_at_all(buyer, groningen):
    quote = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen, posted_by=buyer))
    services.award_make(quote=quote, actor=buyer, amount=Decimal("10"))
    with pytest.raises(ValidationError):
        services.award_make(quote=quote, actor=buyer, amount=Decimal("10"))

    cancelled = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen, posted_by=buyer))
    services.purchase_request_change_status(
        purchase_request=cancelled.purchase_request, to=PurchaseRequest.Status.CANCELLED, actor=buyer
    )
    with pytest.raises(ValidationError):
        services.award_make(quote=cancelled, actor=buyer, amount=Decimal("10"))
    with pytest.raises(ValidationError):
        services.purchase_request_change_status(
            purchase_request=cancelled.purchase_request, to=PurchaseRequest.Status.OPEN, actor=buyer
        )


def test_the_buyer_of_another_municipality_cannot_award(client, groningen, haarlem):
    from tests.factories import UserFactory

    outsider = UserFactory(role="buyer", municipality=haarlem)
    quote = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen))
    client.force_login(outsider)

    response = client.post(
        reverse("procurement:quote_award", kwargs={"pk": quote.purchase_request.pk, "quote_pk": quote.pk}),
        {f"award-{quote.pk}-amount": "10", f"award-{quote.pk}-awarded_on": "2020-02-20"},
    )

    assert response.status_code == 404
    assert not Award.objects.exists()


def test_a_quote_of_another_request_cannot_be_awarded_through_this_one(client, buyer, groningen):
    mine = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    other = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen, posted_by=buyer))
    client.force_login(buyer)

    response = client.post(
        reverse("procurement:quote_award", kwargs={"pk": mine.pk, "quote_pk": other.pk}),
        {f"award-{other.pk}-amount": "10", f"award-{other.pk}-awarded_on": "2020-02-20"},
    )

    assert response.status_code == 404


def test_the_spend_with_impact_suppliers_adds_up_per_year_and_per_theme(groningen, haarlem):
    work, food = ThemeFactory(code="work"), ThemeFactory(code="food")
    both = SupplierFactory()
    both.themes.set([work, food])
    only_work = SupplierFactory()
    only_work.themes.set([work])
    for supplier, amount, day in [
        (both, "4850.00", dt.date(2020, 2, 20)),
        (only_work, "1200.00", dt.date(2020, 10, 1)),
        (only_work, "999.00", dt.date(2021, 1, 5)),
    ]:
        AwardFactory(
            quote__purchase_request__municipality=groningen,
            quote__supplier=supplier,
            amount=Decimal(amount),
            awarded_on=day,
        )
    AwardFactory(quote__purchase_request__municipality=haarlem, quote__supplier=both, amount=Decimal("7"))

    per_year = selectors.spend_per_year(groningen)
    per_theme = selectors.spend_per_theme(groningen, 2020)

    assert [(row["year"], row["amount"], row["awards"]) for row in per_year] == [
        (2020, Decimal("6050.00"), 2),
        (2021, Decimal("999.00"), 1),
    ]
    assert [(row["theme"].code, row["amount"]) for row in per_theme] == [
        ("work", Decimal("6050.00")),
        ("food", Decimal("4850.00")),
    ]


def test_the_request_list_is_paginated_in_a_constant_number_of_queries(
    client, buyer, groningen, django_assert_max_num_queries
):
    client.force_login(buyer)

    def add(count):
        for _ in range(count):
            quote = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen, posted_by=buyer))
            AwardFactory(quote=quote)

    add(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("procurement:requests"))
    add(25)
    with django_assert_max_num_queries(12) as many:
        response = client.get(reverse("procurement:requests"))

    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["page_obj"].object_list) == 20


def test_the_request_page_takes_a_constant_number_of_queries_for_its_quotes(
    client, buyer, groningen, django_assert_max_num_queries
):
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    client.force_login(buyer)

    QuoteFactory(purchase_request=purchase_request)
    with django_assert_max_num_queries(12) as few:
        client.get(purchase_request.get_absolute_url())
    for _ in range(10):
        AwardFactory(quote=QuoteFactory(purchase_request=purchase_request))
    with django_assert_max_num_queries(12) as many:
        client.get(purchase_request.get_absolute_url())

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_buyer_cancels_an_open_request(client, buyer, groningen):
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    client.force_login(buyer)

    client.post(reverse("procurement:request_cancel", kwargs={"pk": purchase_request.pk}))
    second = client.post(reverse("procurement:request_cancel", kwargs={"pk": purchase_request.pk}), follow=True)

    purchase_request.refresh_from_db()
    assert purchase_request.status == PurchaseRequest.Status.CANCELLED
    assert AuditEvent.objects.filter(action=AuditAction.REQUEST_CANCELLED).count() == 1
    assert second.status_code == 200


def test_the_request_list_counts_quotes_and_sums_awards_without_double_counting(client, buyer, groningen):
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    quotes = [QuoteFactory(purchase_request=purchase_request) for _ in range(3)]
    AwardFactory(quote=quotes[0], amount=Decimal("100.00"))
    AwardFactory(quote=quotes[1], amount=Decimal("50.00"))
    client.force_login(buyer)

    [listed] = client.get(reverse("procurement:requests")).context["page_obj"].object_list

    assert (listed.quote_count, listed.awarded_amount) == (3, Decimal("150.00"))
