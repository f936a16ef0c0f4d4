"""Factories and builders for reporting: a programme with its action lines, and a letter about 2020."""

import datetime as dt

from django.utils import timezone

from programmes.models import ActionLine
from reporting import services
from reporting.models import Letter, LetterVersion
from tests.programmes.factories import ProgrammeFactory

ACTION_LINES = [
    (1, "Bestaande impactondernemers helpen zich te professionaliseren", "Impactondernemers professionaliseren."),
    (2, "Meer aandacht voor impactondernemerschap bij startups", "Aandacht bij startups."),
    (3, "Bestaande ondernemers inspireren", "MKB inspireren."),
    (4, "Verbinding regulier MKB en impactondernemers (social bridges)", "Verbinding stimuleren."),
    (5, "Impact via inkoop en aanbestedingen", "Sociaal inkopen stimuleren."),
    (6, "Communicatie & Zichtbaarheid", "Zichtbaarheid vergroten."),
]


def programme_with_action_lines(municipality, *, lines=ACTION_LINES):
    programme = ProgrammeFactory(
        municipality=municipality, name="Ondernemen met impact 2019-2022", start_year=2019, end_year=2022
    )
    for number, title, goal in lines:
        ActionLine.objects.create(programme=programme, number=number, title=title, goal=goal)
    return programme


def letter_about_2020(programme, user, **fields):
    fields.setdefault("letter_date", dt.date(2020, 12, 2))
    fields.setdefault("introduction", "Het actieprogramma vormt de basis.")
    return services.letter_create(programme=programme, year=2020, user=user, **fields)


def frozen(**values) -> dict:
    """Frozen figures in the catalogue's shape."""
    kinds = {"impact_spend": "euros", "sroi_realised": "euros"}
    return {
        "values": {name: {"value": value, "kind": kinds.get(name, "count")} for name, value in values.items()},
        "charts": {},
        "indicators": {},
    }


def letter_with(municipality, year, status, values, *, programme=None) -> Letter:
    """A letter of `municipality` about `year` in `status` whose (approved, where it is approved) version froze
    `values`."""
    programme = programme or ProgrammeFactory(municipality=municipality, start_year=2019, end_year=2023)
    letter = Letter.objects.create(
        programme=programme, year=year, subject=f"Brief {year}", author_name="Auteur", letter_date=dt.date(year, 12, 1)
    )
    version = LetterVersion.objects.create(
        letter=letter, figures=frozen(**values), status=LetterVersion.Status.READY, number=1
    )
    if status != Letter.Status.DRAFT:
        now = timezone.now()
        letter.approved_version = version
        letter.approved_at = now
        letter.status = status
        letter.published_at = now if status == Letter.Status.PUBLISHED else None
        letter.save()
    return letter
