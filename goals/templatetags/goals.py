from django import template
from django.db import models

from goals.selectors import goals_of

register = template.Library()


@register.inclusion_tag("goals/includes/goal_tags.html")
def goal_tags(obj: models.Model, heading_level: int = 2) -> dict:
    """The goals an object contributes to, as small tiles under a heading (nothing when it has none)."""
    return {"goals": goals_of(obj), "heading_level": heading_level}


@register.inclusion_tag("goals/includes/goal_tile_list.html")
def goal_tile_list(goals, small: bool = False) -> dict:
    return {"goals": goals, "small": small}
