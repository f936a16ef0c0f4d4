"""The status badge of an object, from its StatusChoices (core.transitions):

{% load status %}<span class="utrecht-status-badge utrecht-status-badge--{{ activity|status_badge }}">
"""

from django import template

from core.transitions import badge_of

register = template.Library()


@register.filter
def status_badge(instance, field: str = "status") -> str:
    """The NL Design System status-badge variant of the object's status (or of another status field)."""
    return badge_of(instance, field)
