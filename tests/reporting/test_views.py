"""The pages as coordinators, council members and the public use them."""

import datetime as dt

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import Letter, LetterSection, LetterVersion
from tests.factories import MunicipalityFactory, UserFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines
from tests.reporting.permission_table import ONE_LINE, published, ready_version
from tests.reporting.test_services import unreachable_broker  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# ---------------------------------------------------------------- starting and editing


def test_a_coordinator_starts_the_letter_of_a_programme_and_year(client, coordinator, programme):
    client.force_login(coordinator)

    response = client.post(reverse("reporting:letter_create"), {"programme": programme.pk, "year": 2020}, follow=True)

    letter = Letter.objects.get()
    assert response.redirect_chain[-1][0] == letter.get_absolute_url()
    assert "De brief is begonnen" in response.content.decode()
    assert letter.sections.count() == 6


@pytest.mark.parametrize(
    "data, message",
    [
        ({"year": 2030}, "Kies een jaar binnen de looptijd van het programma."),
        ({"year": "twintig"}, None),
        ({"year": 2020}, "Dit programma heeft al een brief over dit jaar."),
        ({"year": ""}, None),
    ],
)
def test_starting_a_letter_with_bad_input_says_why_and_stores_nothing(client, coordinator, letter, data, message):
    client.force_login(coordinator)

    response = client.post(reverse("reporting:letter_create"), {"programme": letter.programme.pk, **data})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert message is None or message in response.content.decode()
    assert Letter.objects.count() == 1


def test_a_coordinator_cannot_start_a_letter_for_another_municipalitys_programme(client, other_coordinator, programme):
    client.force_login(other_coordinator)

    response = client.post(reverse("reporting:letter_create"), {"programme": programme.pk, "year": 2020})

    assert response.status_code == 200
    assert Letter.objects.count() == 0


def test_editing_the_letterhead_with_bad_input_changes_nothing(client, coordinator, letter):
    client.force_login(coordinator)
    url = reverse("reporting:letter_edit", kwargs={"pk": letter.pk})

    response = client.post(url, {"subject": "", "author_name": "S. Poelstra", "letter_date": "32-13-2020"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"subject", "letter_date"}
    letter.refresh_from_db()
    assert letter.author_name != "S. Poelstra"


def test_a_coordinator_saves_the_letterhead_and_narrative(client, coordinator, letter):
    client.force_login(coordinator)
    data = {
        "subject": "Update actieprogramma 2020",
        "author_name": "Simon Poelstra",
        "phone": "06-11380588",
        "attachments": "-",
        "letter_date": "2020-12-02",
        "introduction": "Het **actieprogramma** vormt de basis.",
        "developments": "Wij kwamen tot zes actielijnen:",
        "closing": "Tot ziens.",
    }

    response = client.post(reverse("reporting:letter_edit", kwargs={"pk": letter.pk}), data)

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.subject, letter.letter_date) == ("Update actieprogramma 2020", dt.date(2020, 12, 2))


def test_a_coordinator_chooses_the_figures_of_an_action_line_and_writes_its_narrative(client, coordinator, letter):
    client.force_login(coordinator)
    line = letter.programme.action_lines.get(number=2)
    url = reverse("reporting:section_edit", kwargs={"pk": letter.pk, "action_line_pk": line.pk})

    bad = client.post(url, {"figure_groups": ["activities", "weather"], "body": "Tekst"})
    good = client.post(url, {"figure_groups": ["matches"], "body": "Er zijn [[matches_made]] matches."})

    assert bad.status_code == 200 and bad.context["form"].errors["figure_groups"]
    assert good.status_code == 302
    section = LetterSection.objects.get(letter=letter, action_line=line)
    assert section.figure_groups == ["matches"]
    assert section.body == "Er zijn [[matches_made]] matches."


def test_an_action_line_of_another_programme_is_not_found(client, coordinator, letter, groningen):
    other = programme_with_action_lines(groningen, lines=ONE_LINE)
    client.force_login(coordinator)

    response = client.get(
        reverse("reporting:section_edit", kwargs={"pk": letter.pk, "action_line_pk": other.action_lines.get().pk})
    )

    assert response.status_code == 404


