"""Demo data: Groningen's action lines, challenges, needs, offers and suppliers say which goals they contribute to
(from their impact themes: work to 8 and 10, circular to 12, energy to 7 and 13, ...), and Groningen has a couple of
local targets. Idempotent: a tag or target that exists is left alone. It runs before the letters are written, so
that their figures hold the goals."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import Municipality, Theme
from core.demo import seed_step
from matching.models import Need, Offer
from procurement.models import Supplier
from programmes.challenges.models import Challenge
from programmes.models import ActionLine

from .models import GoalTag, LocalTarget

GOALS_OF_THEME = {
    Theme.Code.CARE: (3,),
    Theme.Code.WORK: (8, 10),
    Theme.Code.CIRCULAR: (12,),
    Theme.Code.ENERGY: (7, 13),
    Theme.Code.EDUCATION: (4,),
    Theme.Code.POVERTY: (1, 10),
    Theme.Code.FOOD: (2, 12),
    Theme.Code.CULTURE: (11,),
    Theme.Code.HOUSING: (11,),
}
# Groningen's action lines: 1 professionalising, 2 start-ups, 3 inspiring, 4 social bridges, 5 purchasing.
GOALS_OF_ACTION_LINE = {1: (8,), 2: (8, 9), 3: (8, 17), 4: (10, 17), 5: (8, 12)}
GRONINGEN_TARGETS = (
    (
        8,
        "Elk jaar vinden 150 mensen met een afstand tot de arbeidsmarkt werk via social return en impactondernemers.",
        "Mensen aan het werk via social return per jaar",
    ),
    (
        12,
        "In 2026 gaat 10% van de gemeentelijke inkoop naar circulaire impactondernemers.",
        "Aandeel circulaire inkoop bij impactleveranciers",
    ),
    (13, "Elke wijk heeft in 2026 een eigen energie-initiatief dat ondernemers en bewoners verbindt.", ""),
)


def _tag(obj, numbers) -> None:
    content_type = ContentType.objects.get_for_model(obj)
    for number in numbers:
        GoalTag.objects.get_or_create(content_type=content_type, object_id=obj.pk, goal_id=number)


def _goals_of_themes(obj) -> set[int]:
    return {number for theme in obj.themes.all() for number in GOALS_OF_THEME.get(theme.code, ())}


@seed_step(order=55)
@transaction.atomic
def seed_groningen_goals() -> None:
    groningen = Municipality.objects.get(slug="groningen")
    for line in ActionLine.objects.filter(programme__municipality=groningen):
        _tag(line, GOALS_OF_ACTION_LINE.get(line.number, ()))
    for challenge in Challenge.objects.filter(action_line__programme__municipality=groningen).select_related(
        "action_line"
    ):
        _tag(challenge, GOALS_OF_ACTION_LINE.get(challenge.action_line.number, ()))
    for listing in [
        *Need.objects.filter(municipality=groningen).prefetch_related("themes"),
        *Offer.objects.filter(municipality=groningen).prefetch_related("themes"),
        *Supplier.objects.filter(organisation__municipality=groningen).prefetch_related("themes"),
    ]:
        _tag(listing, sorted(_goals_of_themes(listing)))
    for number, text, indicator in GRONINGEN_TARGETS:
        LocalTarget.objects.get_or_create(
            municipality=groningen, goal_id=number, text=text, defaults={"indicator": indicator}
        )
