"""Writing the tags and the local targets."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from accounts.models import Municipality

from .models import Goal, GoalTag, LocalTarget
from .selectors import numbers_in


@transaction.atomic
def goal_tags_set(*, obj: models.Model, goals: Iterable[Goal | int]) -> None:
    """Tag `obj` with exactly these goals: new ones added, the others removed."""
    content_type = ContentType.objects.get_for_model(obj)
    wanted = set(numbers_in(goals))
    tags = GoalTag.objects.filter(content_type=content_type, object_id=obj.pk)
    tags.exclude(goal_id__in=wanted).delete()
    present = set(tags.values_list("goal_id", flat=True))
    GoalTag.objects.bulk_create(
        [GoalTag(content_type=content_type, object_id=obj.pk, goal_id=number) for number in sorted(wanted - present)]
    )


@transaction.atomic
def local_target_create(*, municipality: Municipality, goal: Goal, text: str, indicator: str = "") -> LocalTarget:
    target = LocalTarget(municipality=municipality, goal=goal, text=text, indicator=indicator)
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def local_target_update(*, target: LocalTarget, goal: Goal, text: str, indicator: str = "") -> LocalTarget:
    target.goal, target.text, target.indicator = goal, text, indicator
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def local_target_delete(*, target: LocalTarget) -> None:
    target.delete()
