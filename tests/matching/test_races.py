"""Both sides (or a side and a coordinator) move the same match at the same moment: one step, one event,
and a clear message for the others. (A proposal submitted twice at once: test_beursvloer_double_submit.)"""

import pytest

from matching import services
from matching.models import Match, MatchEvent
from tests.matching.factories import MatchFactory
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
