"""Reading the goals and the tags. The tags of a kind of object are found by its content type and ids."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Municipality

from .models import Goal, GoalTag, LocalTarget


def all_goals() -> list[Goal]:
    return list(Goal.objects.order_by("number"))


def goals_of(obj: models.Model) -> list[Goal]:
    """The goals `obj` is tagged with, by number (one query)."""
    return list(
        Goal.objects.filter(tags__content_type=ContentType.objects.get_for_model(obj), tags__object_id=obj.pk)
        .order_by("number")
        .distinct()
    )


def tags_of_kinds(scoped: dict[type[models.Model], QuerySet]) -> dict[type[models.Model], dict[int, set[int]]]:
    """For each model, {object id: goal numbers} of the objects of its queryset (one query for all kinds)."""
    content_types = ContentType.objects.get_for_models(*scoped)
    condition = Q(pk__in=[])
    for model, queryset in scoped.items():
        condition |= Q(content_type=content_types[model], object_id__in=queryset.values("pk"))
    model_of = {content_type.pk: model for model, content_type in content_types.items()}
    found: dict[type[models.Model], dict[int, set[int]]] = {model: defaultdict(set) for model in scoped}
    for content_type_id, object_id, goal_id in GoalTag.objects.filter(condition).values_list(
        "content_type_id", "object_id", "goal_id"
    ):
        found[model_of[content_type_id]][object_id].add(goal_id)
    return found


def tagged_with(tags: dict[int, set[int]], goal: int) -> list[int]:
    """The ids of the objects tagged with `goal`."""
    return sorted(object_id for object_id, goals in tags.items() if goal in goals)


def local_targets_of(municipality: Municipality) -> QuerySet[LocalTarget]:
    return LocalTarget.objects.filter(municipality=municipality).select_related("goal").order_by("goal", "pk")


def local_target_for(municipality: Municipality, pk: int) -> LocalTarget:
    """A local target of `municipality`; 404 for any other."""
    try:
        return LocalTarget.objects.select_related("goal").get(pk=pk, municipality=municipality)
    except LocalTarget.DoesNotExist:
        raise Http404 from None


def numbers_in(goals: Iterable[Goal | int]) -> list[int]:
    return sorted(goal if isinstance(goal, int) else goal.number for goal in goals)
