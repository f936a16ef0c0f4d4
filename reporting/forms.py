from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme

from . import figures, markup
from .models import FigureNote, Letter, LetterVersion
from .services import LETTER_FIELDS

NARRATIVE_ROWS = 8
MAX_NARRATIVE = 20_000


class LetterStartForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), empty_label=None)
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, help_text=_("The year the letter reports on.")
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class LetterForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = LETTER_FIELDS
        widgets = {
            "letter_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": forms.Textarea(attrs={"rows": NARRATIVE_ROWS}),
            "developments": forms.Textarea(attrs={"rows": NARRATIVE_ROWS}),
            "closing": forms.Textarea(attrs={"rows": NARRATIVE_ROWS}),
        }

    def __init__(self, *args, known_figures: set[str] | None = None, **kwargs):
        """`known_figures`: the catalogue's names; when given, an unknown [[token]] is an error."""
        super().__init__(*args, **kwargs)
        self.known_figures = known_figures

    def clean(self):
        cleaned = super().clean()
        for name in ("introduction", "developments", "closing"):
            text = cleaned.get(name) or ""
            if len(text) > MAX_NARRATIVE:
                self.add_error(name, _("Keep this part under %(max)s characters.") % {"max": f"{MAX_NARRATIVE:,}"})
                continue
            problems = [markup.nesting_problem(text)]
            if self.known_figures is not None:
                problems.append(figures.unknown_figures_message(text, self.known_figures))
            for problem in problems:
                if problem:
                    self.add_error(name, problem)
        return cleaned


class SectionForm(forms.Form):
    figure_groups = forms.MultipleChoiceField(
        label=_("Figures that open this section"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The figure boxes and charts shown above the narrative of this action line."),
    )
    body = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=MAX_NARRATIVE,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text: an empty line starts a new paragraph; start lines with - for a list; **bold**; "
            "[text](https://…) for a link. Insert a figure by its name, e.g. [[matches_made]]."
        ),
    )

    def __init__(self, *args, known_figures: set[str] | None = None, **kwargs):
        """`known_figures`: the catalogue's names; when given, an unknown [[token]] is an error."""
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["figure_groups"]).choices = figures.group_choices()
        self.known_figures = known_figures

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        problems = [markup.nesting_problem(body)]
        if self.known_figures is not None:
            problems.append(figures.unknown_figures_message(body, self.known_figures))
        if any(problems):
            raise forms.ValidationError([problem for problem in problems if problem])
        return body


class ApproveForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Version"), queryset=LetterVersion.objects.none())

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = LetterVersion.objects.filter(letter=letter).ready()


class PublishForm(forms.Form):
    public = forms.BooleanField(
        label=_("Also make the letter public"),
        required=False,
        help_text=_("Anyone can then read it on the portal, without an account."),
    )


class FigureNoteForm(forms.Form):
    """What worked: a note on one figure of one year of the coordinator's own published figures in the network."""

    version = forms.TypedChoiceField(label=_("Year"), coerce=int, help_text=_("A year of your published letters."))
    figure = forms.ChoiceField(label=_("Figure"))
    text = forms.CharField(
        label=_("What worked"),
        max_length=FigureNote.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences for colleagues in other municipalities: what made this figure what it is."),
    )

    def __init__(self, *args, versions: list[tuple[int, int]], figure_choices: list[tuple[str, str]], **kwargs):
        """`versions`: (version id, year) of the coordinator's published figures, newest year first."""
        super().__init__(*args, **kwargs)
        version_field = cast(forms.TypedChoiceField, self.fields["version"])
        version_field.choices = [(pk, str(year)) for pk, year in versions]
        cast(forms.ChoiceField, self.fields["figure"]).choices = figure_choices
