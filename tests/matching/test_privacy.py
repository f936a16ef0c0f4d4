import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.audit import entries_of
from matching import services
from matching.models import Deal, Match, Need
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.matching.factories import DealFactory, NeedFactory

pytestmark = pytest.mark.django_db


def test_a_users_needs_are_in_their_download_and_stay_counted_after_erasure(client, initiative, groningen):
    NeedFactory(municipality=groningen, organisation=initiative.organisation, created_by=initiative, title="Speelgoed")
    client.force_login(initiative)

    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    assert [need["title"] for need in data["matching"]["needs_posted"]] == ["Speelgoed"]
    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    need = Need.objects.get()  # it still counts, with its status
    assert (need.title, need.status) == ("—", "open")  # its organisation closed with its last member
    assert initiative.email not in need.created_by.email


def test_with_a_colleague_remaining_the_organisations_need_keeps_its_text_but_not_the_persons_comments(
    client, initiative, groningen, coordinator
):
    UserFactory(role="initiative", organisation=initiative.organisation)
    need = NeedFactory(
        municipality=groningen, organisation=initiative.organisation, created_by=initiative, title="Speelgoed"
    )
    enterprise = OrganisationFactory.create(municipality=groningen, kind="enterprise")
    match = services.match_propose(need=need, enterprise=enterprise, actor=coordinator)
    services.match_change_status(
        match=match, to_status=Match.Status.DECLINED, actor=initiative, reason="Liever niet, Ria"
    )
    client.force_login(initiative)

    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    need.refresh_from_db()
    match.refresh_from_db()
    assert need.title == "Speelgoed"
    assert match.status == Match.Status.DECLINED and match.decline_reason == ""
    assert not match.events.filter(comment__contains="Ria").exists()
    assert not entries_of(match).filter(reason__contains="Ria").exists()


def test_a_closing_social_enterprise_keeps_its_buy_social_deals_counted_without_their_words(
    client, entrepreneur, groningen, coordinator
):
    deal = DealFactory(
        beursvloer__municipality=groningen,
        enterprise=entrepreneur.organisation,
        agreement="Afspraak met Ria over de schoonmaak",
        created_by=coordinator,
    )
    client.force_login(coordinator)
    recorded = json.loads(client.get(reverse("accounts:my_data_download")).content)["matching"]
    assert [each["agreement"] for each in recorded["buy_social_deals_recorded"]] == [deal.agreement]

    client.force_login(entrepreneur)
    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    deal = Deal.objects.get()  # it still counts, with its amount
    assert (deal.agreement, deal.expected_amount) == ("—", Decimal("1000.00"))
