"""The portal's form renderer: Django's TemplatesSetting, with the templates of the plain widgets written in Python.

Every text field, date, number, e-mail address, textarea and checkbox of every form, and every option of a list of
checkboxes or radio buttons, went through two or three template layers (the widget's template including
input.html, an option's including input_option.html including input.html): on a form page that was most of the
page's CPU. The functions below write the same HTML, byte for byte (tests/core/test_formrenderer.py renders every
widget both ways, with awkward values and attributes), for the templates named in WRITTEN; any other template (a
widget of our own, a select with option groups) is rendered from its template as before. The field group
(templates/django/forms/field.html: label, help text, errors and widget) is written the same way: a form of eleven
fields spent a third of its page's CPU in it.
"""

from collections.abc import Callable

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData
from django.utils.translation import gettext

_CONTEXT = Context()  # autoescape on, localisation and time zone as the settings say: as a template renders


def shown(value) -> str:
    """`{{ value }}`: localised and escaped (unless marked safe)."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: `%s` of the value, escaped unless the value was marked safe."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031  (the filter's own formatting, for the same result on every value)
    except (ValueError, TypeError):
        text = ""
    return text if isinstance(value, SafeData) else escape(text)


def attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html (written inline in our input.html): `False` left out, `True` as a bare name."""
    return "".join(
        f" {shown(name)}" if value is True else f' {shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict, renderer) -> str:
    """templates/django/forms/widgets/input.html."""
    value = widget.get("value")
    shown_value = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{shown(widget.get("type", ""))}" name="{shown(widget["name"])}"{shown_value}'
        f"{attributes(widget['attrs'])}>\n"
    )


def _input_with_newline(widget: dict, renderer) -> str:
    """Django's email.html, number.html, ... and our text.html: input.html and a newline."""
    return _input(widget, renderer) + "\n"


def _textarea(widget: dict, renderer) -> str:
    value = widget.get("value")
    return (
        f'<textarea name="{shown(widget["name"])}"{attributes(widget["attrs"])}>\n'
        f"{shown(value) if value else ''}</textarea>\n"
    )


def _input_option(widget: dict, renderer) -> str:
    """input_option.html: the input, in its label when the label wraps it."""
    if not widget.get("wrap_label"):
        return _input(widget, renderer) + "\n"
    identifier = widget["attrs"].get("id")
    label_for = f' for="{shown(identifier)}"' if identifier else ""
    return f"<label{label_for}>{_input(widget, renderer)} {shown(widget.get('label'))}</label>\n"


def _option(widget: dict, renderer) -> str:
    """checkbox_option.html and radio_option.html: input_option.html and a newline."""
    return _input_option(widget, renderer) + "\n"


def _multiple_input(widget: dict, renderer) -> str:
    """multiple_input.html: the options in a div each, in a div of their group when they have one."""
    attrs = widget["attrs"]
    identifier, css_class = attrs.get("id"), attrs.get("class")
    shown_id = f' id="{shown(identifier)}"' if identifier else ""
    shown_class = f' class="{shown(css_class)}"' if css_class else ""
    parts = [f"<div{shown_id}{shown_class}>"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{shown(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_included(option['template_name'], option, renderer)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def _multiple_input_with_newline(widget: dict, renderer) -> str:
    """checkbox_select.html and radio.html: multiple_input.html and a newline."""
    return _multiple_input(widget, renderer) + "\n"


WIDGETS = "django/forms/widgets/"
INPUT_TYPES = (
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
)
WRITTEN: dict[str, Callable[[dict, "FormRenderer"], str]] = {
    f"{WIDGETS}input.html": _input,
    **{f"{WIDGETS}{name}.html": _input_with_newline for name in (*INPUT_TYPES, "text", "time", "url")},
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}input_option.html": _input_option,
    f"{WIDGETS}checkbox_option.html": _option,
    f"{WIDGETS}radio_option.html": _option,
    f"{WIDGETS}multiple_input.html": _multiple_input,
    f"{WIDGETS}checkbox_select.html": _multiple_input_with_newline,
    f"{WIDGETS}radio.html": _multiple_input_with_newline,
}


def _optional(field) -> str:
    """The mark of an optional field, except on a filter form and where core.forms.sometimes_required says."""
    if (
        field.field.required
        or getattr(field.field, "sometimes_required", False)
        or getattr(field.form, "is_filter", False)
    ):
        return ""
    return f' <span class="portal-field__optional">({shown(gettext("optional"))})</span>'


def _help(field) -> str:
    if not field.help_text:
        return ""
    shown_id = f' id="{shown(field.auto_id)}_helptext"' if field.auto_id else ""
    return f'<div class="utrecht-form-field-description portal-field__help"{shown_id}>{shown(field.help_text)}</div>'


def _label(field, optional: str) -> str:
    if not field.label:
        return ""
    label_for = f' for="{shown(field.id_for_label)}"' if field.id_for_label else ""
    return f'<label class="utrecht-form-label"{label_for}>{shown(field.label)}{optional}</label>'


def _field_group(field) -> str:
    """templates/django/forms/field.html: a field's label, help text, errors and widget in NL Design System style."""
    checkbox = field.widget_type == "checkbox"
    errors = field.errors
    css = (
        f"utrecht-form-field portal-field{' portal-field--checkbox' if checkbox else ''}"
        f"{' portal-field--invalid utrecht-form-field--invalid' if errors else ''}"
    )
    if field.use_fieldset:
        described = field.aria_describedby
        shown_described = f' aria-describedby="{shown(described)}"' if described else ""
        legend = (
            f'<legend class="utrecht-form-fieldset__legend utrecht-form-label">{shown(field.label)}'
            f"{_optional(field)}</legend>"
            if field.label
            else ""
        )
        inner = (
            f'\n  <fieldset class="utrecht-form-fieldset"{shown_described}>\n  {legend}\n  {_help(field)}\n'
            f"  {shown(errors)}\n  {shown(field)}\n  </fieldset>\n"
        )
    elif checkbox:
        inner = (
            f'\n  {shown(errors)}\n  <div class="portal-field__control">{shown(field)}{_label(field, "")}</div>\n'
            f"  {_help(field)}\n"
        )
    else:
        inner = f"\n  {_label(field, _optional(field))}\n  {_help(field)}\n  {shown(errors)}\n  {shown(field)}\n"
    return f'<div class="{css}">\n{inner}\n</div>\n'


FIELD_GROUP = "django/forms/field.html"


def _included(template_name: str, widget: dict, renderer) -> str:
    """`{% include template_name with widget=widget %}`: as the template writes it, not stripped."""
    write = WRITTEN.get(template_name)
    if write is None:
        return renderer.get_template(template_name).render({"widget": widget})
    return write(widget, renderer)


class FormRenderer(TemplatesSetting):
    """Forms and widgets from the project's templates (as TemplatesSetting), the plain widgets written in Python."""

    def render(self, template_name, context, request=None):
        if template_name == FIELD_GROUP:
            return _field_group(context["field"]).strip()
        write = WRITTEN.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context["widget"], self).strip()  # as BaseRenderer strips a rendered template