def test_the_live_preview_shows_unsaved_text_with_its_figures_escaped(client, coordinator, letter):
    client.force_login(coordinator)
    line = letter.programme.action_lines.get(number=1)
    draft = LetterSection.objects.get(letter=letter, action_line=line).body

    response = client.post(
        reverse("reporting:preview_fragment", kwargs={"pk": letter.pk}),
        {
            "action_line": line.pk,
            "figure_groups": ["activities"],
            "body": "**[[line1_activities_held]]** bijeenkomsten <script>alert(1)</script> [[no_such_figure]]",
        },
        **HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html  # only the letter, for the preview
    assert '<strong><span class="letter-figure" data-figure="line1_activities_held">0</span></strong>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "letter-figure--unknown" in html
    assert LetterSection.objects.get(letter=letter, action_line=line).body == draft


def test_the_preview_without_htmx_is_the_editors_page_with_the_unsaved_text(client, coordinator, letter):
    client.force_login(coordinator)
    url = reverse("reporting:preview_fragment", kwargs={"pk": letter.pk})

    response = client.post(url, {"subject": letter.subject, "introduction": "Nog niet opgeslagen inleiding."})

    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert page.count("Nog niet opgeslagen inleiding.") == 2  # in the form and in the preview
    assert 'hx-post="' + url + '"' in page
    letter.refresh_from_db()
    assert letter.introduction != "Nog niet opgeslagen inleiding."


# ---------------------------------------------------------------- the PDF job


@pytest.mark.django_db(transaction=True)  # the job is enqueued when the request's transaction commits
def test_generating_the_pdf_shows_the_version_ready_and_it_downloads(client, coordinator, small_letter):
    client.force_login(coordinator)

    response = client.post(reverse("reporting:version_generate", kwargs={"pk": small_letter.pk}), follow=True)

    page = response.content.decode()
    version = LetterVersion.objects.get()
    assert "De pdf is klaar: versie 1." in messages_of(response)
    assert "Klaar" in page
    download = client.get(reverse("reporting:version_download", kwargs={"pk": version.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    row = client.get(reverse("reporting:version_progress", kwargs={"pk": version.pk}), **HTMX).content.decode()
    assert row.lstrip().startswith(f'<tr class="reporting-job" id="job-{version.pk}">')  # no longer polls
    assert "Klaar" in row and reverse("reporting:version_download", kwargs={"pk": version.pk}) in row
    assert 'id="job-announcement" hx-swap-oob="innerHTML">Versie 1: Klaar</p>' in row


def test_a_running_job_is_asked_after_every_two_seconds_until_it_is_finished(client, coordinator, small_letter):
    client.force_login(coordinator)
    version = services.version_request(letter=small_letter, user=coordinator)  # queued, never run here
    url = reverse("reporting:version_progress", kwargs={"pk": version.pk})

    page = client.get(small_letter.get_absolute_url()).content.decode()
    row = client.get(url, **HTMX)
    whole = client.get(url)

    polling = f'hx-get="{url}" hx-trigger="every 2s" hx-swap="outerHTML"'
    assert polling in page
    assert row.status_code == 200 and "<html" not in row.content.decode()
    assert polling in row.content.decode() and "In de wachtrij" in row.content.decode()
    assert "job-announcement" not in row.content.decode()  # nothing to announce yet
    assert row["Cache-Control"].startswith("max-age=0")
    assert whole.status_code == 200 and "<html" in whole.content.decode() and polling in whole.content.decode()

    LetterVersion.objects.filter(pk=version.pk).update(
        status=LetterVersion.Status.FAILED, failure=LetterVersion.Failure.UNEXPECTED
    )
    failed = client.get(url, **HTMX).content.decode()
    assert "hx-trigger" not in failed and "Mislukt" in failed
    assert reverse("reporting:version_retry", kwargs={"pk": version.pk}) in failed


def test_another_municipalitys_coordinator_gets_no_job_row(client, coordinator, small_letter, haarlem):
    version = services.version_request(letter=small_letter, user=coordinator)
    client.force_login(UserFactory(role="coordinator", municipality=haarlem))

    response = client.get(reverse("reporting:version_progress", kwargs={"pk": version.pk}), **HTMX)

    assert response.status_code == 404


def test_a_job_that_has_run_for_twenty_minutes_is_no_longer_asked_after(client, coordinator, small_letter):
    client.force_login(coordinator)
    version = services.version_request(letter=small_letter, user=coordinator)
    LetterVersion.objects.filter(pk=version.pk).update(created_at=version.created_at - dt.timedelta(minutes=21))

    row = client.get(reverse("reporting:version_progress", kwargs={"pk": version.pk}), **HTMX).content.decode()

    assert "In de wachtrij" in row and "hx-trigger" not in row


@pytest.mark.django_db(transaction=True)
def test_when_the_job_cannot_be_queued_the_page_says_so_and_offers_to_try_again(
    client,
    coordinator,
    small_letter,
    unreachable_broker,  # noqa: F811
):
    client.force_login(coordinator)

    response = client.post(reverse("reporting:version_generate", kwargs={"pk": small_letter.pk}), follow=True)

    assert any("kon niet in de wachtrij worden gezet" in message for message in messages_of(response))
    version = LetterVersion.objects.get()
    assert version.status == LetterVersion.Status.FAILED and not version.file
    assert reverse("reporting:version_retry", kwargs={"pk": version.pk}) in response.content.decode()


def test_a_pdf_that_is_not_ready_is_not_downloadable(client, coordinator, small_letter):
    client.force_login(coordinator)
    version = services.version_request(letter=small_letter, user=coordinator)  # queued, never run here

    response = client.get(reverse("reporting:version_download", kwargs={"pk": version.pk}))

    assert response.status_code == 404


# ---------------------------------------------------------------- approval, publication, reading


def test_approving_without_a_version_says_what_to_do(client, coordinator, letter):
    client.force_login(coordinator)

    response = client.post(reverse("reporting:letter_approve", kwargs={"pk": letter.pk}), follow=True)

    assert "Kies een versie die klaar is om vast te stellen." in messages_of(response)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT


def test_a_colleague_approves_a_coordinators_letter_it_is_published_and_council_members_read_it(
    client, coordinator, colleague, council_member, small_letter
):
    version = ready_version(small_letter, coordinator)
    client.force_login(colleague)
    client.post(reverse("reporting:letter_approve", kwargs={"pk": small_letter.pk}), {"version": version.pk})
    client.force_login(coordinator)
    client.post(reverse("reporting:letter_publish", kwargs={"pk": small_letter.pk}))
    small_letter.refresh_from_db()
    assert small_letter.status == Letter.Status.PUBLISHED

    client.force_login(council_member)
    listing = client.get(reverse("reporting:council_letters"))
    reading = client.get(reverse("reporting:published_letter", kwargs={"pk": small_letter.pk}))
    pdf = client.get(reverse("reporting:published_pdf", kwargs={"pk": small_letter.pk}))

    assert small_letter.subject in listing.content.decode()
    assert "Geachte heer, mevrouw," in reading.content.decode()
    assert pdf["Content-Type"] == "application/pdf"


def test_a_council_member_of_another_municipality_gets_not_found(client, groningen):
    haarlem = MunicipalityFactory(name="Haarlem", slug="haarlem")
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    letter = letter_about_2020(programme_with_action_lines(groningen, lines=ONE_LINE), coordinator)
    approver = UserFactory(role="approver", municipality=groningen)
    services.letter_approve(letter=letter, version=ready_version(letter, coordinator), user=approver)
    services.letter_publish(letter=letter, user=coordinator)
    client.force_login(UserFactory(role="council", municipality=haarlem))

    assert client.get(reverse("reporting:published_letter", kwargs={"pk": letter.pk})).status_code == 404
    assert client.get(reverse("reporting:published_pdf", kwargs={"pk": letter.pk})).status_code == 404
    assert letter.subject not in client.get(reverse("reporting:council_letters")).content.decode()


def test_council_members_see_published_letters_newest_year_first_and_no_drafts(client, coordinator, council_member):
    from tests.permissions import World

    world = World(groningen=coordinator.municipality, haarlem=None, users={"coordinator": coordinator})
    older = published(world)
    newer = published(world)
    Letter.objects.filter(pk=newer.pk).update(year=2021)
    draft = letter_about_2020(programme_with_action_lines(coordinator.municipality, lines=ONE_LINE), coordinator)
    client.force_login(council_member)

    letters = list(client.get(reverse("reporting:council_letters")).context["letters"])

    assert letters == [Letter.objects.get(pk=newer.pk), older]
    assert draft not in letters
    assert client.get(reverse("reporting:published_letter", kwargs={"pk": draft.pk})).status_code == 404


def test_a_public_letter_is_readable_without_an_account_and_a_private_one_is_not(client, coordinator):
    from tests.permissions import World

    world = World(groningen=coordinator.municipality, haarlem=None, users={"coordinator": coordinator})
    private = published(world)
    public = published(world, public=True)

    assert client.get(reverse("reporting:public_letter", kwargs={"pk": private.pk})).status_code == 404
    assert client.get(reverse("reporting:public_pdf", kwargs={"pk": private.pk})).status_code == 404
    assert client.get(reverse("reporting:public_letter", kwargs={"pk": public.pk})).status_code == 200
    listing = client.get(reverse("reporting:public_letters")).content.decode()
    assert public.subject in listing


def test_the_published_letter_keeps_the_figures_of_its_version(
    client, coordinator, colleague, council_member, small_letter
):
    line = small_letter.programme.action_lines.get()
    services.section_update(
        letter=small_letter, action_line=line, body="Gehouden: [[activities_held]].", figure_groups=[], user=coordinator
    )
    version = ready_version(small_letter, coordinator)
    LetterVersion.objects.filter(pk=version.pk).update(
        figures={
            **version.figures,
            "values": {**version.figures["values"], "activities_held": {"value": 7, "kind": "count"}},
        }
    )
    services.letter_approve(letter=small_letter, version=LetterVersion.objects.get(pk=version.pk), user=colleague)
    services.letter_publish(letter=small_letter, user=coordinator)
    client.force_login(council_member)

    page = client.get(reverse("reporting:published_letter", kwargs={"pk": small_letter.pk})).content.decode()

    assert "Gehouden: 7." in page


# ---------------------------------------------------------------- query budgets


def make_published(coordinator, count):
    from tests.permissions import World

    world = World(groningen=coordinator.municipality, haarlem=None, users={"coordinator": coordinator})
    for _ in range(count):
        published(world)


@pytest.mark.parametrize("count", [2, 25])
def test_the_council_list_costs_the_same_queries_at_any_size(
    client, coordinator, council_member, count, django_assert_max_num_queries
):
    make_published(coordinator, count)
    client.force_login(council_member)

    with django_assert_max_num_queries(10):  # two of them: the reader's last visit, read and remembered
        response = client.get(reverse("reporting:council_letters"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 25])
def test_the_coordinators_list_costs_the_same_queries_at_any_size(
    client, coordinator, count, django_assert_max_num_queries
):
    make_published(coordinator, count)
    client.force_login(coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("reporting:letter_list"))

    assert response.status_code == 200


def test_the_pages_speak_english_when_asked(client, coordinator, letter):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en"})

    page = client.get(reverse("reporting:letter_detail", kwargs={"pk": letter.pk})).content.decode()

    assert "Generate PDF" in page and "Pdf maken" not in page


def test_only_a_failed_version_offers_to_try_again(client, coordinator, approver, small_letter):
    failed = services.version_request(letter=small_letter, user=coordinator)
    LetterVersion.objects.filter(pk=failed.pk).update(
        status=LetterVersion.Status.FAILED, failure=LetterVersion.Failure.UNEXPECTED
    )
    queued = services.version_request(letter=small_letter, user=coordinator)  # queued, never run here
    ready = ready_version(small_letter, coordinator)
    client.force_login(coordinator)

    draft_page = client.get(small_letter.get_absolute_url()).content.decode()
    services.letter_approve(letter=small_letter, version=ready, user=approver)
    services.letter_publish(letter=small_letter, user=coordinator)
    published_page = client.get(small_letter.get_absolute_url()).content.decode()

    def retry_of(version):
        return reverse("reporting:version_retry", kwargs={"pk": version.pk})

    for page in (draft_page, published_page):
        assert retry_of(failed) in page
        assert retry_of(queued) not in page and retry_of(ready) not in page
        assert page.count("Opnieuw proberen") == 1
