"""Forms of the survey pages. They validate input; the survey services write it."""

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.formfields import choice_field, model_choice_field
from programmes.forms import ActionLineChoiceField, PortalModelForm

from . import selectors
from .models import SCALE, Citation, Option, Question, Survey
from .services import Given

OPEN_ANSWER_MAX = 2000
OPTIONS_MAX = 12


class SurveyForm(PortalModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "audience", "theme", "challenge", "closes_on", "retention_days"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "retention_days": forms.NumberInput(attrs={"class": "portal-input--short"}),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields, "challenge").queryset = selectors.challenges_of(municipality)


class ExtendForm(PortalModelForm):
    """A later closing date for a sent survey."""

    class Meta:
        model = Survey
        fields = ["closes_on"]
        labels = {"closes_on": _("New closing date")}
        widgets = {"closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(PortalModelForm):
    """A question with its choices typed one per line, in Dutch and in English (the same number of lines)."""

    options_nl = forms.CharField(
        label=_("Choices (Dutch), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for a question with one or several choices."),
    )
    options_en = forms.CharField(
        label=_("Choices (English), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the same order as the Dutch choices."),
    )

    class Meta:
        model = Question
        fields = [
            "position",
            "kind",
            "text_nl",
            "text_en",
            "required",
            "scale_low_nl",
            "scale_low_en",
            "scale_high_nl",
            "scale_high_en",
        ]
        widgets = {"position": forms.NumberInput(attrs={"class": "portal-input--short"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            options = list(self.instance.options.all())
            self.initial["options_nl"] = "\n".join(option.text_nl for option in options)
            self.initial["options_en"] = "\n".join(option.text_en for option in options)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        dutch, english = _lines(cleaned.get("options_nl", "")), _lines(cleaned.get("options_en", ""))
        if kind in Question.CHOICE_KINDS:
            if len(dutch) < 2:
                self.add_error("options_nl", _("Give two choices at least, one per line."))
            elif len(dutch) > OPTIONS_MAX:
                self.add_error("options_nl", _("Give %(most)s choices at most.") % {"most": OPTIONS_MAX})
            elif len(english) != len(dutch):
                self.add_error("options_en", _("Give as many English choices as Dutch ones, in the same order."))
            elif any(len(line) > 200 for line in dutch + english):
                self.add_error("options_nl", _("A choice is 200 characters at most."))
        if kind == Question.Kind.SCALE:
            for name in ("scale_low_nl", "scale_low_en", "scale_high_nl", "scale_high_en"):
                if not cleaned.get(name):
                    self.add_error(name, _("A scale question names what 1 and 5 mean, in both languages."))
        return cleaned

    def options(self) -> list[tuple[str, str]]:
        if self.cleaned_data.get("kind") not in Question.CHOICE_KINDS:
            return []
        return list(zip(_lines(self.cleaned_data["options_nl"]), _lines(self.cleaned_data["options_en"]), strict=True))


QuestionFormSet = inlineformset_factory(
    Survey,
    Question,
    form=QuestionForm,
    extra=2,
    max_num=30,
    absolute_max=30,  # a forged TOTAL_FORMS cannot make the server build more forms than this
    validate_max=True,
    can_delete=True,
)


class AnswerForm(forms.Form):
    """The respondent's form: one field per question of the survey (named after the question's id, so a field of
    another survey's question does not exist here)."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[self.name_of(question)] = self._field(question)

    @staticmethod
    def name_of(question: Question) -> str:
        return f"question_{question.pk}"

    @staticmethod
    def _field(question: Question) -> forms.Field:
        label, required = question.text, question.required
        if question.has_options:
            choices = [(option.pk, option.text) for option in question.options.all()]
            if question.kind == Question.Kind.SINGLE:
                return forms.TypedChoiceField(
                    label=label, required=required, choices=choices, coerce=int, widget=forms.RadioSelect
                )
            return forms.TypedMultipleChoiceField(
                label=label, required=required, choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple
            )
        if question.kind == Question.Kind.SCALE:
            choices = [(value, selectors.scale_label(question, value)) for value in SCALE]
            return forms.TypedChoiceField(
                label=label,
                required=required,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "portal-scale"}),
                help_text=_("1 = %(low)s, 5 = %(high)s") % {"low": question.scale_low, "high": question.scale_high},
            )
        return forms.CharField(
            label=label, required=required, max_length=OPEN_ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 4})
        )

    def given(self) -> dict[int, Given]:
        """What was given per question id, for response_submit."""
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.name_of(question))
            if question.kind == Question.Kind.SINGLE:
                found[question.pk] = Given(option_ids=(int(value),) if value is not None and value != "" else ())
            elif question.kind == Question.Kind.MULTIPLE:
                found[question.pk] = Given(option_ids=tuple(value or ()))
            elif question.kind == Question.Kind.SCALE:
                found[question.pk] = Given(scale_value=value if value not in (None, "") else None)
            else:
                found[question.pk] = Given(text=value or "")
        return found


class OptionChoiceField(forms.ModelChoiceField):
    """A choice named with its question, e.g. 'What is your first need?: Access to buyers'."""

    def label_from_instance(self, obj: Option) -> str:
        return f"{obj.question.text}: {obj.text}"


class CitationForm(PortalModelForm):
    """A result to cite: a question's choice (or point on the scale) on an action line, in the letter of a year."""

    year = forms.TypedChoiceField(label=_("In the council letter about"), coerce=int)

    class Meta:
        model = Citation
        fields = ["question", "option", "scale_value", "action_line", "statement_nl", "statement_en"]
        field_classes = {"option": OptionChoiceField, "action_line": ActionLineChoiceField}
        widgets = {"scale_value": forms.NumberInput(attrs={"class": "portal-input--short", "min": 1, "max": 5})}

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        questions = survey.questions.exclude(kind=Question.Kind.OPEN)
        model_choice_field(self.fields, "question").queryset = questions
        option = model_choice_field(self.fields, "option")
        option.queryset = Option.objects.filter(question__survey=survey).select_related("question")
        option.help_text = _("For a question with choices: the choice whose count you cite.")
        self.fields["scale_value"].help_text = _("For a scale question: the point whose count you cite.")
        lines = model_choice_field(self.fields, "action_line")
        lines.queryset = selectors.action_lines_of(survey.municipality)
        this_year = timezone.localdate().year
        years = range(this_year, this_year - 8, -1)
        choice_field(self.fields, "year").choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = this_year

    def _post_clean(self):
        """The service checks the combination and saves; the model's unique check would refuse a replacement."""
