"""Four eyes and the council: the one who last changed a letter does not approve it, the audit trail names both,
and publishing tells every council member of the municipality (by e-mail in their language, and on their list)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import audit
from reporting import services
from reporting.models import Letter
from tests.factories import MunicipalityFactory, UserFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines
from tests.reporting.permission_table import ready_version
from tests.reporting.test_views import messages_of
from tests.servers import free_port

pytestmark = pytest.mark.django_db

SAME_PERSON = "U heeft deze brief als laatste gewijzigd; daarom stelt iemand anders hem vast (vier ogen)"


def test_whoever_changes_the_text_a_section_or_generates_a_version_is_the_last_editor(
    small_letter, coordinator, colleague
):
    assert small_letter.last_edited_by == coordinator  # who started it: the draft is theirs

    services.letter_update(letter=small_letter, user=colleague, subject="Anders")
    small_letter.refresh_from_db()
    assert small_letter.last_edited_by == colleague

    line = small_letter.programme.action_lines.get()
    services.section_update(letter=small_letter, action_line=line, body="Tekst.", figure_groups=[], user=coordinator)
    small_letter.refresh_from_db()
    assert small_letter.last_edited_by == coordinator

    services.version_request(letter=small_letter, user=colleague)
    small_letter.refresh_from_db()
    assert small_letter.last_edited_by == colleague


def test_the_same_person_cannot_edit_and_approve(small_letter, coordinator):
    services.letter_update(letter=small_letter, user=coordinator, subject="Update 2020")
    version = ready_version(small_letter, coordinator)

    with pytest.raises(ValidationError) as refused:
        services.letter_approve(letter=small_letter, version=version, user=coordinator)

    assert SAME_PERSON in " ".join(refused.value.messages)
    small_letter.refresh_from_db()
    assert small_letter.status == Letter.Status.DRAFT and small_letter.approved_by is None


def test_a_different_coordinator_approves_and_the_audit_trail_names_both(small_letter, coordinator, colleague):
    version = ready_version(small_letter, coordinator)

    services.letter_approve(letter=small_letter, version=version, user=colleague)

    small_letter.refresh_from_db()
    assert small_letter.status == Letter.Status.APPROVED
    assert (small_letter.approved_by, small_letter.last_edited_by) == (colleague, coordinator)
    entry = audit.entries_of(small_letter).get(changes__has_key="status")
    assert entry.actor == colleague
    assert entry.details["last_edited_by_id"] == coordinator.pk
    assert entry.details["last_edited_by_role"] == "coordinator"


def test_the_letters_page_shows_its_history_with_the_approver_and_the_last_editor(
    client, small_letter, coordinator, colleague
):
    coordinator.name, colleague.name = "Simon Poelstra", "Lotte Dijkstra"
    coordinator.save()
    colleague.save()
    services.letter_approve(letter=small_letter, version=ready_version(small_letter, coordinator), user=colleague)
    client.force_login(coordinator)

    page = client.get(small_letter.get_absolute_url()).content.decode()

    history = page[page.index('id="history-heading"') :]
    row = history[history.index("<tbody>") : history.index("</tbody>")]
    assert "Lotte Dijkstra" in row and "Simon Poelstra" in row
    assert "Status: Concept → Vastgesteld" in row


def test_an_approver_of_the_municipality_approves_but_one_of_another_municipality_cannot(
    client, small_letter, coordinator, approver
):
    version = ready_version(small_letter, coordinator)
    outsider = UserFactory(role="approver", municipality=MunicipalityFactory(name="Haarlem", slug="haarlem"))
    with pytest.raises(ValidationError):
        services.letter_approve(letter=small_letter, version=version, user=outsider)
    client.force_login(approver)

    page = client.get(small_letter.get_absolute_url()).content.decode()
    response = client.post(
        reverse("reporting:letter_approve", kwargs={"pk": small_letter.pk}), {"version": version.pk}, follow=True
    )

    assert "Deze versie vaststellen" in page
    assert reverse("reporting:letter_edit", kwargs={"pk": small_letter.pk}) not in page  # an approver writes nothing
    assert "De brief is vastgesteld" in " ".join(messages_of(response))
    small_letter.refresh_from_db()
    assert small_letter.approved_by == approver


def test_the_approve_button_explains_why_the_last_editor_cannot_approve(client, small_letter, coordinator):
    version = ready_version(small_letter, coordinator)
    client.force_login(coordinator)

    page = client.get(small_letter.get_absolute_url()).content.decode()
    response = client.post(
        reverse("reporting:letter_approve", kwargs={"pk": small_letter.pk}), {"version": version.pk}, follow=True
    )

    assert SAME_PERSON in page
    assert "Deze versie vaststellen" not in page
    assert any(SAME_PERSON in message for message in messages_of(response))
    small_letter.refresh_from_db()
    assert small_letter.status == Letter.Status.DRAFT


def test_publishing_mails_each_council_member_of_the_municipality_once_in_their_language(
    small_letter, coordinator, approver, council_member, mailoutbox, django_capture_on_commit_callbacks
):
    english = UserFactory(role="council", municipality=council_member.municipality, language="en")
    elsewhere = UserFactory(role="council", municipality=MunicipalityFactory(name="Haarlem", slug="haarlem"))
    services.letter_approve(letter=small_letter, version=ready_version(small_letter, coordinator), user=approver)

    with django_capture_on_commit_callbacks(execute=True):
        services.letter_publish(letter=small_letter, user=coordinator)

    by_address = {}
    for message in mailoutbox:
        by_address.setdefault(message.to[0], []).append(message)
    assert sorted(by_address) == sorted([council_member.email, english.email])
    assert elsewhere.email not in by_address
    (dutch,) = by_address[council_member.email]
    (in_english,) = by_address[english.email]
    assert "Nieuwe raadsbrief over 2020" in dutch.subject and "Geacht raadslid," in dutch.body
    assert "New council letter about 2020" in in_english.subject and "Dear council member," in in_english.body
    url = reverse("reporting:published_letter", kwargs={"pk": small_letter.pk})
    assert url in dutch.body and url in in_english.body


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_publishing_still_succeeds(settings, groningen, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    UserFactory(role="council", municipality=groningen)
    letter = letter_about_2020(
        programme_with_action_lines(groningen, lines=[(1, "Professionaliseren", "")]), coordinator
    )
    approver = UserFactory(role="approver", municipality=groningen)
    services.letter_approve(letter=letter, version=ready_version(letter, coordinator), user=approver)

    services.letter_publish(letter=letter, user=coordinator)

    letter.refresh_from_db()
    assert letter.status == Letter.Status.PUBLISHED
    assert "could not be sent" in caplog.text


def test_the_council_list_marks_the_letters_published_since_the_last_visit(
    client, small_letter, coordinator, approver, council_member
):
    client.force_login(council_member)
    url = reverse("reporting:council_letters")
    assert client.get(url).context["new_ids"] == set()  # the first visit, nothing published yet
    services.letter_approve(letter=small_letter, version=ready_version(small_letter, coordinator), user=approver)
    services.letter_publish(letter=small_letter, user=coordinator)

    first = client.get(url)
    again = client.get(url)

    assert first.context["new_ids"] == {small_letter.pk}
    assert "Nieuw" in first.content.decode()
    assert again.context["new_ids"] == set()
    assert "Nieuw" not in again.content.decode()
