"""Widgets shared by the apps' forms."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.formrenderer import attributes


class FastSelect(forms.Select):
    """Django's select with its options written in Python, not a template loop over them: the same HTML as
    templates/django/forms/widgets/select.html (one option a line, the first choice that matches selected),
    in a fraction of the time. Groups of options are left to Django. For the directory's filters, the long
    lists of the match proposal, the match list's status filter and the ranking's bulk actions."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # not list(self.choices): its length would cost a COUNT query
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options, has_selected = [], False
        for choice, label in choices:
            choice = "" if choice is None else str(choice)
            selected = (not has_selected or self.allow_multiple_selected) and choice in wanted
            has_selected |= selected
            options.append(
                f'\n  <option value="{conditional_escape(choice)}"{" selected" if selected else ""}>'
                f"{conditional_escape(label)}</option>"
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        return mark_safe(  # noqa: S308 (every value and label is escaped above)
            f'<select name="{conditional_escape(name)}"{attributes(final_attrs)}>{"".join(options)}\n</select>'
        )
