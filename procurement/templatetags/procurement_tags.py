"""Template filters of procurement."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from accounts.models import Theme
from core.formfields import plain_number
from procurement.sroi import Rule, rule_sentence

register = template.Library()


@register.filter
def theme_label(theme: Theme) -> str:
    """A theme's name in the active language, in one translation lookup (str(theme) takes one per theme code)."""
    return str(Theme.Code(theme.code).label)


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
