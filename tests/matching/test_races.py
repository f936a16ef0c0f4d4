"""Both sides (or a side and a coordinator) move the same match at the same moment: one step, one event,
and a clear message for the others. (A proposal submitted twice at once: test_beursvloer_double_submit.)"""

import datetime as dt

import pytest
from django.utils import timezone

from matching import services
from matching.models import Match, MatchEvent, Need
from notifications.models import Notification
from tests.matching.factories import MatchFactory, NeedFactory
from tests.races import THREADS, race


@pytest.mark.django_db(transaction=True)
def test_eight_moves_of_one_match_at_once_make_one_step_and_seven_clear_refusals(groningen, coordinator):
    match = MatchFactory(need__municipality=groningen, status=Match.Status.SUGGESTED)

    outcomes = race(
        lambda: services.match_change_status(
            match=Match.objects.get(pk=match.pk), to_status=Match.Status.PREPARATION, actor=coordinator
        )
    )

    assert outcomes == {"ok": 1, "Dit is al gebeurd: de status is nu “In voorbereiding”.": THREADS - 1}
    assert Match.objects.get(pk=match.pk).status == Match.Status.PREPARATION
    assert MatchEvent.objects.filter(match=match, to_status=Match.Status.PREPARATION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_runs_of_the_stale_job_at_once_remind_each_piece_once_and_close_it_once(groningen, initiative):
    for n in range(30):
        NeedFactory(municipality=groningen, organisation=initiative.organisation, title=f"Stil {n}")
    Need.objects.update(updated_at=timezone.now() - dt.timedelta(days=61))
    now = timezone.now()

    assert race(lambda: services.stale_work_run(now=now, batch_size=4)) == {"ok": THREADS}
    assert Need.objects.filter(stale_reminded_at=now).count() == 30
    reminders = Notification.objects.filter(recipient=initiative, event="stale_reminder")
    assert sum(notification.params["count"] for notification in reminders) == 30  # each need told once

    later = now + dt.timedelta(days=30)
    assert race(lambda: services.stale_work_run(now=later, batch_size=4)) == {"ok": THREADS}
    assert Need.objects.filter(status="closed", stale_closed_at=later).count() == 30
    closings = Notification.objects.filter(recipient=initiative, event="stale_closed")
    assert sum(notification.params["count"] for notification in closings) == 30
