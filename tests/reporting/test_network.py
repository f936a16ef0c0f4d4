"""The network of municipalities (/netwerk/): the published figures of the municipalities that take part, per
10,000 inhabitants, with charts, a CSV and a glossary; and, for colleagues, the activities held per kind and notes
on what worked. Never a draft, an approved-but-unpublished letter, an older version or a municipality that does
not take part."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from accounts.models import Municipality
from reporting import network
from reporting.models import FigureNote, Letter, LetterVersion
from reporting.privacy import erase_letters, export_letters
from tests.factories import MunicipalityFactory, UserFactory
from tests.programmes.factories import ProgrammeFactory
from tests.reporting.factories import frozen, letter_with

pytestmark = pytest.mark.django_db

POPULATION = 100_000


def taking_part(name, slug, population=POPULATION):
    return MunicipalityFactory(name=name, slug=slug, in_network=True, population=population)


@pytest.fixture
def published_groningen(groningen):
    Municipality.objects.filter(pk=groningen.pk).update(in_network=True, population=233_000)
    return letter_with(
        groningen,
        2021,
        Letter.Status.PUBLISHED,
        {
            "challenge_applied": 58,
            "challenge_winners": 3,
            "matches_made": 31,
            "activities_held": 24,
            "line1_impact_cafe_held": 6,
            "line2_impact_cafe_held": 2,
            "line1_online_meeting_held": 5,
            "suppliers_verified": 52,
            "impact_spend": "412500.00",
            "sroi_realised": "286000.00",
            "impact_persons_employed": 46,
        },
    )


# ---------------------------------------------------------------- nothing unpublished ever shows

LEAKS = [876541, 876542, 876543, 876544, 876545, 876546]


def leak_forms(number: int) -> list[str]:
    """How a number (and its value per 10,000 inhabitants of a municipality of 100,000) could be written."""
    per_10k = number // 10
    return [str(number), f"{number:,}".replace(",", "."), f"{number:,}", str(per_10k), f"{per_10k:,}".replace(",", ".")]


@pytest.fixture
def leaky_world(published_groningen, groningen, haarlem):
    """Beside Groningen's published letter: a draft, an approved letter not yet published, an older version of the
    published letter, and a published letter of a municipality that does not take part, each with a distinctive
    number in every figure."""
    Municipality.objects.filter(pk=haarlem.pk).update(in_network=True, population=POPULATION)
    everything = {figure.key: LEAKS[0] for figure in network.FIGURES}
    letter_with(groningen, 2020, Letter.Status.DRAFT, everything)
    letter_with(haarlem, 2020, Letter.Status.APPROVED, {key: LEAKS[1] for key in everything})
    older = LetterVersion.objects.create(
        letter=published_groningen,
        figures=frozen(**{key: LEAKS[2] for key in everything}),
        status=LetterVersion.Status.READY,
        number=2,
    )
    assert older.pk != published_groningen.approved_version_id
    outsider = MunicipalityFactory(name="Buitenstad", slug="buitenstad", in_network=False, population=POPULATION)
    letter_with(outsider, 2021, Letter.Status.PUBLISHED, {key: LEAKS[3] for key in everything})
    return outsider


def pages_and_files(client, users) -> dict[str, str]:
    shown = {}
    for year in ("", "2020", "2021"):
        shown[f"public {year}"] = client.get(reverse("network:public"), {"jaar": year}).content.decode()
    shown["csv"] = client.get(reverse("network:csv")).content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(reverse("network:csv"), {"format": "xlsx"}).content))
    shown["xlsx"] = " ".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row)
    for user in users:
        client.force_login(user)
        for year in ("", "2020", "2021"):
            shown[f"staff {user.role} {year}"] = client.get(reverse("network:staff"), {"jaar": year}).content.decode()
    client.logout()
    shown |= api_answers(client)
    return shown


def api_answers(client) -> dict[str, str]:
    """What the open-data API (/api/v1/, when the portal has it) answers: its root and the published figures,
    every page of them."""
    address: str | None
    try:
        address = reverse("api:letter-figures-list")
    except NoReverseMatch:
        return {}
    answers = {"api root": client.get("/api/v1/").content.decode()}
    pages = 0
    while address and pages < 20:
        response = client.get(address)
        answers[f"api {address}"] = response.content.decode()
        body = response.json()
        address = body.get("next") if isinstance(body, dict) else None
        pages += 1
    return answers


def test_no_draft_unpublished_older_or_outsider_figure_ever_shows(
    client, leaky_world, coordinator, other_coordinator, council_member
):
    shown = pages_and_files(client, [coordinator, other_coordinator, council_member])

    for where, text in shown.items():
        for number in LEAKS:
            for form in leak_forms(number):
                assert form not in text, f"{form} (from {number}) shows in {where}"
        assert "Buitenstad" not in text, where
    assert "412.500" in shown["public "] and "412500" in shown["csv"]  # the published figures do show
    api = " ".join(text for where, text in shown.items() if where.startswith("api "))
    assert not api or "412500" in api


def test_a_published_letter_whose_version_is_not_ready_shows_nothing(client, groningen):
    """It cannot happen (only a ready version is approved), but the network does not count on it."""
    Municipality.objects.filter(pk=groningen.pk).update(in_network=True, population=POPULATION)
    letter = letter_with(groningen, 2021, Letter.Status.PUBLISHED, {})
    LetterVersion.objects.filter(pk=letter.approved_version_id).update(
        status=LetterVersion.Status.FAILED, figures=frozen(matches_made=LEAKS[4])
    )

    assert str(LEAKS[4]) not in client.get(reverse("network:csv")).content.decode("utf-8-sig")
    assert "Groningen" not in client.get(reverse("network:public")).content.decode()


def test_a_municipality_that_leaves_the_network_disappears_at_once(client, published_groningen, groningen):
    assert "Groningen" in client.get(reverse("network:csv")).content.decode("utf-8-sig")
    Municipality.objects.filter(pk=groningen.pk).update(in_network=False)

    assert "Groningen" not in client.get(reverse("network:csv")).content.decode("utf-8-sig")
    assert "Groningen" not in client.get(reverse("network:public")).content.decode()


# ---------------------------------------------------------------- what the pages show


def test_the_public_page_shows_each_figure_and_its_value_per_10000_inhabitants(client, published_groningen):
    page = client.get(reverse("network:public"))

    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-figure="matches_made">31<' in text
    assert 'data-figure="matches_made-per-10k">1,3<' in text  # 31 per 233,000 inhabitants
    assert 'data-figure="impact_spend">€ 412.500<' in text
    assert 'data-figure="impact_spend-per-10k">€ 17.704<' in text
    assert 'data-figure="impact_persons_employed">46<' in text  # from the suppliers' accepted impact reports
    assert 'data-figure="impact_persons_employed-per-10k">2,0<' in text
    assert "Trechter van de challenge per gemeente in 2021" in text
    assert "Matches gemaakt per 10.000 inwoners in 2021" in text


def test_the_glossary_defines_every_figure_on_the_page(client, published_groningen):
    text = client.get(reverse("network:public")).content.decode()

    for figure in network.FIGURES:
        assert str(figure.label) in text
    assert "Matches tussen een maatschappelijk initiatief en een ondernemer" in text
    assert "gedeeld door het aantal inwoners" in text


def test_a_year_without_figures_or_nonsense_shows_the_newest_year(client, published_groningen):
    for asked in ("1900", "abc", "2021'; --", "99999999999999999999"):
        page = client.get(reverse("network:public"), {"jaar": asked})
        assert page.status_code == 200
        assert "Cijfers van 2021" in page.content.decode()


def test_without_any_published_letter_the_page_says_so(client, groningen):
    page = client.get(reverse("network:public"))

    assert "Nog geen deelnemende gemeente heeft een raadsbrief gepubliceerd." in page.content.decode()


def test_the_csv_has_every_municipality_and_year_with_the_figures_per_10000_inhabitants(client, published_groningen):
    haarlem = taking_part("Haarlem", "haarlem", 162_000)
    letter_with(haarlem, 2020, Letter.Status.PUBLISHED, {"matches_made": 6, "sroi_realised": "138000.50"})

    lines = client.get(reverse("network:csv")).content.decode("utf-8-sig").splitlines()

    header = lines[0].split(";")
    assert header[:3] == ["Gemeente", "Jaar", "Inwoners"]
    rows = {tuple(line.split(";")[:2]): dict(zip(header, line.split(";"), strict=True)) for line in lines[1:]}
    assert set(rows) == {("Groningen", "2021"), ("Haarlem", "2020")}
    assert rows[("Haarlem", "2020")]["Matches gemaakt"] == "6"
    assert rows[("Haarlem", "2020")]["Matches gemaakt per 10.000 inwoners"] == "0,4"
    assert rows[("Haarlem", "2020")]["Social return gerealiseerd"] == "138000,50"


def test_a_later_published_letter_about_the_same_year_counts(client, published_groningen, groningen):
    letter_with(groningen, 2021, Letter.Status.PUBLISHED, {"matches_made": 44})

    text = client.get(reverse("network:public")).content.decode()
    assert 'data-figure="matches_made">44<' in text
    assert 'data-figure="matches_made">31<' not in text


def test_colleagues_see_the_activities_held_per_kind(client, published_groningen, other_coordinator):
    client.force_login(other_coordinator)

    text = client.get(reverse("network:staff")).content.decode()

    assert "Gehouden activiteiten per soort in 2021" in text
    assert "Impactcafé" in text and '<td class="portal-numeric">8</td>' in text  # 6 + 2 over two action lines


# ---------------------------------------------------------------- notes on what worked


def test_a_coordinator_adds_a_note_that_colleagues_elsewhere_read_and_the_public_does_not(
    client, published_groningen, coordinator, other_coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("network:note_add"),
        {
            "version": published_groningen.approved_version_id,
            "figure": "matches_made",
            "text": "De beursvloer met de Stadjerspas werkte.",
        },
    )

    assert response.status_code == 302
    note = FigureNote.objects.get()
    assert (note.author, note.figure) == (coordinator, "matches_made")
    client.force_login(other_coordinator)
    staff = client.get(response["Location"]).content.decode()
    assert "De beursvloer met de Stadjerspas werkte." in staff
    assert "Matches gemaakt: 31" in staff
    client.logout()
    assert "Stadjerspas" not in client.get(reverse("network:public")).content.decode()


def test_a_coordinator_cannot_note_on_another_municipalitys_figures(client, published_groningen, other_coordinator):
    haarlem_letter = letter_with(other_coordinator.municipality, 2021, Letter.Status.PUBLISHED, {"matches_made": 6})
    Municipality.objects.filter(pk=other_coordinator.municipality_id).update(in_network=True, population=162_000)
    client.force_login(other_coordinator)

    response = client.post(
        reverse("network:note_add"),
        {"version": published_groningen.approved_version_id, "figure": "matches_made", "text": "Overgenomen."},
    )

    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not FigureNote.objects.exists()
    assert haarlem_letter.approved_version_id  # their own would have been fine


def test_a_note_needs_a_known_figure_and_some_text(client, published_groningen, coordinator):
    client.force_login(coordinator)
    version = published_groningen.approved_version_id

    for data in (
        {"version": version, "figure": "matches_made", "text": "   "},
        {"version": version, "figure": "nonsense", "text": "Werkte."},
        {"version": version, "figure": "matches_made", "text": "x" * 501},
        {"version": "abc", "figure": "matches_made", "text": "Werkte."},
    ):
        response = client.post(reverse("network:note_add"), data)
        assert response.status_code == 400, data
    assert not FigureNote.objects.exists()


def test_a_coordinator_of_a_municipality_outside_the_network_gets_no_form(
    client, published_groningen, other_coordinator
):
    client.force_login(other_coordinator)

    text = client.get(reverse("network:staff")).content.decode()

    assert "Uw gemeente heeft nog geen gepubliceerde cijfers in het netwerk" in text
    assert 'name="text"' not in text


def test_notes_go_with_the_personal_data_download_and_erasure(published_groningen, coordinator):
    FigureNote.objects.create(
        letter_version=published_groningen.approved_version,
        figure="matches_made",
        text="Wat werkte",
        author=coordinator,
    )

    assert export_letters(coordinator)["network_notes"][0]["text"] == "Wat werkte"
    erase_letters(coordinator)
    assert not FigureNote.objects.exists()


# ---------------------------------------------------------------- a constant number of queries


def _queries(client, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["network:public", "network:staff", "network:csv"])
def test_the_pages_take_the_same_number_of_queries_whatever_the_number_of_municipalities_and_years(
    client, published_groningen, coordinator, name
):
    client.force_login(coordinator)
    FigureNote.objects.create(
        letter_version=published_groningen.approved_version, figure="matches_made", text="Een", author=coordinator
    )
    _queries(client, name)  # the session and the like, once
    few = _queries(client, name)
    for number in range(4):
        municipality = taking_part(f"Stad {number}", f"stad-{number}")
        programme = ProgrammeFactory(municipality=municipality, start_year=2019, end_year=2023)
        for year in (2019, 2020, 2021):
            letter = letter_with(
                municipality, year, Letter.Status.PUBLISHED, {"matches_made": year}, programme=programme
            )
            FigureNote.objects.create(
                letter_version=letter.approved_version, figure="matches_made", text="Twee", author=coordinator
            )

    assert _queries(client, name) == few


# ---------------------------------------------------------------- the administrator decides who takes part


def test_the_admin_shows_the_network_settings_of_a_municipality(client, groningen):
    administrator = UserFactory(role="administrator", is_staff=True, is_superuser=True)
    client.force_login(administrator)

    page = client.get(reverse("admin:accounts_municipality_change", args=[groningen.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="in_network"' in text and 'name="population"' in text
