"""Work without movement: reminded once, closed after the municipality's period, reopened by its owner; the
coordinator's lists of stale needs and matches with their bulk close."""

import datetime as dt

import pytest
from django.core import mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Municipality, User
from core.models import AuditEvent
from matching import selectors, services, tasks
from matching.models import ListingStatus, Match, MatchEvent, Need, Offer
from notifications.models import Notification, Preference
from tests.factories import OrganisationFactory, UserFactory
from tests.matching.factories import MatchFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 29, 6, 0, tzinfo=dt.UTC)
QUIET_SINCE = NOW - dt.timedelta(days=61)


def quiet(queryset: QuerySet, since=QUIET_SINCE) -> None:
    queryset.update(updated_at=since)


def run(now=NOW, capture=None):
    with capture(execute=True):
        return services.stale_work_run(now=now)


@pytest.fixture
def need(groningen, initiative):
    need = NeedFactory(municipality=groningen, organisation=initiative.organisation, title="Hulp bij de moestuin")
    quiet(Need.objects.filter(pk=need.pk))
    return need


def test_it_reminds_the_owner_once_of_a_need_without_movement(need, initiative, django_capture_on_commit_callbacks):
    first = run(capture=django_capture_on_commit_callbacks)
    assert first.reminded == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [initiative.email]
    assert "Hulp bij de moestuin" in mail.outbox[0].body
    assert "60 dagen" in mail.outbox[0].body  # Dutch: the initiative's language
    need.refresh_from_db()
    assert need.stale_reminded_at == NOW and need.updated_at == QUIET_SINCE  # a reminder is no movement
    second = run(NOW + dt.timedelta(days=1), capture=django_capture_on_commit_callbacks)
    assert (second.reminded, second.closed) == (0, 0)
    assert len(mail.outbox) == 1


def test_it_leaves_work_that_moved_alone(groningen, initiative, django_capture_on_commit_callbacks):
    NeedFactory(municipality=groningen, organisation=initiative.organisation)  # changed just now
    busy = NeedFactory(municipality=groningen, organisation=initiative.organisation)
    quiet(Need.objects.filter(pk=busy.pk))
    MatchFactory(need=busy)  # its match moved
    assert run(capture=django_capture_on_commit_callbacks).reminded == 0
    assert not Need.objects.filter(stale_reminded_at__isnull=False).exists()


def test_it_closes_after_the_period_with_the_reason_and_the_owner_undoes_it(
    client, need, initiative, django_capture_on_commit_callbacks
):
    run(capture=django_capture_on_commit_callbacks)
    assert run(NOW + dt.timedelta(days=29), capture=django_capture_on_commit_callbacks).closed == 0
    closing = run(NOW + dt.timedelta(days=30), capture=django_capture_on_commit_callbacks)
    assert closing.closed == 1
    need.refresh_from_db()
    assert need.status == ListingStatus.CLOSED and need.closed_for_lack_of_movement
    entry = AuditEvent.objects.filter(object_id=need.pk, reason="Gesloten wegens gebrek aan beweging").get()
    assert entry.changes["status"] == ["open", "closed"]
    assert "gesloten" in mail.outbox[-1].subject.lower() and need.get_absolute_url() in mail.outbox[-1].body
    client.force_login(initiative)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Heropenen (ongedaan maken)" in page
    response = client.post(reverse("matching:need_reopen", args=[need.pk]), follow=True)
    assert "Heropend" in response.content.decode()
    need.refresh_from_db()
    assert need.status == ListingStatus.OPEN and need.stale_closed_at is None and need.stale_reminded_at is None
    assert need.updated_at > NOW  # the clock starts again


