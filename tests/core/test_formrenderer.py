"""The plain widgets written in Python (core.formrenderer) give the HTML their templates give, byte for byte: every
widget of a form with awkward values, attributes and labels, bound and unbound, in Dutch and English."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.formfields import LocalizedDecimalField
from core.formrenderer import WRITTEN, FormRenderer
from core.forms import FilterForm, sometimes_required

AWKWARD = 'Tom & "Jerry" <b>\'s</b> café'
CHOICES = [("a", AWKWARD), ("b", _("Municipality")), (3, 1234), ("", "—")]
GROUPED = [("Groep <1>", [("x", "X & Y"), ("y", "Y")]), ("z", "Z")]


class EveryWidget(forms.Form):
    text = forms.CharField(label=AWKWARD, help_text=mark_safe("<em>safe</em>"), max_length=20)
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": AWKWARD, "x": True}))
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"disabled": False, "data-zero": 0}))
    email = forms.EmailField()
    url = forms.URLField(required=False)
    number = forms.IntegerField(required=False)
    amount = LocalizedDecimalField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False)
    moment = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}), required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}), required=False)
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color"}), required=False)
    story = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(required=False)
    kinds = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False)
    kind = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    grouped = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False)
    classed = forms.ChoiceField(
        choices=CHOICES, widget=forms.RadioSelect(attrs={"class": "portal-radios <x>"}), required=False
    )
    upload = forms.FileField(required=False, widget=forms.FileInput)


VALUES = {
    "text": AWKWARD,
    "optional": "",
    "email": "a&b@example.nl",
    "url": "https://example.nl/?a=1&b=<2>",
    "number": "12",
    "amount": "1234,5",
    "password": "geheim\"'",
    "hidden": mark_safe("<i>kept</i>"),
    "day": "2026-11-30",
    "moment": "2026-11-30 12:00",
    "time": "12:30",
    "story": f"Regel 1\n{AWKWARD}\n",
    "agree": "on",
    "kinds": ["a", "3"],
    "kind": "b",
    "grouped": ["x"],
    "classed": "",
}
INITIAL = {
    "text": mark_safe("<b>safe</b>"),
    "number": 1234567,
    "amount": Decimal("1234.50"),
    "day": dt.date(2026, 11, 30),
    "moment": dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC),
    "story": "",
    "agree": True,
    "kinds": ["b"],
    "kind": 3,
}


class EveryFieldGroup(EveryWidget):
    """EveryWidget and the field groups' own cases: no label, an unsafe help text, a select, a file, a field that is
    sometimes required."""

    unlabelled = forms.CharField(label="", required=False, help_text="Kies <één> & klaar")
    choose = forms.ChoiceField(choices=CHOICES, help_text=_("Optional"))
    sometimes = sometimes_required(forms.CharField(required=False, label=_("Municipality")))
    agreed = forms.BooleanField(label=AWKWARD, help_text=AWKWARD)
    blank_choice = forms.MultipleChoiceField(label="", choices=CHOICES, widget=forms.CheckboxSelectMultiple)


class EveryFilter(EveryFieldGroup, FilterForm):
    pass


def rendered(form: forms.Form) -> list[str]:
    return [str(field) for field in form] + [field.as_hidden() for field in form if field.name == "hidden"]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize(
    "arguments", [{"data": VALUES}, {"initial": INITIAL}, {"data": {}}], ids=["bound", "initial", "empty"]
)
def test_every_plain_widget_is_written_as_its_template_writes_it(language, auto_id, arguments):
    with translation.override(language):
        templates = rendered(EveryWidget(auto_id=auto_id, renderer=TemplatesSetting(), **arguments))
        python = rendered(EveryWidget(auto_id=auto_id, renderer=FormRenderer(), **arguments))

    assert python == templates


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("form_class", [EveryFieldGroup, EveryFilter])
@pytest.mark.parametrize(
    "arguments",
    [{"data": VALUES}, {"initial": INITIAL}, {"data": {}}, {}],
    ids=["bound", "initial", "empty-with-errors", "unbound"],
)
def test_every_field_group_is_written_as_its_template_writes_it(language, auto_id, form_class, arguments):
    with translation.override(language):
        templates = form_class(auto_id=auto_id, renderer=TemplatesSetting(), **arguments)
        python = form_class(auto_id=auto_id, renderer=FormRenderer(), **arguments)

        assert [field.as_field_group() for field in python] == [field.as_field_group() for field in templates]
        assert str(python) == str(templates)  # the whole form (div.html), with its error summary


def test_it_writes_the_widgets_it_names_and_leaves_the_others_to_their_templates():
    assert "django/forms/widgets/textarea.html" in WRITTEN
    assert "django/forms/widgets/select.html" not in WRITTEN  # core.widgets.FastSelect writes the long ones
    form = EveryWidget(renderer=FormRenderer())
    assert 'class="utrecht-form-field portal-field' in form["text"].as_field_group()


def test_the_portal_renders_its_forms_with_it(settings):
    assert settings.FORM_RENDERER == "core.formrenderer.FormRenderer"
