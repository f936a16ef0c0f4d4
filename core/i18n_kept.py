"""`{% translate "..." %}` of a fixed text translated once per process and language, not on every render: `install()`
(from CoreConfig.ready) puts this tag in Django's own `i18n` library, so every `{% load i18n %}` has it.

Django's tag makes a lazy translation of its text on every render and then turns it into a string (two lookups of
the active language, the catalogue, the proxy): a page with sixty such tags spent a tenth of its CPU there. The kept
value is what Django's tag writes, made by Django's own code the first time; a tag with a variable, a filter or a
context that is not a fixed text is rendered by Django's tag as before. What is kept is forgotten with everything
else `core.kept` keeps (a changed catalogue in development, changed settings in tests).
"""

from django.template import Context
from django.template.base import render_value_in_context
from django.templatetags.i18n import TranslateNode, do_translate
from django.templatetags.i18n import register as django_i18n
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

from core.kept import kept_per_process


class KeptTranslateNode(TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        self.fixed = _is_fixed_text(self.filter_expression) and (
            message_context is None or _is_fixed_text(message_context)
        )

    def render(self, context):
        if not self.fixed:
            return super().render(context)
        value = _translated(self, get_language())
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def translated(self, context) -> str:
        """TranslateNode.render's value, before it is written or put in a variable."""
        self.filter_expression.var.translate = not self.noop
        if self.message_context:
            self.filter_expression.var.message_context = self.message_context.resolve(context)
        value = render_value_in_context(self.filter_expression.resolve(context), context)
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")  # template text doubles its percent signs
        return mark_safe(value) if is_safe else value  # noqa: S308 (safe only where Django's tag keeps it safe)


def _is_fixed_text(expression) -> bool:
    variable = expression.var
    return not expression.filters and isinstance(getattr(variable, "literal", None), str)


@kept_per_process(maxsize=8192)
def _translated(node: KeptTranslateNode, language: str | None) -> str:
    """The tag's text in `language` (the active one, passed as part of the key). A fixed text is template text,
    which Django marks safe, so escaping does not change it."""
    return node.translated(Context())


def kept_translate(parser, token):
    """`{% translate %}` and `{% trans %}`, parsed by Django, rendered by KeptTranslateNode."""
    node = do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


def install() -> None:
    """Make `{% translate %}` and `{% trans %}` of Django's i18n library this one. (Naming a library of our own
    `i18n` in the settings would do the same, but Django's deploy check warns of two libraries of one name.)"""
    django_i18n.tags["translate"] = django_i18n.tags["trans"] = kept_translate
