"""A draft's live figures and its preview are worked out once per change of the data, not once per request
(core.datachanges): every write moves the data's mark, whichever way it is made, and nothing older than the last
commit is shown. These tests run outside a test transaction (transaction=True), as a request does."""

import datetime as dt
import re

import psycopg
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import require_postgresql
from core import datachanges
from core.models import DataChange
from programmes.models import ActionLine, Activity
from reporting import services
from tests.programmes.factories import ActivityFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines
from tests.surveys.test_letter import cited  # noqa: F401  (a letter that cites a survey's result)

pytestmark = pytest.mark.django_db(transaction=True)


def held_in_2020(programme, count: int = 1) -> None:
    line = programme.action_lines.get(number=1)
    at = dt.datetime(2020, 3, 1, 12, tzinfo=timezone.get_current_timezone())
    ActivityFactory.create_batch(count, action_line=line, starts_at=at, status=Activity.Status.HELD)


@pytest.fixture
def letter(groningen, coordinator):
    programme = programme_with_action_lines(groningen)
    held_in_2020(programme, 3)
    return letter_about_2020(programme, coordinator, introduction="Er zijn [[activities_held]] activiteiten gehouden.")


def another_write(letter) -> None:
    """A write of one row that the figures read but that changes none of them."""
    ActionLine.objects.filter(programme=letter.programme, number=6).update(goal="Zichtbaar zijn.")


def held(letter) -> int:
    return services.live_figures(letter)["values"]["activities_held"]["value"]


def tables_read_by_the_live_figures(letter) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        services.live_figures(letter)
    return {table for query in queries for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])}


def test_every_table_the_live_figures_read_is_watched(letter, cited):  # noqa: F811
    DataChange.objects.create()  # a new mark: nothing is kept for it
    read = tables_read_by_the_live_figures(letter) | tables_read_by_the_live_figures(cited["letter"])

    assert {"programmes_activity", "matching_match", "surveys_answer", "procurement_award"} <= read
    assert read - {datachanges.TABLE} <= datachanges.watched_tables()


