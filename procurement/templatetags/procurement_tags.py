"""Template filters of procurement."""

from decimal import Decimal

from django import template
from django.forms import BoundField
from django.utils import translation
from django.utils.formats import number_format

from accounts.models import Theme
from core.formfields import plain_number
from procurement.sroi import Rule, rule_sentence

register = template.Library()


@register.filter
def theme_label(theme: Theme) -> str:
    """A theme's name in the active language, in one translation lookup (str(theme) takes one per theme code)."""
    return str(Theme.Code(theme.code).label)


# The directory's filters whose choices are fixed in the code: each of them, with no error, is the same HTML for
# the same language and value, so it is written once and kept (a few hundred at most: nine themes, sixteen
# categories, four distances, four sortings, and the criteria ticked).
KEPT_FIELDS = frozenset({"theme", "category", "distance", "sort", "criteria"})
KEPT_MAX = 2000
_kept_fields: dict[tuple, str] = {}


@register.simple_tag
def directory_field(field: BoundField) -> str:
    """A filter of the directory as its field group (`field.as_field_group`), written once per language and value
    for the filters with fixed choices."""
    if field.name not in KEPT_FIELDS or field.errors:
        return field.as_field_group()
    value = field.value()
    key = (translation.get_language(), field.name, tuple(value) if isinstance(value, list) else value)
    html = _kept_fields.get(key)
    if html is None:
        if len(_kept_fields) >= KEPT_MAX:
            _kept_fields.clear()
        html = _kept_fields[key] = field.as_field_group()
    return html


@register.filter
def impact_value(value) -> str:
    """A figure of an impact report as the page's language writes it ("2,5" FTE, "1.250" people); a dash when
    the supplier left it empty."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return plain_number(value)
    return number_format(value, force_grouping=True)


@register.simple_tag
def sroi_rule(rule: Rule) -> str:
    """A municipality's weighting rule as a sentence: "Member of Social Enterprise NL: counts for 50%"."""
    return rule_sentence(rule)
