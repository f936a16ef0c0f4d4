"""The challenge models moved from programmes to the app labelled challenges without touching their rows.

pytest runs with --no-migrations, so this test drives the migrations itself, in a fresh Python process
on a throwaway database of the kind the environment selects (SQLite unless DATABASE_URL names PostgreSQL):
migrate to the last schema before the move, write a challenge with an application, a review and a score
through the models as they were then, migrate to the latest and read the rows through the new models.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("programmes", "0004_question_language")
call_command("migrate", *BEFORE, verbosity=0)
old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
assert ("challenges", "challenge") not in old.all_models or not old.all_models["challenges"]

Municipality = old.get_model("accounts", "Municipality")
Organisation = old.get_model("accounts", "Organisation")
User = old.get_model("accounts", "User")
Programme = old.get_model("programmes", "Programme")
ActionLine = old.get_model("programmes", "ActionLine")
Partner = old.get_model("programmes", "Partner")
Challenge = old.get_model("programmes", "Challenge")
ChallengeQuestion = old.get_model("programmes", "ChallengeQuestion")
Criterion = old.get_model("programmes", "Criterion")
Application = old.get_model("programmes", "Application")
ApplicationAnswer = old.get_model("programmes", "ApplicationAnswer")
StageChange = old.get_model("programmes", "StageChange")
Juror = old.get_model("programmes", "Juror")
Review = old.get_model("programmes", "Review")
Score = old.get_model("programmes", "Score")

from datetime import datetime, timezone

groningen = Municipality.objects.create(name="Groningen", slug="groningen", place_name="GRONINGEN")
organisation = Organisation.objects.create(
    name="Kringloopbedrijf De Vondst", kind="enterprise", municipality=groningen
)
coordinator = User.objects.create(
    email="coordinator@example.nl", name="Co Ordinator", role="coordinator", municipality=groningen
)
juror = User.objects.create(email="jury@example.nl", name="Jurylid Een", role="jury", municipality=groningen)
programme = Programme.objects.create(
    municipality=groningen, name="Ondernemen met impact", start_year=2019, end_year=2022
)
action_line = ActionLine.objects.create(programme=programme, number=2, title="Startups")
partner = Partner.objects.create(municipality=groningen, name="Impact Noord")
challenge = Challenge.objects.create(
    action_line=action_line,
    name="Sociale Groninger Ondernemers Challenge 2020",
    call_text="Meld u aan.",
    opens_at=datetime(2020, 6, 11, tzinfo=timezone.utc),
    closes_at=datetime(2020, 7, 31, tzinfo=timezone.utc),
)
challenge.partners.add(partner)
question = ChallengeQuestion.objects.create(challenge=challenge, position=1, text="Welk probleem lost u op?")
criterion = Criterion.objects.create(challenge=challenge, position=1, name="Impact", weight="2.50")
application = Application.objects.create(
    challenge=challenge,
    organisation=organisation,
    title="Tweede leven",
    summary="Werk voor wie het moeilijk vindt.",
    submitted_at=datetime(2020, 6, 15, tzinfo=timezone.utc),
    stage="selected",
    furthest_stage="selected",
)
ApplicationAnswer.objects.create(application=application, question=question, text="Afval en werkloosheid.")
StageChange.objects.create(application=application, from_stage="applied", to_stage="selected", actor=coordinator)
Juror.objects.create(challenge=challenge, user=juror)
review = Review.objects.create(
    application=application, juror=juror, submitted_at=datetime(2020, 8, 1, tzinfo=timezone.utc)
)
Score.objects.create(review=review, criterion=criterion, value=8, comment="Sterk plan.")

call_command("migrate", verbosity=0)

from django.contrib.contenttypes.models import ContentType

from programmes.challenges.models import Application, Challenge, Review, Score
from programmes.challenges.selectors import challenge_funnel, ranking

challenge = Challenge.objects.get()
application = Application.objects.select_related("organisation").get()
review = Review.objects.get()
score = Score.objects.select_related("criterion").get()
funnel = challenge_funnel(challenge)
print(json.dumps({
    "challenge": challenge.name,
    "partners": [p.name for p in challenge.partners.all()],
    "action_line": challenge.action_line.title,
    "application": [application.title, application.organisation.name, application.stage],
    "answers": [a.text for a in application.answers.all()],
    "stage_changes": [[c.from_stage, c.to_stage] for c in application.stage_changes.all()],
    "jurors": [j.user.name for j in challenge.jurors.all()],
    "review": [review.juror.name, review.application_id == application.pk],
    "score": [score.value, score.comment, score.criterion.name, str(score.criterion.weight)],
    "funnel_selected": funnel.selected,
    "ranked": [[row.title, str(row.score), row.rank] for row in ranking(challenge)],
    "content_types": sorted(ContentType.objects.filter(model="challenge").values_list("app_label", flat=True)),
}))
"""


def throwaway_database():
    """A DATABASE_URL for a database of its own, and a function that removes it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = f"challenge_migrations_{uuid.uuid4().hex[:12]}"
        server = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop
    return None, None


def test_the_move_keeps_every_challenge_row_readable_through_the_new_models(tmp_path):
    url, drop = throwaway_database()
    if url is None:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "impactportal.settings"}
    try:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
    finally:
        if drop:
            drop()
    assert result.returncode == 0, result.stderr[-4000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    assert read == {
        "challenge": "Sociale Groninger Ondernemers Challenge 2020",
        "partners": ["Impact Noord"],
        "action_line": "Startups",
        "application": ["Tweede leven", "Kringloopbedrijf De Vondst", "selected"],
        "answers": ["Afval en werkloosheid."],
        "stage_changes": [["applied", "selected"]],
        "jurors": ["Jurylid Een"],
        "review": ["Jurylid Een", True],
        "score": [8, "Sterk plan.", "Impact", "2.50"],
        "funnel_selected": 1,
        "ranked": [["Tweede leven", "8.00", 1]],
        "content_types": ["challenges"],
    }
