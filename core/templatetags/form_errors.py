"""The error summary at the top of a form that failed. A page that renders its fields by hand writes
`{% load form_errors %}{% error_summary form formset %}`; a form rendered with `{{ form }}` shows it by itself
(templates/django/forms/div.html)."""

from django import forms, template

from core.forms import summary_errors

register = template.Library()


@register.inclusion_tag("django/forms/error_summary.html")
def error_summary(*forms_or_formsets):
    """One summary for the forms and formsets of a page; a form named here and rendered later with `{{ form }}`
    does not show a second one. A name the page's context lacks is left out."""
    present = [item for item in forms_or_formsets if isinstance(item, forms.BaseForm | forms.BaseFormSet)]
    for item in present:
        item.summarised_on_page = True  # read by templates/django/forms/div.html
    return {"summary": summary_errors(*present)}