def test_it_restarts_the_clock_when_reminded_work_moves(need, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    MatchFactory(need=need)  # something moves after the reminder
    later = run(NOW + dt.timedelta(days=31), capture=django_capture_on_commit_callbacks)
    assert later.closed == 0 and later.restarted == 1
    need.refresh_from_db()
    assert need.status == ListingStatus.OPEN and need.stale_reminded_at is None


def test_it_uses_the_municipalitys_periods(groningen, need, django_capture_on_commit_callbacks):
    groningen.stale_reminder_days = 90
    groningen.save()
    assert run(capture=django_capture_on_commit_callbacks).reminded == 0
    groningen.stale_reminder_days, groningen.stale_close_days = 30, 5
    groningen.save()
    run(capture=django_capture_on_commit_callbacks)
    assert run(NOW + dt.timedelta(days=5), capture=django_capture_on_commit_callbacks).closed == 1


def test_it_reminds_an_offers_members_in_the_summary_when_they_chose_it(
    groningen, entrepreneur, django_capture_on_commit_callbacks
):
    offer = OfferFactory(municipality=groningen, organisation=entrepreneur.organisation)
    quiet(Offer.objects.filter(pk=offer.pk))
    Preference.objects.create(user=entrepreneur, kind="stale_work", delivery="daily")
    run(capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=entrepreneur, event="stale_reminder")
    assert notification.url == offer.get_absolute_url()
    assert "30 dagen" in notification.text


def demo_like(groningen, count=42):
    """Like the demo: a coordinator's matches in preparation since September 2020, and corona-period needs."""
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    initiative = UserFactory(
        role="initiative", organisation=OrganisationFactory(municipality=groningen, kind="initiative")
    )
    enterprises = [OrganisationFactory(municipality=groningen, kind="enterprise") for _ in range(3)]
    entrepreneurs = [UserFactory(role="entrepreneur", organisation=enterprise) for enterprise in enterprises]
    september_2020 = dt.datetime(2020, 9, 15, 12, tzinfo=dt.UTC)
    for n in range(count):
        need = NeedFactory(municipality=groningen, organisation=initiative.organisation, title=f"Coronahulp {n}")
        MatchFactory(
            need=need,
            enterprise=enterprises[n % 3],
            status=Match.Status.PREPARATION,
            proposed_by=coordinator,
            proposed_by_organisation=None,
        )
    quiet(Need.objects.all(), september_2020)
    quiet(Match.objects.all(), september_2020)
    return coordinator, initiative, entrepreneurs


def test_closing_keeps_the_figures_of_the_years_before(groningen, django_capture_on_commit_callbacks):
    demo_like(groningen)
    Match.objects.update(prepared_on=dt.date(2020, 9, 24))
    before = (selectors.match_figures(groningen, 2020).in_preparation, selectors.matches_per_year(groningen))
    run(capture=django_capture_on_commit_callbacks)
    assert run(NOW + dt.timedelta(days=30), capture=django_capture_on_commit_callbacks).closed == 84
    after = (selectors.match_figures(groningen, 2020).in_preparation, selectors.matches_per_year(groningen))
    assert before == after and before[0] == 42


def test_the_demos_2020_work_is_reminded_per_person_then_closed_and_one_is_undone(
    client, groningen, django_capture_on_commit_callbacks
):
    coordinator, initiative, entrepreneurs = demo_like(groningen)
    first = run(capture=django_capture_on_commit_callbacks)
    assert first.reminded == 42 + 42
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([coordinator.email, initiative.email, *(e.email for e in entrepreneurs)])
    coordinators_mail = next(message for message in mail.outbox if message.to == [coordinator.email])
    assert coordinators_mail.body.count("Coronahulp") == 42  # one e-mail listing them all
    mail.outbox.clear()

    assert run(NOW + dt.timedelta(days=10), capture=django_capture_on_commit_callbacks).reminded == 0
    assert mail.outbox == []

    closing = run(NOW + dt.timedelta(days=30), capture=django_capture_on_commit_callbacks)
    assert closing.closed == 84
    assert len(mail.outbox) == 5
    assert not Match.objects.exclude(status=Match.Status.DECLINED).exists()
    assert set(Match.objects.values_list("decline_reason", flat=True)) == {"Gesloten wegens gebrek aan beweging"}
    assert not Need.objects.exclude(status=ListingStatus.CLOSED).exists()
    assert MatchEvent.objects.filter(to_status="declined", comment="Gesloten wegens gebrek aan beweging").count() == 42

    match = Match.objects.first()
    client.force_login(entrepreneurs[0] if match.enterprise_id == entrepreneurs[0].organisation_id else initiative)
    client.post(reverse("matching:match_reopen", args=[match.pk]))
    match.refresh_from_db()
    assert match.status == Match.Status.PREPARATION and match.decline_reason == "" and match.stale_closed_at is None


def test_the_beat_task_runs_the_job(need, django_capture_on_commit_callbacks, settings):
    assert "matching.remind_and_close_stale_work" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.remind_and_close_stale_work.delay().get()
    assert result["reminded"] == 1


def test_only_the_owner_may_reopen(client, need, entrepreneur, coordinator, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    run(NOW + dt.timedelta(days=30), capture=django_capture_on_commit_callbacks)
    for outsider in (entrepreneur, coordinator):
        client.force_login(outsider)
        assert "Heropenen" not in client.get(need.get_absolute_url()).content.decode()
        assert client.post(reverse("matching:need_reopen", args=[need.pk])).status_code == 404
    need.refresh_from_db()
    assert need.status == ListingStatus.CLOSED


def test_a_need_closed_by_its_owner_cannot_be_undone_as_stale(client, need, initiative):
    services.need_change_status(need=need, status=ListingStatus.CLOSED, user=initiative)
    client.force_login(initiative)
    assert client.post(reverse("matching:need_reopen", args=[need.pk])).status_code == 404
    need.refresh_from_db()
    assert need.status == ListingStatus.CLOSED


# ---------------------------------------------------------------- the coordinator's lists and the bulk close


def stale_needs(groningen, count, **fields):
    needs = [NeedFactory(municipality=groningen, title=f"Stil {n}", **fields) for n in range(count)]
    quiet(Need.objects.filter(pk__in=[need.pk for need in needs]), timezone.now() - dt.timedelta(days=61))
    return needs


def test_the_coordinator_closes_the_ticked_needs_with_a_reason(
    client, coordinator, groningen, initiative, django_capture_on_commit_callbacks
):
    needs = stale_needs(groningen, 3, organisation=initiative.organisation)
    client.force_login(coordinator)
    url = reverse("matching:stale_needs")
    assert "Stil 2" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"selected": [needs[0].pk, needs[1].pk], "reason": "Na de zomer opgeschoond"})
    assert response.status_code == 302
    assert list(Need.objects.filter(status="closed").order_by("pk")) == needs[:2]
    assert AuditEvent.objects.filter(reason="Na de zomer opgeschoond", actor=coordinator).count() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [initiative.email]  # one e-mail for both
    assert "Na de zomer opgeschoond" in mail.outbox[0].body


