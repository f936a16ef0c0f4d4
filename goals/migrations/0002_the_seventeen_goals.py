"""The seventeen goals as the UN names and colours them (a copy of goals/data.py at the time of writing)."""

from django.db import migrations

GOALS = (
    (1, "Geen armoede", "No poverty", "#E5243B"),
    (2, "Geen honger", "Zero hunger", "#DDA63A"),
    (3, "Goede gezondheid en welzijn", "Good health and well-being", "#4C9F38"),
    (4, "Kwaliteitsonderwijs", "Quality education", "#C5192D"),
    (5, "Gendergelijkheid", "Gender equality", "#FF3A21"),
    (6, "Schoon water en sanitair", "Clean water and sanitation", "#26BDE2"),
    (7, "Betaalbare en duurzame energie", "Affordable and clean energy", "#FCC30B"),
    (8, "Waardig werk en economische groei", "Decent work and economic growth", "#A21942"),
    (9, "Industrie, innovatie en infrastructuur", "Industry, innovation and infrastructure", "#FD6925"),
    (10, "Ongelijkheid verminderen", "Reduced inequalities", "#DD1367"),
    (11, "Duurzame steden en gemeenschappen", "Sustainable cities and communities", "#FD9D24"),
    (12, "Verantwoorde consumptie en productie", "Responsible consumption and production", "#BF8B2E"),
    (13, "Klimaatactie", "Climate action", "#3F7E44"),
    (14, "Leven in het water", "Life below water", "#0A97D9"),
    (15, "Leven op het land", "Life on land", "#56C02B"),
    (16, "Vrede, justitie en sterke publieke diensten", "Peace, justice and strong institutions", "#00689D"),
    (17, "Partnerschap om doelstellingen te bereiken", "Partnerships for the goals", "#19486A"),
)


def add_goals(apps, schema_editor):
    Goal = apps.get_model("goals", "Goal")
    for number, name_nl, name_en, colour in GOALS:
        Goal.objects.update_or_create(
            number=number, defaults={"name_nl": name_nl, "name_en": name_en, "colour": colour}
        )


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_goals_tags_and_local_targets")]

    operations = [migrations.RunPython(add_goals, migrations.RunPython.noop)]
