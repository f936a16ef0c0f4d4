"""One way to change a status (core.transitions): each status names its moves and its badge, a move that is
not allowed now is refused with a message a person understands, and every move is in the audit trail."""

import pytest
from django.core.exceptions import ValidationError

from core import audit
from core.transitions import StatusChoices, _all_status_choices, choices_of, transition
from matching.models import Match
from procurement.models import Supplier
from programmes.models import Activity
from tests.matching.factories import MatchFactory
from tests.procurement.factories import SupplierFactory

BADGES = {"neutral", "success", "warning", "danger", "inactive"}  # the NL Design System status-badge variants


@pytest.mark.parametrize("statuses", _all_status_choices(), ids=lambda statuses: statuses.__qualname__)
def test_every_status_names_its_moves_and_its_badge(statuses: type[StatusChoices]):
    values = {str(status.value) for status in statuses}
    assert set(statuses.moves()) == values
    assert all(set(moves) <= values for moves in statuses.moves().values())
    assert set(statuses.badge_table()) == values
    assert set(statuses.badge_table().values()) <= BADGES


def test_it_finds_the_status_of_a_model():
    assert choices_of(Activity) is Activity.Status
    assert choices_of(Match) is Match.Status


@pytest.mark.django_db
def test_it_refuses_a_move_the_table_does_not_allow_and_says_why(groningen, coordinator):
    match = MatchFactory(need__municipality=groningen, status=Match.Status.SUGGESTED)

    with pytest.raises(ValidationError) as refused:
        transition(match, to=Match.Status.COMPLETED, actor=coordinator)

    assert refused.value.messages == ["Wat voorgesteld is, kan niet afgerond worden."]
    assert Match.objects.get(pk=match.pk).status == Match.Status.SUGGESTED
    assert not audit.entries_of(match).exists()


@pytest.mark.django_db
def test_it_says_so_when_someone_was_first(groningen, coordinator):
    match = MatchFactory(need__municipality=groningen, status=Match.Status.SUGGESTED)
    stale = Match.objects.get(pk=match.pk)
    transition(match, to=Match.Status.PREPARATION, actor=coordinator)

    with pytest.raises(ValidationError) as refused:
        transition(stale, to=Match.Status.PREPARATION, actor=coordinator)

    assert refused.value.messages == ["Dit is al gebeurd: de status is nu “In voorbereiding”."]
    assert stale.status == Match.Status.PREPARATION  # re-read under the lock


@pytest.mark.django_db
def test_it_records_the_move_with_the_role_of_who_made_it(coordinator, groningen):
    supplier = SupplierFactory(organisation__municipality=groningen, status=Supplier.Status.PENDING)

    transition(supplier, to=Supplier.Status.VERIFIED, actor=coordinator, municipality=groningen, reason="In orde.")

    entry = audit.entries_of(supplier).get()
    assert (entry.action, entry.actor, entry.actor_role, entry.reason) == (
        "changed",
        coordinator,
        "coordinator",
        "In orde.",
    )
    assert entry.changes["status"] == ["pending", "verified"]
    assert entry.municipality == groningen
