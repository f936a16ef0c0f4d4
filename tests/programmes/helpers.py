"""Helpers for asserting what a Dutch-speaking user sees."""

from django.utils.html import escape
from django.utils.translation import gettext, override


def dutch(message: str, **values) -> str:
    """The message as the portal shows it in Dutch, its default language."""
    with override("nl"):
        text = gettext(message)
    return text % values if values else text


def shows(response, message: str, **values) -> bool:
    """Whether the page shows the (Dutch) message."""
    return escape(dutch(message, **values)) in response.content.decode()
