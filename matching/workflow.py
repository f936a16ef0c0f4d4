"""The match workflow: who may make each step. Which status may follow which is Match.Status's table
(suggested → in preparation → made → completed; suggested or in preparation → declined, with a reason).
The services enforce these rules; the pages use the same functions to show only the buttons a user may press.
"""

from accounts.models import User

from .models import Match

Status = Match.Status

COORDINATOR = "coordinator"
INITIATIVE = "initiative"
ENTERPRISE = "enterprise"


def side_of(match: Match, user: User) -> str | None:
    """Which side of the match the user is on: the initiative, the entrepreneur, a coordinator, or none."""
    if not user.is_authenticated:
        return None
    if user.is_coordinator and user.municipality_id == match.municipality_id:
        return COORDINATOR
    if user.is_organisation_member:
        if user.organisation_id == match.need.organisation_id:
            return INITIATIVE
        if user.organisation_id == match.enterprise_id:
            return ENTERPRISE
    return None


def may_change(match: Match, user: User, to_status: str) -> bool:
    """Whether this user may move this match to `to_status` now.

    Coordinators may make every allowed step. Either side may decline, mark made and complete; a
    suggestion is accepted by the side that did not propose it (either side when a coordinator did).
    """
    if match.status == Status.DECLINED or not Status(match.status).can_become(to_status):
        return False  # a declined match comes back only when one closed for lack of movement is undone
    side = side_of(match, user)
    if side is None:
        return False
    if side == COORDINATOR:
        return True
    if match.status == Status.SUGGESTED and to_status == Status.PREPARATION:
        return match.proposed_by_organisation_id != user.organisation_id
    return True


def next_statuses_for(match: Match, user: User) -> list[str]:
    return [status for status in Status(match.status).next_statuses if may_change(match, user, status)]
