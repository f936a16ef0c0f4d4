"""The directory's supplier cards, written in Python.

A card is the HTML of procurement/includes/supplier_card.html (with its badges, supplier_badges.html): the name and
profile link, where the supplier is (and how far, near a postcode), the start of its description, its products and
services, and its badges. The directory renders twenty of them on every search; through the template language their
loop was over a third of the page's CPU (about 25 template nodes, 24 variable lookups and 15 escapes a card). This
writes the same HTML byte for byte, with the same translations, escaping and number formats;
tests/procurement/test_cards.py renders both ways and compares. Change the templates and this function together.
"""

from django.template.defaultfilters import floatformat, truncatewords
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from core.formrenderer import shown as _shown  # `{{ value }}`: localised and escaped, as the page renders it

from .selectors import SupplierCard

NEUTRAL_BADGE = '<span class="utrecht-status-badge utrecht-status-badge--neutral">'
SUCCESS_BADGE = '<span class="utrecht-status-badge utrecht-status-badge--success">'


def _place(card: SupplierCard, show_distance: bool) -> str:
    municipality = card.municipality_name
    place = _shown(card.city or municipality)
    if card.city and card.city != municipality:
        place += f" ({gettext('municipality')} {_shown(municipality)})"
    if show_distance and card.distance is not None:
        place += " · " + gettext("%(km)s km away") % {"km": _shown(floatformat(card.distance, 0))}
    return place


def _offerings(card: SupplierCard) -> str:
    if not card.offering_titles:
        return ""
    titles = ", ".join(conditional_escape(title) for title in card.offering_titles)
    more = ""
    if card.more_offerings:
        count = card.more_offerings
        more = " " + ngettext("and %(counter)s more", "and %(counter)s more", count) % {"counter": _shown(count)}
    hidden = f'<span class="visually-hidden">{gettext("Products and services:")} </span>'
    return f"\n  <p>{hidden}{titles}{more}</p>\n  "


def _badges(card: SupplierCard) -> str:
    themes = "".join(f"{NEUTRAL_BADGE}{_shown(label)}</span> " for label in card.theme_labels)
    pso = f"{SUCCESS_BADGE}{_shown(card.pso_label)}</span>" if card.pso_level else ""
    code = f"{SUCCESS_BADGE}{gettext('Code Sociale Ondernemingen')}</span>" if card.code_sociale_ondernemingen else ""
    social = f"{SUCCESS_BADGE}{gettext('Social Enterprise NL')}</span>" if card.social_enterprise_nl else ""
    return f"\n    {themes}\n    {pso}\n    {code}\n    {social}\n  "


def supplier_card(card: SupplierCard, show_distance: bool) -> str:
    """procurement/includes/supplier_card.html for one card, ending in a newline as the template does."""
    return (
        f'<li class="portal-card">\n'
        f'  <h3 class="portal-card__title"><a href="{_shown(card.profile_url)}">{_shown(card.name)}</a></h3>\n'
        f'  <p class="portal-card__meta">{_place(card, show_distance)}</p>\n'
        f"  <p>{_shown(truncatewords(card.description, 30))}</p>\n"
        f"  {_offerings(card)}\n"
        f'  <p class="portal-cluster">{_badges(card)}</p>\n'
        f"</li>\n"
    )


def supplier_cards(cards: list[SupplierCard], show_distance: bool) -> SafeString:
    """Every card of a page, in order (every value in them is escaped above)."""
    return mark_safe("".join(supplier_card(card, show_distance) for card in cards))  # noqa: S308
