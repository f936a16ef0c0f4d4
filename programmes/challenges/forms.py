"""Forms of the challenge pages. They validate input; the challenge services write it."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, User
from core.formfields import DecimalInput, LocalizedDecimalField, choice_field, model_choice_field
from core.uploads import HeldFileInput
from core.widgets import FastSelect
from goals.forms import GoalsFormMixin
from programmes.forms import ActionLineChoiceField, DateTimeInput, PartnerChoiceMixin, PortalModelForm
from programmes.models import ActionLine

from .models import (
    AMOUNT_MAX,
    PITCH_MAX_BYTES,
    Application,
    Challenge,
    ChallengeQuestion,
    CoachingSession,
    Criterion,
    Financier,
    FinancingTable,
    Pledge,
    Review,
    Stage,
    TablePlan,
    validate_pitch,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ChallengeForm(GoalsFormMixin, PartnerChoiceMixin, PortalModelForm):
    class Meta:
        model = Challenge
        fields = [
            "action_line",
            "name",
            "call_text",
            "eligibility",
            "opens_at",
            "closes_at",
            "finale_on",
            "scale_min",
            "scale_max",
            "partners",
            "results_public",
        ]
        widgets = {
            "call_text": forms.Textarea(attrs={"rows": 6}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DateTimeInput,
            "closes_at": DateTimeInput,
            "finale_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.CheckboxSelectMultiple,
            "scale_min": forms.NumberInput(attrs={"class": "portal-input--short"}),
            "scale_max": forms.NumberInput(attrs={"class": "portal-input--short"}),
        }
        field_classes = {"action_line": ActionLineChoiceField}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_partners(municipality)
        model_choice_field(self.fields, "action_line").queryset = ActionLine.objects.filter(
            programme__municipality=municipality
        ).select_related("programme")


QuestionFormSet = inlineformset_factory(
    Challenge,
    ChallengeQuestion,
    form=PortalModelForm,
    fields=["position", "text", "help_text", "required"],
    extra=2,
    max_num=30,
    absolute_max=30,  # a forged TOTAL_FORMS cannot make the server build more forms than this
    validate_max=True,
    can_delete=True,
    widgets={"position": forms.NumberInput(attrs={"class": "portal-input--short"})},
)

CriterionFormSet = inlineformset_factory(
    Challenge,
    Criterion,
    form=PortalModelForm,
    fields=["position", "name", "description", "weight"],
    extra=2,
    max_num=20,
    absolute_max=20,  # a forged TOTAL_FORMS cannot make the server build more forms than this
    validate_max=True,
    can_delete=True,
    widgets={
        "position": forms.NumberInput(attrs={"class": "portal-input--short"}),
        "weight": forms.TextInput(attrs={"class": "portal-input--short"}),
    },
    field_classes={"weight": LocalizedDecimalField},
)


class ApplicationForm(forms.Form):
    """The applicant's form: the plan, one field per question of the challenge, and a pitch PDF."""

    title = forms.CharField(label=_("Name of your plan"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your plan and its impact in a few sentences."),
    )
    pitch = forms.FileField(
        label=_("Pitch document"),
        required=False,
        validators=[validate_pitch],
        help_text=_("A PDF of at most 5 MB."),
        widget=HeldFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(
        self,
        data=None,
        files=None,
        *,
        challenge: Challenge,
        application: Application | None,
        initial: dict | None = None,
        draft: bool = False,
        **kwargs,
    ):
        self.draft = draft
        answers = {answer.question_id: answer.text for answer in application.answers.all()} if application else {}
        initial = initial or {}
        if application:
            initial.update(title=application.title, summary=application.summary)
        super().__init__(data, files, initial=initial, **kwargs)
        self.questions = list(challenge.questions.all())
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                required=question.required,
                error_messages={"required": _("Answer this question before you submit.")},
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=answers.get(question.pk, ""),
            )
        if application and application.pitch:
            self.fields["remove_pitch"] = forms.BooleanField(label=_("Remove the pitch document"), required=False)

    def full_clean(self):
        """A draft may leave the required questions empty; they are required when the application is submitted."""
        with _not_required(self, [f"answer_{question.pk}" for question in self.questions] if self.draft else []):
            super().full_clean()

    def clean_pitch(self):
        pitch = self.cleaned_data.get("pitch")
        if pitch and pitch.size > PITCH_MAX_BYTES:
            raise forms.ValidationError(_("The pitch document is larger than 5 MB."))
        return pitch

    def answers(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data.get(f"answer_{question.pk}", "") for question in self.questions}


@contextmanager
def _not_required(form: forms.BaseForm, names: list[str]) -> Iterator[None]:
    """The named fields, required on the page (and labelled so), validated as optional: for saving a draft."""
    relaxed = [form.fields[name] for name in names if form.fields[name].required]
    for field in relaxed:
        field.required = False
    try:
        yield
    finally:
        for field in relaxed:
            field.required = True


class JurorInviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), help_text=_("The invitation is sent to this address."))


