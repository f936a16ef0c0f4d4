"""Template filters of procurement."""

from django import template

from accounts.models import Theme

register = template.Library()


@register.filter
def theme_label(theme: Theme) -> str:
    """A theme's name in the active language, in one translation lookup (str(theme) takes one per theme code)."""
    return str(Theme.Code(theme.code).label)