def test_the_editor_works_the_figures_out_once_until_the_data_changes(client, coordinator, letter):
    client.force_login(coordinator)
    editor = reverse("reporting:letter_edit", args=[letter.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(editor)
    with CaptureQueriesContext(connection) as again:
        response = client.get(editor)

    assert len(first) - len(again) >= 20
    assert "Er zijn 3 activiteiten gehouden." in re.sub(r"<[^>]+>", "", response.content.decode())


def test_a_change_made_by_a_bulk_update_shows_in_the_editor_at_once(client, coordinator, letter):
    client.force_login(coordinator)
    editor = reverse("reporting:letter_edit", args=[letter.pk])
    client.get(editor)

    Activity.objects.filter(action_line__programme=letter.programme).update(status=Activity.Status.CANCELLED)

    text = re.sub(r"<[^>]+>", "", client.get(editor).content.decode())
    assert "Er zijn 0 activiteiten gehouden." in text


def test_a_change_made_in_sql_and_a_delete_show_at_once(letter):
    assert held(letter) == 3
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE programmes_activity SET status = %s WHERE id = %s", ["cancelled", Activity.objects.first().pk]
        )
    assert held(letter) == 2

    Activity.objects.filter(status=Activity.Status.HELD).first().delete()
    assert held(letter) == 1

    held_in_2020(letter.programme, 4)
    assert held(letter) == 5


def test_a_match_made_shows_at_once(letter):
    from matching.models import Match
    from tests.matching.factories import MatchFactory

    assert services.live_figures(letter)["values"]["matches_made"]["value"] == 0
    MatchFactory(
        need__municipality=letter.programme.municipality, status=Match.Status.MADE, made_on=dt.date(2020, 6, 1)
    )
    assert services.live_figures(letter)["values"]["matches_made"]["value"] == 1


def test_nothing_worked_out_inside_a_transaction_outlives_its_rollback(letter, entrepreneur):
    assert held(letter) == 3
    with transaction.atomic():
        Activity.objects.filter(pk=Activity.objects.first().pk).update(status=Activity.Status.CANCELLED)
        assert held(letter) == 2
        transaction.set_rollback(True)
    # Another write of one row brings the mark to where the rolled back one had it (on SQLite even its id).
    another_write(letter)

    assert held(letter) == 3


def test_a_transaction_that_commits_after_a_later_one_still_shows(letter, settings):
    require_postgresql("two connections writing at once")
    assert held(letter) == 3
    first = Activity.objects.filter(status=Activity.Status.HELD).order_by("pk").first()
    with psycopg.connect(**_connection_parameters()) as slow:
        slow.execute("UPDATE programmes_activity SET status = 'cancelled' WHERE id = %s", [first.pk])  # not committed
        another_write(letter)  # a later write that commits first
        assert held(letter) == 3  # kept under the mark of that later write
        slow.commit()

    assert held(letter) == 2


def test_compacting_keeps_the_mark_and_loses_no_change_committed_meanwhile(letter):
    require_postgresql("two connections writing at once")
    assert held(letter) == 3
    total, _ = datachanges.current_mark()
    with psycopg.connect(**_connection_parameters()) as slow:
        slow.execute("UPDATE programmes_activity SET status = 'cancelled' WHERE id = %s", [Activity.objects.first().pk])
        datachanges.compact()
        assert DataChange.objects.count() == 1
        assert datachanges.current_mark()[0] == total
        slow.commit()

    assert datachanges.current_mark()[0] == total + 1
    assert held(letter) == 2


def test_compacting_folds_the_rows_and_the_figures_stay_right(letter):
    Activity.objects.filter(pk=-1).update(title="nothing")
    total, _ = datachanges.current_mark()
    assert DataChange.objects.count() > 1

    datachanges.compact()

    assert DataChange.objects.count() == 1
    assert datachanges.current_mark()[0] == total
    assert held(letter) == 3
    Activity.objects.filter(status=Activity.Status.HELD).first().delete()
    assert held(letter) == 2


def test_the_preview_shows_the_unsaved_text_with_the_kept_figures(client, coordinator, letter):
    client.force_login(coordinator)
    client.get(reverse("reporting:letter_edit", args=[letter.pk]))
    fields = {name: getattr(letter, name) or "" for name in services.LETTER_FIELDS}
    fields |= {"letter_date": "2020-12-02", "introduction": "Nu [[activities_held]] activiteiten."}

    response = client.post(
        reverse("reporting:preview_fragment", args=[letter.pk]), fields, headers={"HX-Request": "true"}
    )

    assert "Nu 3 activiteiten." in re.sub(r"<[^>]+>", "", response.content.decode())
    letter.refresh_from_db()
    assert letter.introduction == "Er zijn [[activities_held]] activiteiten gehouden."


def test_the_figures_of_a_new_day_are_worked_out_anew(letter, monkeypatch):
    services.live_figures(letter)
    with CaptureQueriesContext(connection) as same_day:
        services.live_figures(letter)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    with CaptureQueriesContext(connection) as next_day:
        services.live_figures(letter)

    assert len(same_day) == 1  # the mark
    assert len(next_day) > 10


def _connection_parameters() -> dict:
    settings = connection.settings_dict
    return {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "dbname": settings["NAME"],
        "autocommit": False,
    }


def test_the_whole_draft_as_it_will_print_is_kept_too_and_shows_a_change_at_once(client, coordinator, letter):
    client.force_login(coordinator)
    preview = reverse("reporting:letter_preview", args=[letter.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(preview)
    with CaptureQueriesContext(connection) as again:
        client.get(preview)
    assert len(first) - len(again) >= 20

    Activity.objects.filter(action_line__programme=letter.programme).update(status=Activity.Status.CANCELLED)

    assert "Er zijn 0 activiteiten gehouden." in re.sub(r"<[^>]+>", "", client.get(preview).content.decode())
