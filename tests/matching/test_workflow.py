"""The match workflow and its rules, through the services: who may do what, e-mails, the audit trail."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from matching import services
from matching.models import Match, MatchEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.matching.factories import BeursvloerFactory, MatchFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(groningen, initiative):
    return NeedFactory(municipality=groningen, organisation=initiative.organisation, help_time=True, help_money=True)


@pytest.fixture
def offer(groningen, entrepreneur):
    return OfferFactory(
        municipality=groningen, organisation=entrepreneur.organisation, help_time=False, help_money=True, euros=500
    )


@pytest.fixture
def proposed(need, offer, initiative, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        match = services.match_propose(need=need, enterprise=offer.organisation, offer=offer, actor=initiative)
    mail.outbox.clear()
    return match


def change(match, to_status, actor, capture, **fields):
    with capture(execute=True):
        return services.match_change_status(match=match, to_status=to_status, actor=actor, **fields)


def test_it_proposes_a_match_and_tells_both_sides(
    need, offer, initiative, entrepreneur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        match = services.match_propose(need=need, enterprise=offer.organisation, offer=offer, actor=initiative)
    assert match.status == Match.Status.SUGGESTED
    assert match.help_kinds == ["money"]  # what is both wanted and offered
    assert sorted(message.to[0] for message in mail.outbox) == sorted([initiative.email, entrepreneur.email])
    assert all(len(message.to) == 1 for message in mail.outbox), "neither side sees the other's address"
    assert any(need.title in message.body for message in mail.outbox)
    [event] = MatchEvent.objects.filter(match=match)
    assert (event.actor, event.from_status, event.to_status) == (initiative, "", "suggested")


def test_it_moves_a_match_through_the_whole_workflow(
    proposed, initiative, entrepreneur, coordinator, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    change(proposed, "preparation", entrepreneur, capture)
    made = change(
        proposed, "made", initiative, capture, hours_given=12, euros_given=Decimal("250.00"), goods_given="Laptops"
    )
    assert (made.hours_given, made.euros_given, made.goods_given) == (12, Decimal("250.00"), "Laptops")
    assert made.made_on is not None and made.prepared_on is not None
    assert made.help_time and made.help_goods
    completed = change(proposed, "completed", coordinator, capture)
    assert completed.status == Match.Status.COMPLETED
    trail = list(MatchEvent.objects.filter(match=proposed).values_list("actor__email", "from_status", "to_status"))
    assert trail == [
        (initiative.email, "", "suggested"),
        (entrepreneur.email, "suggested", "preparation"),
        (initiative.email, "preparation", "made"),
        (coordinator.email, "made", "completed"),
    ]
    assert len(mail.outbox) == 6  # two per change
    assert mail.outbox[-1].subject.endswith(": Afgerond")  # e-mails go out in Dutch


def test_it_lets_only_the_other_side_accept_a_proposal(proposed, initiative, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        change(proposed, "preparation", initiative, django_capture_on_commit_callbacks)
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.SUGGESTED
    assert mail.outbox == []


def test_it_lets_either_side_accept_what_a_coordinator_proposed(
    need, offer, coordinator, initiative, django_capture_on_commit_callbacks
):
    match = services.match_propose(need=need, enterprise=offer.organisation, offer=offer, actor=coordinator)
    assert match.proposed_by_organisation is None
    accepted = change(match, "preparation", initiative, django_capture_on_commit_callbacks)
    assert accepted.status == Match.Status.PREPARATION


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("suggested", "made"),
        ("suggested", "completed"),
        ("preparation", "completed"),
        ("made", "declined"),
        ("completed", "preparation"),
        ("declined", "preparation"),
    ],
)
def test_it_refuses_steps_outside_the_workflow(
    need, offer, coordinator, start, target, django_capture_on_commit_callbacks
):
    match = MatchFactory(need=need, enterprise=offer.organisation, status=start)
    with pytest.raises(ValidationError):
        change(match, target, coordinator, django_capture_on_commit_callbacks)
    match.refresh_from_db()
    assert match.status == start
    assert not MatchEvent.objects.filter(match=match).exists()


def test_it_needs_a_reason_to_decline(proposed, entrepreneur, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as error:
        change(proposed, "declined", entrepreneur, django_capture_on_commit_callbacks, reason="  ")
    assert "reason" in error.value.message_dict
    declined = change(
        proposed, "declined", entrepreneur, django_capture_on_commit_callbacks, reason="Geen tijd dit jaar"
    )
    assert declined.decline_reason == "Geen tijd dit jaar"
    assert any("Geen tijd dit jaar" in message.body for message in mail.outbox)


def test_it_refuses_negative_amounts(proposed, entrepreneur, initiative, django_capture_on_commit_callbacks):
    change(proposed, "preparation", entrepreneur, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        change(proposed, "made", initiative, django_capture_on_commit_callbacks, euros_given=Decimal("-5"))
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PREPARATION


def test_it_refuses_a_second_open_match_for_the_same_pair(proposed, need, offer, coordinator):
    with pytest.raises(ValidationError, match="hebben al een lopende match"):
        services.match_propose(need=need, enterprise=offer.organisation, actor=coordinator)


def test_it_allows_a_new_match_after_the_old_one_was_declined(
    proposed, need, offer, entrepreneur, coordinator, django_capture_on_commit_callbacks
):
    change(proposed, "declined", entrepreneur, django_capture_on_commit_callbacks, reason="Later")
    again = services.match_propose(need=need, enterprise=offer.organisation, actor=coordinator)
    assert again.pk != proposed.pk


def test_it_refuses_a_match_for_a_closed_need(need, offer, initiative, coordinator):
    services.need_change_status(need=need, status="closed", user=initiative)
    with pytest.raises(ValidationError, match="krijgt geen nieuwe match"):
        services.match_propose(need=need, enterprise=offer.organisation, actor=coordinator)
    assert not Match.objects.exists()


def test_it_refuses_a_match_across_municipalities(need, haarlem, coordinator):
    elsewhere = OrganisationFactory(municipality=haarlem, kind="enterprise")
    with pytest.raises(ValidationError, match="dezelfde gemeente"):
        services.match_propose(need=need, enterprise=elsewhere, actor=coordinator)


def test_it_refuses_proposals_from_outsiders(need, offer, other_coordinator, buyer, groningen):
    stranger = UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen))
    for outsider in (other_coordinator, buyer, stranger):
        with pytest.raises(PermissionDenied):
            services.match_propose(need=need, enterprise=offer.organisation, actor=outsider)


def test_it_refuses_changes_by_outsiders(proposed, other_coordinator, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        change(proposed, "declined", other_coordinator, django_capture_on_commit_callbacks, reason="Nee")


def test_it_registers_a_beursvloer_match_as_made_on_the_spot(
    need, entrepreneur, coordinator, groningen, django_capture_on_commit_callbacks
):
    beursvloer = BeursvloerFactory(municipality=groningen)
    with django_capture_on_commit_callbacks(execute=True):
        match = services.beursvloer_register_match(
            beursvloer=beursvloer, actor=coordinator, need=need, enterprise=entrepreneur.organisation, status="made"
        )
    assert (match.status, match.beursvloer, match.made_on is not None) == ("made", beursvloer, True)
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        services.beursvloer_register_match(
            beursvloer=beursvloer,
            actor=coordinator,
            need=need,
            enterprise=entrepreneur.organisation,
            status="completed",
        )


def test_it_sends_mail_to_the_organisation_address_when_it_has_no_members(
    need, coordinator, groningen, django_capture_on_commit_callbacks
):
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise", email="info@bakkerij.nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.match_propose(need=need, enterprise=enterprise, actor=coordinator)
    assert ["info@bakkerij.nl"] in [message.to for message in mail.outbox]


def test_it_lets_an_initiative_pause_close_and_reopen_its_need(need, initiative, entrepreneur):
    services.need_change_status(need=need, status="paused", user=initiative)
    services.need_change_status(need=need, status="closed", user=initiative)
    services.need_change_status(need=need, status="open", user=initiative)
    assert need.status == "open"
    services.need_change_status(need=need, status="paused", user=initiative)
    with pytest.raises(ValidationError):
        services.need_change_status(need=need, status="paused", user=initiative)
    with pytest.raises(PermissionDenied):
        services.need_change_status(need=need, status="closed", user=entrepreneur)
