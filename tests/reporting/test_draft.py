"""A new letter starts as a first draft written from the year's records (reporting.drafts)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from programmes.models import ActionLineProgress, Activity, Programme
from reporting import renderer, services
from reporting.figures import refuse_unknown_figures
from reporting.models import Letter
from tests.factories import UserFactory
from tests.programmes.factories import ActivityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 20))  # noqa: DTZ001


def test_a_2021_letter_of_groningen_on_the_demo_data_has_a_draft_in_every_section():
    call_command("seed_demo", stdout=io.StringIO())
    programme = Programme.objects.get(municipality__slug="groningen", name="Ondernemen met impact 2019-2022")
    coordinator = UserFactory(role="coordinator", municipality=programme.municipality)
    letter_2020 = Letter.objects.get(programme=programme, year=2020)

    letter = services.letter_create(programme=programme, year=2021, user=coordinator)

    content = services.letter_content(letter)
    assert letter.subject == "Update actieprogramma Ondernemen met impact 2021"
    assert [line["number"] for line in content["action_lines"]] == [1, 2, 3, 4, 5, 6]
    assert all(line["body"].strip() for line in content["action_lines"])
    # Inleiding, Ontwikkelingen and Tot slot start from last year's letter
    assert (letter.introduction, letter.developments, letter.closing) == (
        letter_2020.introduction,
        letter_2020.developments,
        letter_2020.closing,
    )
    refuse_unknown_figures(content)  # raises for a token the catalogue does not know
    html = renderer.letter_body_html(content, services.live_figures(letter))
    assert "[[" not in html


def test_each_section_quotes_the_years_progress_and_its_activities_as_live_figures(groningen, coordinator):
    programme = ProgrammeFactory(municipality=groningen, name="Ondernemen met impact 2019-2022")
    line = programme.action_lines.create(number=1, title="Professionaliseren", goal="Impactondernemers helpen.")
    programme.action_lines.create(number=2, title="Startups", goal="Aandacht bij startups.")
    ActionLineProgress.objects.create(action_line=line, year=2021, text="Samen met Impact Noord zijn cafés gehouden.")
    ActionLineProgress.objects.create(action_line=line, year=2020, text="Tekst van vorig jaar.")
    for day, kind in ((3, Activity.Kind.IMPACT_CAFE), (10, Activity.Kind.IMPACT_CAFE), (17, Activity.Kind.EXCURSION)):
        ActivityFactory(
            action_line=line, kind=kind, starts_at=at(2021, 3, day), status=Activity.Status.HELD, participants=12
        )
    ActivityFactory(
        action_line=line, starts_at=at(2021, 4, 1), status=Activity.Status.CANCELLED, cancellation_reason="Corona"
    )

    letter = services.letter_create(programme=programme, year=2021, user=coordinator)

    sections = {section.action_line.number: section.body for section in letter.sections.select_related("action_line")}
    assert sections[1].startswith("Samen met Impact Noord zijn cafés gehouden.")
    assert "Tekst van vorig jaar." not in sections[1]
    assert (
        "[[line1_activities_held]] activiteiten gehouden, met in totaal [[line1_activity_participants]]" in sections[1]
    )
    assert (
        "Het ging om: impactcafé ([[line1_impact_cafe_held]]) en kennisexcursie ([[line1_excursion_held]])."
        in sections[1]
    )
    assert "[[line1_activities_cancelled]] activiteit ging niet door." in sections[1]
    assert sections[2] == (
        "De voortgang van 2021 is nog niet beschreven. Het doel van deze actielijn: Aandacht bij startups.\n\n"
        "Voor 2021 zijn onder deze actielijn nog geen activiteiten vastgelegd."
    )
    # the numbers are live figures: the preview writes what the data says
    html = renderer.letter_body_html(services.letter_content(letter), services.live_figures(letter))
    assert "In 2021 zijn onder deze actielijn 3 activiteiten gehouden, met in totaal 36 deelnemers." in html
    assert "Het ging om: impactcafé (2) en kennisexcursie (1)." in html
    assert "1 activiteit ging niet door." in html


def test_without_an_earlier_letter_it_starts_from_a_plain_dutch_text(groningen, coordinator):
    programme = ProgrammeFactory(municipality=groningen, name="Impact 2023-2026", start_year=2023, end_year=2026)
    programme.action_lines.create(number=1, title="Zichtbaarheid")

    letter = services.letter_create(programme=programme, year=2023, user=coordinator)

    assert letter.introduction.startswith(
        "Met deze brief informeren wij uw Raad over de voortgang van het actieprogramma Impact in 2023."
    )
    assert letter.developments == "Samen met onze partners werken wij langs de volgende actielijnen:"
    assert letter.closing.startswith("Wij zetten de uitvoering van het actieprogramma")


def test_an_english_letter_is_drafted_in_english(groningen, coordinator):
    programme = ProgrammeFactory(municipality=groningen, name="Impact 2023-2026", start_year=2023, end_year=2026)
    programme.action_lines.create(number=1, title="Visibility", goal="Be seen.")

    letter = services.letter_create(programme=programme, year=2024, user=coordinator, language="en")

    assert letter.subject == "Update action programme Impact 2024"
    assert letter.sections.get().body == (
        "The progress of 2024 has not been described yet. The goal of this action line: Be seen.\n\n"
        "No activities have been recorded under this action line for 2024 yet."
    )


@pytest.mark.parametrize(
    ("name", "start", "end", "year", "subject"),
    [
        ("Ondernemen met impact 2019-2022", 2019, 2022, 2021, "Update actieprogramma Ondernemen met impact 2021"),
        ("Ondernemen met impact (2019 – 2022)", 2019, 2022, 2020, "Update actieprogramma Ondernemen met impact 2020"),
        ("Impact 2023-26", 2023, 2026, 2024, "Update actieprogramma Impact 2024"),
        (
            "Actieplan Sociaal Ondernemerschap Haarlem (in de maak)",
            2021,
            2024,
            2022,
            "Update Actieplan Sociaal Ondernemerschap Haarlem (in de maak) 2022",
        ),
        ("Actieprogramma sociaal ondernemen 2022", 2022, 2022, 2022, "Update Actieprogramma sociaal ondernemen 2022"),
    ],
)
def test_the_default_subject_names_the_programme_once_and_the_year_once(name, start, end, year, subject):
    programme = Programme(name=name, start_year=start, end_year=end)

    assert services.default_subject(programme, year) == subject


def test_a_coordinator_with_the_english_interface_starts_a_dutch_draft(client, groningen, coordinator):
    programme = ProgrammeFactory(municipality=groningen, name="Impact 2023-2026", start_year=2023, end_year=2026)
    programme.action_lines.create(number=1, title="Zichtbaarheid", goal="Gezien worden.")
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en"})

    response = client.post(reverse("reporting:letter_create"), {"programme": programme.pk, "year": 2023}, follow=True)

    letter = Letter.objects.get()
    assert "The letter has been started with a first draft" in response.content.decode()  # the interface: English
    assert letter.language == "nl"
    assert letter.subject == "Update actieprogramma Impact 2023"
    assert letter.sections.get().body.startswith("De voortgang van 2023 is nog niet beschreven.")
