"""The council letter in a real browser: a coordinator edits it with the live preview, generates the
PDF and watches the job become ready without a reload (both htmx), downloads it; the alderman's office
approves it (four eyes) and the coordinator publishes it; a council member reads it. Axe checks every
page; the live parts keep the strict Content Security Policy."""

import re

import pytest
from playwright.sync_api import expect

from reporting.models import Letter, LetterVersion
from reporting.services import letter_content, live_figures
from reporting.tasks import render_letter_version
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def letter_world(groningen):
    coordinator = UserFactory(role="coordinator", municipality=groningen, name="Simon Poelstra")
    council_member = UserFactory(role="council", municipality=groningen)
    approver = UserFactory(role="approver", municipality=groningen, name="Lotte Dijkstra")
    programme = programme_with_action_lines(groningen)
    letter = letter_about_2020(programme, coordinator, subject="Update actieprogramma ondernemen met impact 2020")
    return {"coordinator": coordinator, "council_member": council_member, "approver": approver, "letter": letter}


def test_a_coordinator_generates_downloads_approves_and_publishes_and_a_council_member_reads(
    page, browser, live_server, assert_accessible, letter_world, tmp_path
):
    letter = letter_world["letter"]
    log_in(page, letter_world["coordinator"])

    page.goto("/rapportage/brieven/")
    expect(page.get_by_role("link", name=letter.subject)).to_be_visible()
    assert_accessible(page)

    # The plain editor with its live preview: typing shows up in the letter as it will print.
    page.get_by_role("link", name=letter.subject).click()
    page.get_by_role("link", name=re.compile("Actielijn 1:")).first.click()
    expect(page.get_by_role("heading", name="Voorbeeld")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_body", "In 2020 zijn er **[[line1_activities_held]]** bijeenkomsten gehouden.")
    expect(page.locator("#letter-preview")).to_contain_text("In 2020 zijn er 0 bijeenkomsten gehouden.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Actielijn 1 is opgeslagen.")).to_be_visible()

    # A queued job on the page becomes ready without a reload once a worker has rendered it.
    queued = LetterVersion.objects.create(
        letter=letter, content=letter_content(letter), figures=live_figures(letter), author_name="Simon Poelstra"
    )
    page.reload()
    row = page.locator("tr.reporting-job").first
    expect(row).to_contain_text("In de wachtrij")
    assert_accessible(page)
    render_letter_version.apply(args=[queued.pk])
    expect(row).to_contain_text("Klaar", timeout=20_000)
    expect(row).to_contain_text("Versie 1")
    download_link = row.get_by_role("link", name=re.compile("Pdf downloaden"))
    expect(download_link).to_be_visible()
    with page.expect_download() as download_info:
        download_link.click()
    pdf = tmp_path / "brief.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    # "Generate PDF" itself: on a laptop the job runs in-process and the page says it is ready.
    page.get_by_role("button", name="Pdf maken").click()
    expect(page.get_by_text("De pdf is klaar: versie 2.")).to_be_visible(timeout=20_000)
    assert_accessible(page)

    page.get_by_role("link", name="Voorbeeld van de brief").click()
    expect(page.get_by_text("Geachte heer, mevrouw,")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    # Four eyes: the coordinator wrote the letter, so the page says why they cannot approve it...
    expect(page.get_by_text("U heeft deze brief als laatste gewijzigd")).to_be_visible()
    expect(page.get_by_role("button", name="Deze versie vaststellen")).to_have_count(0)

    # ...and the alderman's office approves it.
    office = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    approver_page = office.new_page()
    log_in(approver_page, letter_world["approver"])
    assert approver_page.url.endswith("/start/")  # the letter waits on the approver's start page
    waiting = approver_page.locator('[data-todo="letters_to_approve"]')
    expect(waiting).to_contain_text(letter.subject)
    assert_accessible(approver_page)
    with approver_page.expect_navigation():
        waiting.get_by_role("link", name=letter.subject).click()
    assert approver_page.url.endswith(f"/rapportage/brieven/{letter.pk}/")
    approver_page.select_option("#id_version", label="Versie 2")
    assert_accessible(approver_page)
    approver_page.get_by_role("button", name="Deze versie vaststellen").click()
    expect(approver_page.get_by_text("De brief is vastgesteld")).to_be_visible()
    office.close()

    page.reload()
    page.get_by_role("button", name="Publiceren aan de raad").click()
    expect(page.get_by_text("De brief is gepubliceerd aan de raadsleden.")).to_be_visible()
    assert_accessible(page)
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.PUBLISHED

    # The council member reads it in the browser and downloads the PDF.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    reader = context.new_page()
    log_in(reader, letter_world["council_member"])
    reader.goto("/rapportage/raad/")
    expect(reader.get_by_role("row", name=re.compile(letter.subject))).to_contain_text("Nieuw")
    assert_accessible(reader)
    reader.get_by_role("link", name=letter.subject, exact=True).click()
    expect(reader.get_by_text("In 2020 zijn er 0 bijeenkomsten gehouden.")).to_be_visible()
    expect(reader.get_by_text("Deze brief is elektronisch aangemaakt en daarom niet ondertekend.")).to_be_visible()
    assert_accessible(reader)
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="Pdf downloaden").first.click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    context.close()


def test_the_public_reads_the_demos_published_letter_and_switches_to_english(page, live_server, assert_accessible):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)

    page.goto("/rapportage/openbaar/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Voortgang actieprogramma ondernemen met impact 2019", exact=True).click()
    expect(page.locator("article.letter")).to_contain_text("in 2019 zijn er 8 gehouden")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()  # the language switch posts without a token
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("article.letter")).to_contain_text("in 2019 zijn er 8 gehouden")  # the letter stays Dutch
    assert_accessible(page)


def test_the_live_preview_and_the_job_progress_keep_the_strict_csp_and_stop_asking_when_done(strict_page, letter_world):
    page, violations = strict_page
    letter = letter_world["letter"]
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/voortgang/" in request.url else None)
    log_in(page, letter_world["coordinator"])

    line = letter.programme.action_lines.get(number=1)
    draft = letter.sections.get(action_line=line).body
    page.goto(f"/rapportage/brieven/{letter.pk}/actielijn/{line.pk}/")
    page.fill("#id_body", "Er zijn **[[line1_activities_held]]** bijeenkomsten gehouden.")
    expect(page.locator("#letter-preview")).to_contain_text("Er zijn 0 bijeenkomsten gehouden.")
    assert letter.sections.get(action_line=line).body == draft  # the preview saves nothing

    queued = LetterVersion.objects.create(
        letter=letter, content=letter_content(letter), figures=live_figures(letter), author_name="Simon Poelstra"
    )
    page.goto(f"/rapportage/brieven/{letter.pk}/")
    row = page.locator(f"#job-{queued.pk}")
    expect(row).to_contain_text("In de wachtrij")
    render_letter_version.apply(args=[queued.pk])
    expect(row).to_contain_text("Klaar", timeout=20_000)
    expect(page.locator("#job-announcement")).to_have_text("Versie 1: Klaar")
    asked_when_ready = len(asked)
    page.wait_for_timeout(4_500)
    assert len(asked) == asked_when_ready  # the ready row no longer asks
    assert violations == []