def test_select_all_closes_every_page_of_the_list(client, coordinator, groningen, settings):
    stale_needs(groningen, 30)  # more than one page
    NeedFactory(municipality=groningen, title="Druk")  # not on the list: stays open
    client.force_login(coordinator)
    url = reverse("matching:stale_needs")
    assert "Alle 30 selecteren" in client.get(url).content.decode()
    client.post(url, {"all": "on", "reason": "Opruimen"})
    assert Need.objects.filter(status="closed").count() == 30
    assert Need.objects.get(title="Druk").status == "open"


def test_bulk_close_without_a_reason_or_a_selection_changes_nothing(client, coordinator, groningen):
    needs = stale_needs(groningen, 2)
    client.force_login(coordinator)
    url = reverse("matching:stale_needs")
    no_reason = client.post(url, {"selected": [needs[0].pk], "reason": " "})
    assert no_reason.status_code == 400
    nothing = client.post(url, {"reason": "Opruimen"})
    assert "Vink de rijen aan" in nothing.content.decode()
    garbage = client.post(url, {"selected": ["x"], "reason": "Opruimen"})
    assert garbage.status_code == 400
    assert not Need.objects.filter(status="closed").exists()


def test_bulk_close_never_touches_another_municipality(client, coordinator, haarlem):
    theirs = NeedFactory(municipality=haarlem)
    quiet(Need.objects.filter(pk=theirs.pk))
    client.force_login(coordinator)
    client.post(reverse("matching:stale_needs"), {"selected": [theirs.pk], "all": "on", "reason": "Weg"})
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_the_coordinator_bulk_closes_stale_matches_and_a_side_reopens_one(client, coordinator, groningen, initiative):
    matches = [
        MatchFactory(need=NeedFactory(municipality=groningen, organisation=initiative.organisation), status="suggested")
        for _ in range(2)
    ]
    quiet(Match.objects.all(), timezone.now() - dt.timedelta(days=61))
    client.force_login(coordinator)
    client.post(reverse("matching:stale_matches"), {"all": "on", "reason": "Geen reactie"})
    assert set(Match.objects.values_list("status", flat=True)) == {"declined"}
    client.force_login(initiative)
    page = client.get(matches[0].get_absolute_url()).content.decode()
    assert "Heropenen (ongedaan maken)" in page
    client.post(reverse("matching:match_reopen", args=[matches[0].pk]))
    matches[0].refresh_from_db()
    assert matches[0].status == "suggested"


def test_the_stale_lists_keep_a_constant_number_of_queries(
    client, coordinator, groningen, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for count in (1, 15):
        stale_needs(groningen, count)
        for name in ("matching:stale_needs", "matching:stale_matches"):
            with django_assert_max_num_queries(10):
                assert client.get(reverse(name)).status_code == 200


# ---------------------------------------------------------------- on the demo data


@pytest.fixture
def demo_matching():
    from accounts.demo import seed_accounts
    from matching.demo import seed_matching

    seed_accounts()
    seed_matching()


def test_on_the_demo_the_2020_work_is_reminded_in_one_mail_per_person_then_closed(
    client, demo_matching, django_capture_on_commit_callbacks
):
    groningen = Municipality.objects.get(slug="groningen")
    in_preparation = selectors.match_figures(groningen, 2020).in_preparation
    now = timezone.now()
    first = run(now, capture=django_capture_on_commit_callbacks)
    assert first.reminded >= 42
    recipients = [address for message in mail.outbox for address in message.to]
    assert len(recipients) == len(set(recipients))  # nobody gets two
    assert recipients.count("coordinator@impactportaal.test") == 1
    mail.outbox.clear()
    assert run(now + dt.timedelta(days=1), capture=django_capture_on_commit_callbacks).reminded == 0
    closing = run(now + dt.timedelta(days=30), capture=django_capture_on_commit_callbacks)
    assert closing.closed == first.reminded
    assert not Match.objects.filter(municipality=groningen, status=Match.Status.PREPARATION, prepared_on__year=2020)
    assert selectors.match_figures(groningen, 2020).in_preparation == in_preparation  # the letter's figure stays


def test_the_demo_initiative_can_reopen_its_need_closed_for_lack_of_movement(client, demo_matching):
    need = Need.objects.get(title="Kerstpakketten inpakken met de buurt")
    client.force_login(User.objects.get(email="initiatief@impactportaal.test"))
    assert "Heropenen (ongedaan maken)" in client.get(need.get_absolute_url()).content.decode()
