"""Notifications as a person meets them: the count in the header, the list with unread and read, marking read
(only one's own), the choice per kind between straight away, a daily summary or only the portal, e-mail in the
recipient's language, nothing twice for one event, and erasure."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.privacy import erase_personal_data, exporters
from notifications import services
from notifications.events import Delivery, Kind
from notifications.models import Notification, Preference
from notifications.tasks import send_digests
from tests.factories import UserFactory
from tests.notifications.helpers import mails_to

pytestmark = pytest.mark.django_db


def tell(user, key="question:1:new", municipality="Groningen"):
    return services.notify(
        event="question_new",
        key=key,
        recipients=[user],
        params={"municipality": municipality},
        url=reverse("notifications:list"),
    )


def test_the_header_counts_the_unread_notifications_and_the_list_marks_one_read(client, coordinator):
    tell(coordinator, key="a")
    tell(coordinator, key="b")
    client.force_login(coordinator)

    page = client.get(reverse("notifications:list")).content.decode()
    assert 'Meldingen <span class="portal-badge">2<span class="visually-hidden"> ongelezen' in page
    assert page.count("Er is een nieuwe vraag binnengekomen bij het loket van Groningen.</a>") == 2

    first = Notification.objects.filter(recipient=coordinator).first()
    response = client.post(reverse("notifications:read", kwargs={"pk": first.pk}))
    assert response.status_code == 302
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'portal-badge">1<' in page and "Gelezen" in page

    client.post(reverse("notifications:read_all"))
    page = client.get(reverse("notifications:list")).content.decode()
    assert "portal-badge" not in page


def test_nobody_marks_anothers_notification_read(client, coordinator, groningen):
    (notification,) = tell(coordinator)
    client.force_login(UserFactory(role="coordinator", municipality=groningen))
    assert client.post(reverse("notifications:read", kwargs={"pk": notification.pk})).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_header_costs_one_query(client, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    client.get(reverse("notifications:settings"))
    with django_assert_num_queries(0):
        from notifications.context_processors import unread

        counted = unread(type("Request", (), {"user": coordinator})())["unread_notifications"]
    with django_assert_num_queries(1):
        assert counted() == 0
        assert counted() == 0  # counted once, however often the page shows it


def test_one_event_notifies_and_mails_each_recipient_once_in_their_language(
    coordinator, groningen, mailoutbox, django_capture_on_commit_callbacks
):
    english = UserFactory(role="coordinator", municipality=groningen, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        tell(coordinator)
        tell(english)
    with django_capture_on_commit_callbacks(execute=True):
        tell(coordinator)  # the same event again: nothing new
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    (dutch,) = mails_to(mailoutbox, coordinator)
    (in_english,) = mails_to(mailoutbox, english)
    assert "Er is een nieuwe vraag binnengekomen bij het loket van Groningen." in dutch.subject
    assert "Geachte heer/mevrouw," in dutch.body and "/meldingen/instellingen/" in dutch.body
    assert "A new question has come in at the service point of Groningen." in in_english.subject


def test_a_rolled_back_event_leaves_no_notification_and_no_mail(coordinator, mailoutbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        tell(coordinator)
        raise RuntimeError
    assert not Notification.objects.exists() and mailoutbox == []


def test_the_settings_page_keeps_the_choice_per_kind(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Nieuwe vragen aan het loket" in page and "Alleen in het portaal" in page
    data = {kind: Delivery.IMMEDIATELY for kind in Kind.values}
    data[Kind.QUESTIONS_NEW] = Delivery.DAILY
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302
    assert Preference.objects.get(user=coordinator, kind=Kind.QUESTIONS_NEW).delivery == Delivery.DAILY


def test_portal_only_is_not_mailed_and_the_daily_summary_mails_once(
    coordinator, groningen, mailoutbox, django_capture_on_commit_callbacks
):
    services.preferences_save(user=coordinator, choices={Kind.QUESTIONS_NEW: Delivery.DAILY})
    english = UserFactory(role="coordinator", municipality=groningen, language="en")
    services.preferences_save(user=english, choices={Kind.QUESTIONS_NEW: Delivery.DAILY})
    quiet = UserFactory(role="coordinator", municipality=groningen)
    services.preferences_save(user=quiet, choices={Kind.QUESTIONS_NEW: Delivery.PORTAL})
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("one", "two"):
            services.notify(
                event="question_new",
                key=key,
                recipients=[coordinator, english, quiet],
                params={"municipality": "Groningen"},
            )
    assert mailoutbox == []  # nobody wanted it straight away

    assert send_digests.delay().get() == 2
    (summary,) = mails_to(mailoutbox, coordinator)
    assert "Uw dagelijkse overzicht: 2 meldingen" in summary.subject
    assert summary.body.count("Er is een nieuwe vraag binnengekomen bij het loket van Groningen.") == 2
    (in_english,) = mails_to(mailoutbox, english)
    assert "Your daily summary: 2 notifications" in in_english.subject
    assert mails_to(mailoutbox, quiet) == []
    assert Notification.objects.filter(recipient=quiet).count() == 2  # but on their list

    send_digests.delay()
    assert len(mailoutbox) == 2  # each notification is in one summary only


def test_the_summary_job_is_on_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "notifications.send_digests" in tasks


def test_erasure_removes_a_persons_notifications_and_choices(coordinator, council_member):
    tell(coordinator)
    tell(council_member)
    services.preferences_save(user=coordinator, choices={Kind.LETTERS: Delivery.PORTAL})
    with translation.override("en"):
        exported = exporters()["notifications"](coordinator)
    assert exported["notifications"][0]["text"].startswith("A new question")
    erase_personal_data(coordinator)
    assert not Notification.objects.filter(recipient=coordinator).exists()
    assert not Preference.objects.filter(user=coordinator).exists()
    assert Notification.objects.filter(recipient=council_member).count() == 1


def test_a_published_letter_is_on_each_council_members_list(
    groningen, coordinator, council_member, django_capture_on_commit_callbacks, mailoutbox
):
    from reporting import services as reporting_services
    from tests.reporting.factories import letter_about_2020, programme_with_action_lines
    from tests.reporting.permission_table import ready_version

    approver = UserFactory(role="approver", municipality=groningen)
    letter = letter_about_2020(
        programme_with_action_lines(groningen, lines=[(1, "Professionaliseren", "")]), coordinator
    )
    reporting_services.letter_approve(letter=letter, version=ready_version(letter, coordinator), user=approver)
    with django_capture_on_commit_callbacks(execute=True):
        reporting_services.letter_publish(letter=letter, user=coordinator)
    (notification,) = Notification.objects.filter(recipient=council_member)
    assert notification.url == reverse("reporting:published_letter", kwargs={"pk": letter.pk})
    assert "De gemeente Groningen heeft haar raadsbrief over 2020 gepubliceerd" in notification.text
    assert notification.emailed_at is not None and len(mails_to(mailoutbox, council_member)) == 1
    assert not Notification.objects.filter(recipient=coordinator).exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_a_constant_number_of_queries(client, coordinator, count, django_assert_max_num_queries):
    for number in range(count):
        tell(coordinator, key=f"event-{number}")
    client.force_login(coordinator)
    # session, user, the staff's second-factor check, the header's count, the page's count and its rows
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notifications:list")).status_code == 200