class BulkActionForm(forms.Form):
    """An action on the applications ticked in the ranking, or on every application the stage filter shows
    (`everything`, across all pages): move them to a stage, or assign them."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"), queryset=Application.objects.none(), required=False
    )
    everything = forms.BooleanField(label=_("Select all applications that match the filter"), required=False)
    stage = forms.ChoiceField(choices=[("", ""), *Stage.choices], required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Action"),
        error_messages={"required": _("Choose what to do.")},
        widget=FastSelect(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    def __init__(self, *args, challenge: Challenge, jurors: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.submitted = Application.objects.filter(challenge=challenge, submitted_at__isnull=False).select_related(
            "organisation", "challenge"
        )
        model_choice_field(self.fields, "applications").queryset = self.submitted
        choices: list[tuple[str, StrOrPromise]] = [("", _("Choose an action"))]
        choices += [
            (f"stage:{stage.value}", _("Move to: %(stage)s") % {"stage": stage.label})
            for stage in Stage
            if stage != Stage.APPLIED
        ]
        if jurors:
            choices.append(("assign:all", _("Assign to every jury member")))
            choices += [
                (f"assign:{juror.pk}", _("Assign to %(juror)s") % {"juror": juror.name or juror.email})
                for juror in jurors
            ]
        choice_field(self.fields, "action").choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("everything"):
            stage = cleaned.get("stage")
            matching = self.submitted.filter(stage=stage) if stage else self.submitted
            cleaned["applications"] = list(matching.order_by("organisation__name", "pk"))
        if not cleaned.get("applications") and "applications" not in self.errors:
            self.add_error("applications", _("Tick one or more applications."))
        return cleaned


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), widget=forms.RadioSelect)

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self.fields, "stage").choices = [(stage, Stage(stage).label) for stage in allowed]


class CoachForm(forms.Form):
    coach = forms.ModelChoiceField(
        label=_("Coach"), queryset=User.objects.none(), required=False, empty_label=_("No coach")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = candidates
        self.fields["coach"].label_from_instance = lambda user: (
            f"{user.name} ({user.organisation})" if user.organisation_id else user.name or user.email
        )


class CoachingSessionForm(PortalModelForm):
    class Meta:
        model = CoachingSession
        fields = ["held_on", "duration_minutes", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "step": 5}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }


class ReviewForm(forms.Form):
    """A score and a comment per criterion, on the challenge's scale."""

    def __init__(self, *args, review: Review, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        challenge = review.application.challenge
        scale = _("From %(low)s (weak) to %(high)s (excellent).") % {
            "low": challenge.scale_min,
            "high": challenge.scale_max,
        }
        existing = {score.criterion_id: score for score in review.scores.all()}
        self.criteria = list(challenge.criteria.all())
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score for %(criterion)s (weight %(weight)s)")
                % {"criterion": criterion.name, "weight": criterion.weight_display},
                help_text=f"{criterion.description} {scale}" if criterion.description else scale,
                min_value=challenge.scale_min,
                max_value=challenge.scale_max,
                required=True,
                error_messages={"required": _("Score this criterion before you submit.")},
                initial=score.value if score else None,
                widget=forms.NumberInput(attrs={"class": "portal-input--short"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.comment if score else "",
            )

    def full_clean(self):
        """A draft may leave scores empty; every score is required when the scores are submitted."""
        with _not_required(self, [f"score_{criterion.pk}" for criterion in self.criteria] if self.draft else []):
            super().full_clean()

    def rows(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"]) for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }


# ---------------------------------------------------------------- the financing table


class FinancingTableForm(PortalModelForm):
    class Meta:
        model = FinancingTable
        fields = ["held_on", "place", "description"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class FinancierInviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), help_text=_("The invitation with the link is sent here."))


def _amount_field(label, *, required: bool, help_text=""):
    return LocalizedDecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=AMOUNT_MAX,
        help_text=help_text,
        widget=DecimalInput(attrs={"class": "portal-input--short"}),
        error_messages={
            "min_value": _("An amount is more than zero."),
            "max_value": _("An amount is at most ten million euros."),
        },
    )


class PlanPresentForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("Participant"), queryset=Application.objects.none(), empty_label=_("Choose a participant")
    )
    requested_amount = _amount_field(_("Requested amount (euros)"), required=True)

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        field = model_choice_field(self.fields, "application")
        field.queryset = applications
        field.label_from_instance = lambda application: f"{application.organisation.name}: {application.title}"


class PledgeForm(forms.Form):
    """A pledge to one plan: the decision, an amount (needed to pledge) and its kind."""

    decision = forms.ChoiceField(label=_("Decision"), choices=Pledge.Decision.choices, widget=forms.RadioSelect)
    amount = _amount_field(_("Amount (euros)"), required=False, help_text=_("Needed when you pledge."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Pledge.Kind.choices)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == Pledge.Decision.PLEDGED
            and not cleaned.get("amount")
            and "amount" not in self.errors
        ):
            self.add_error("amount", _("Enter the amount you pledge."))
        return cleaned


class CoordinatorPledgeForm(PledgeForm):
    """A pledge the coordinator records on a financier's behalf."""

    financier = forms.ModelChoiceField(label=_("Financier"), queryset=Financier.objects.none())
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=TablePlan.objects.none())

    field_order = ["financier", "plan", "decision", "amount", "kind"]

    def __init__(self, *args, financiers, plans, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields, "financier").queryset = financiers
        plan_field = model_choice_field(self.fields, "plan")
        plan_field.queryset = plans
        plan_field.label_from_instance = lambda plan: f"{plan.application.organisation.name}: {plan.application.title}"
