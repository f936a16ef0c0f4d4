"""`{% navigation %}`: the main navigation's list items for the page's user and URL (accounts.navigation)."""

from django import template
from django.utils.safestring import SafeString

from accounts import navigation as main_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context: template.Context) -> SafeString:
    return main_navigation.navigation(context.get("user"), context.get("request"))
