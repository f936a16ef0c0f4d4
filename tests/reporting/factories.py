"""Factories and builders for reporting: a programme with its action lines, and a letter about 2020."""

import datetime as dt

from programmes.models import ActionLine
from reporting import services
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
