"""Starting and editing a letter, the PDF job (in-process, as on a laptop), approval and publication."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from impactportal.celery import app
from programmes.models import Activity
from reporting import services
from reporting.models import Letter, LetterSection, LetterVersion
from reporting.tasks import render_letter_version
from tests.programmes.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def generate(letter, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_request(letter=letter, user=user)
    version.refresh_from_db()
    return version


def test_it_drafts_a_letter_with_a_section_per_action_line_and_default_figures(programme, coordinator):
    letter = services.letter_create(programme=programme, year=2020, user=coordinator)

    assert letter.subject == "Update actieprogramma Ondernemen met impact 2020"  # the name without its period
    assert letter.author_name == coordinator.name
    assert letter.status == Letter.Status.DRAFT
    sections = {s.action_line.number: s for s in LetterSection.objects.filter(letter=letter)}
    assert sorted(sections) == [1, 2, 3, 4, 5, 6]
    assert "activities" in sections[1].figure_groups
    assert "matches" in sections[3].figure_groups and "matches" not in sections[1].figure_groups
    assert "procurement" in sections[5].figure_groups


def test_it_refuses_a_year_outside_the_programme_and_a_second_letter_for_a_year(programme, coordinator, letter):
    with pytest.raises(ValidationError):
        services.letter_create(programme=programme, year=2030, user=coordinator)
    with pytest.raises(ValidationError):
        services.letter_create(programme=programme, year=2020, user=coordinator)
    assert Letter.objects.count() == 1


def test_it_generates_a_ready_numbered_version_in_process_with_the_figures_it_used(
    small_letter, coordinator, django_capture_on_commit_callbacks
):
    ActivityFactory(
        action_line=small_letter.programme.action_lines.get(number=1),
        starts_at=timezone.make_aware(dt.datetime(2020, 3, 1, 20)),  # noqa: DTZ001
        status=Activity.Status.HELD,
    )

    version = generate(small_letter, coordinator, django_capture_on_commit_callbacks)

    assert version.status == LetterVersion.Status.READY
    assert version.number == 1
    assert version.attempts == 1
    assert version.author == coordinator
    assert version.file.read(5) == b"%PDF-"
    assert version.figures["values"]["activities_held"]["value"] == 1
    assert version.content["subject"] == small_letter.subject


def test_every_version_is_kept_and_numbered(small_letter, coordinator, django_capture_on_commit_callbacks):
    first = generate(small_letter, coordinator, django_capture_on_commit_callbacks)
    second = generate(small_letter, coordinator, django_capture_on_commit_callbacks)

    assert (first.number, second.number) == (1, 2)
    assert first.file.name != second.file.name
    assert LetterVersion.objects.filter(letter=small_letter).ready().count() == 2


def test_running_a_job_twice_makes_one_version(small_letter, coordinator, django_capture_on_commit_callbacks):
    version = generate(small_letter, coordinator, django_capture_on_commit_callbacks)

    again = render_letter_version.apply(args=[version.pk]).get()

    assert again is None
    version.refresh_from_db()
    assert version.number == 1 and version.attempts == 1
    assert LetterVersion.objects.filter(letter=small_letter).count() == 1


def test_a_job_whose_worker_died_is_taken_over_and_stored_once(small_letter, coordinator):
    version = services.version_request(letter=small_letter, user=coordinator)  # not enqueued: no commit in this test
    assert LetterVersion.objects.claim(version.pk) == 1  # a worker took it and died while rendering

    html = render_letter_version.apply(args=[version.pk]).get()

    version.refresh_from_db()
    assert "Geachte heer, mevrouw," in html
    assert version.status == LetterVersion.Status.READY and version.attempts == 2 and version.number == 1
    assert not version.store_pdf(b"%PDF-late", attempt=1, seconds=1.0)  # the dead attempt cannot store
    assert LetterVersion.objects.filter(letter=small_letter).ready().count() == 1


def test_a_failing_render_is_marked_failed_in_plain_words_and_can_be_retried(
    small_letter, coordinator, django_capture_on_commit_callbacks
):
    version = services.version_request(letter=small_letter, user=coordinator)
    LetterVersion.objects.filter(pk=version.pk).update(content={**version.content, "letter_date": "not a date"})

    render_letter_version.apply(args=[version.pk])

    version.refresh_from_db()
    assert version.status == LetterVersion.Status.FAILED
    assert version.failure == LetterVersion.Failure.UNEXPECTED
    assert "ValueError" in version.error
    assert version.can_retry
    LetterVersion.objects.filter(pk=version.pk).update(content={**version.content, "letter_date": "2020-12-02"})
    with django_capture_on_commit_callbacks(execute=True):
        services.version_retry(version=version, user=coordinator)
    version.refresh_from_db()
    assert version.status == LetterVersion.Status.READY and version.number == 1 and version.failure == ""


def test_a_ready_version_cannot_be_retried(small_letter, coordinator, django_capture_on_commit_callbacks):
    version = generate(small_letter, coordinator, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError):
        services.version_retry(version=version, user=coordinator)


@pytest.fixture
def unreachable_broker(monkeypatch):
    """Celery pointed at a Redis port where nothing listens, as when Redis is down."""
    conf = app.conf
    saved = (conf.broker_url, conf.task_always_eager, app._pool, app.amqp._producer_pool)
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads it before its settings
    conf.broker_url = "redis://127.0.0.1:1/0"
    conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    yield
    conf.broker_url, conf.task_always_eager, app._pool, app.amqp._producer_pool = saved


def test_when_the_broker_is_down_the_job_says_it_was_not_queued_and_can_be_queued_again(
    small_letter, coordinator, unreachable_broker, django_capture_on_commit_callbacks
):
    version = generate(small_letter, coordinator, django_capture_on_commit_callbacks)

    assert version.status == LetterVersion.Status.FAILED
    assert version.failure == LetterVersion.Failure.NOT_QUEUED
    assert not version.file and version.number is None
    assert version.can_retry


def test_figures_stay_live_until_approval_and_are_frozen_after(
    small_letter, coordinator, colleague, django_capture_on_commit_callbacks
):
    line = small_letter.programme.action_lines.get(number=1)
    services.section_update(
        letter=small_letter,
        action_line=line,
        body="Er zijn [[activities_held]] activiteiten.",
        figure_groups=[],
        user=coordinator,
    )
    version = generate(small_letter, coordinator, django_capture_on_commit_callbacks)
    services.letter_approve(letter=small_letter, version=version, user=colleague)
    ActivityFactory(
        action_line=line,
        starts_at=timezone.make_aware(dt.datetime(2020, 5, 1, 20)),  # noqa: DTZ001
        status=Activity.Status.HELD,
    )

    small_letter.refresh_from_db()
    content, figures = services.frozen_or_live(small_letter)
    live = services.live_figures(small_letter)

    assert figures["values"]["activities_held"]["value"] == 0
    assert live["values"]["activities_held"]["value"] == 1
    with pytest.raises(ValidationError):
        services.letter_update(letter=small_letter, user=coordinator, subject="Anders")
    with pytest.raises(ValidationError):
        services.version_request(letter=small_letter, user=coordinator)


def test_it_moves_a_letter_from_draft_to_approved_to_published_and_public(
    small_letter, coordinator, colleague, django_capture_on_commit_callbacks
):
    version = generate(small_letter, coordinator, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.letter_publish(letter=small_letter, user=coordinator)
    with pytest.raises(ValidationError):
        services.letter_set_public(letter=small_letter, public=True, user=coordinator)

    services.letter_approve(letter=small_letter, version=version, user=colleague)
    services.letter_reopen(letter=small_letter, user=coordinator)
    small_letter.refresh_from_db()
    assert small_letter.status == Letter.Status.DRAFT and small_letter.approved_version is None
    services.letter_approve(letter=small_letter, version=version, user=colleague)
    services.letter_publish(letter=small_letter, user=coordinator)
    small_letter.refresh_from_db()
    assert small_letter.status == Letter.Status.PUBLISHED and small_letter.published_at and not small_letter.is_public
    services.letter_set_public(letter=small_letter, public=True, user=coordinator)
    small_letter.refresh_from_db()
    assert small_letter.is_public
    with pytest.raises(ValidationError):
        services.letter_reopen(letter=small_letter, user=coordinator)


def test_only_a_ready_version_of_the_same_letter_can_be_approved(letter, coordinator, colleague):
    version = services.version_request(letter=letter, user=coordinator)  # still queued

    with pytest.raises(ValidationError):
        services.letter_approve(letter=letter, version=version, user=colleague)


def test_the_demo_letter_is_seeded_once_with_the_seeds_subject_author_and_date(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, stdout=None)
    call_command("seed_demo", verbosity=0, stdout=None)

    letter = Letter.objects.get(programme__municipality__slug="groningen", year=2020)
    # and the published ones about 2019 and (for the network of municipalities, reporting.demo) 2022
    assert Letter.objects.filter(programme=letter.programme).count() == 3
    assert letter.subject == "Update actieprogramma ondernemen met impact 2020"
    assert (letter.author_name, letter.phone, letter.letter_date) == (
        "Simon Poelstra",
        "06-11380588",
        dt.date(2020, 12, 2),
    )
    assert letter.status == Letter.Status.DRAFT
    assert "Omarm Groningen" in letter.sections.get(action_line__number=3).body


def test_the_demo_has_a_published_public_letter_about_2019_for_the_council_and_everyone(db, client):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, stdout=None)

    letter = Letter.objects.get(programme__municipality__slug="groningen", year=2019)
    assert letter.status == Letter.Status.PUBLISHED and letter.is_public
    assert letter.approved_version.status == LetterVersion.Status.READY
    assert letter.approved_version.figures["values"]["line1_activities_held"]["value"] == 8
    public = client.get(reverse("reporting:public_letters")).content.decode()
    assert "Voortgang actieprogramma ondernemen met impact 2019" in public
    body = client.get(reverse("reporting:public_letter", args=[letter.pk])).content.decode()
    assert "in 2019 zijn er 8 gehouden" in body
    pdf = client.get(reverse("reporting:public_pdf", args=[letter.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF-")
