"""Two buyers award the same quote at the same moment: one award, and a clear message for the other."""

from decimal import Decimal

import pytest
from django.urls import reverse

from procurement import services
from procurement.models import Award, PurchaseRequest, Quote
from tests.races import THREADS, race

from .factories import PurchaseRequestFactory, QuoteFactory


@pytest.mark.django_db(transaction=True)
def test_eight_awards_of_one_quote_at_once_make_one_award_and_seven_clear_refusals(buyer, groningen):
    quote = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen, posted_by=buyer))

    outcomes = race(
        lambda: services.award_make(quote=Quote.objects.get(pk=quote.pk), actor=buyer, amount=Decimal("2500"))
    )

    assert outcomes == {"ok": 1, "Deze offerte is al gegund.": THREADS - 1}
    assert Award.objects.filter(quote=quote).count() == 1
    assert PurchaseRequest.objects.get(pk=quote.purchase_request_id).status == PurchaseRequest.Status.AWARDED


@pytest.mark.django_db(transaction=True)
def test_awards_of_different_quotes_of_one_request_at_once_all_succeed(buyer, groningen):
    purchase_request = PurchaseRequestFactory(municipality=groningen, posted_by=buyer)
    quotes = [QuoteFactory(purchase_request=purchase_request) for _ in range(THREADS)]
    pending = list(reversed(quotes))

    def award_the_next() -> None:
        services.award_make(quote=Quote.objects.get(pk=pending.pop().pk), actor=buyer, amount=Decimal("100"))

    assert race(award_the_next) == {"ok": THREADS}
    assert Award.objects.filter(purchase_request=purchase_request).count() == THREADS


def test_a_second_post_of_the_same_award_shows_that_it_was_awarded_already(client, buyer, groningen):
    quote = QuoteFactory(purchase_request=PurchaseRequestFactory(municipality=groningen, posted_by=buyer))
    url = reverse("procurement:quote_award", kwargs={"pk": quote.purchase_request.pk, "quote_pk": quote.pk})
    data = {f"award-{quote.pk}-amount": "2500", f"award-{quote.pk}-awarded_on": "2020-02-20"}
    client.force_login(buyer)

    first = client.post(url, data)
    second = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nl")

    assert first.status_code == 302
    assert second.status_code == 200
    assert "Deze offerte is al gegund." in second.content.decode()
    assert Award.objects.filter(quote=quote).count() == 1
