"""Forms of the programmes pages. They validate input; the services write it."""

from collections.abc import Collection

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, User
from core.formfields import choice_field, model_choice_field
from core.forms import errors_for_form
from goals.forms import GoalsFormMixin

from .models import ActionLine, ActionLineProgress, Activity, Indicator, Partner, PartnerDesk, Programme, Question

MAX_COUNT = 2_147_483_647  # the largest number every database stores in a PositiveIntegerField


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PortalModelForm(forms.ModelForm):
    """A ModelForm that shows a model error about a field it does not have at the top of the form,
    instead of failing (Django raises ValueError for those)."""

    def _update_errors(self, errors):
        super()._update_errors(errors_for_form(self, errors))


class UniqueWithinParentMixin:
    """Checks a unique constraint whose parent (programme, action line, municipality) is not a form
    field, which Django's ModelForm would skip, and shows its message on `unique_field`."""

    unique_field = "name"

    def validate_unique(self):
        if self.unique_field in self._errors:
            return
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self.add_error(self.unique_field, error.messages)


class PartnerChoiceMixin:
    """Limits the partners to choose from to the municipality's own."""

    fields: dict[str, forms.Field]  # a mixin for forms

    def limit_partners(self, municipality: Municipality) -> None:
        if "partners" in self.fields:
            model_choice_field(self.fields, "partners").queryset = Partner.objects.filter(municipality=municipality)
        if "organiser" in self.fields:
            model_choice_field(self.fields, "organiser").queryset = Partner.objects.filter(municipality=municipality)


class ProgrammeForm(PartnerChoiceMixin, PortalModelForm):
    class Meta:
        model = Programme
        fields = ["name", "start_year", "end_year", "ambition", "partners"]
        widgets = {
            "ambition": forms.Textarea(attrs={"rows": 6}),
            "partners": forms.CheckboxSelectMultiple,
            "start_year": forms.NumberInput(attrs={"class": "portal-input--short"}),
            "end_year": forms.NumberInput(attrs={"class": "portal-input--short"}),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.limit_partners(municipality)


class ActionLineForm(GoalsFormMixin, UniqueWithinParentMixin, PartnerChoiceMixin, PortalModelForm):
    unique_field = "number"

    class Meta:
        model = ActionLine
        fields = ["number", "title", "goal", "partners"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 4}), "partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.limit_partners(programme.municipality)


class ProgressForm(PortalModelForm):
    class Meta:
        model = ActionLineProgress
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class IndicatorForm(UniqueWithinParentMixin, PortalModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "source", "activity_kind"]

    def __init__(self, *args, action_line: ActionLine, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.action_line = action_line
        choice_field(self.fields, "activity_kind").choices = [("", _("Every kind")), *Activity.Kind.choices]


class IndicatorValuesForm(forms.Form):
    """Target and actual of an indicator for each year of the programme."""

    def __init__(self, *args, years: list[int], values: dict, typed: bool = True, **kwargs):
        """`typed`: the indicator has no source, so its actuals are typed in; else they come from the data and
        their fields are shown disabled (whatever is posted for them is ignored)."""
        super().__init__(*args, **kwargs)
        self.years = years
        self.typed = typed
        for year in years:
            target, actual = values.get(year, (None, None))
            self.fields[f"target_{year}"] = forms.IntegerField(
                label=_("Target %(year)s") % {"year": year},
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
                initial=target,
            )
            self.fields[f"actual_{year}"] = forms.IntegerField(
                label=_("Actual %(year)s") % {"year": year},
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
                initial=actual if typed else None,
                disabled=not typed,
                help_text="" if typed else _("Taken from the data: the figure chosen above."),
            )

    def rows(self):
        return [(year, self[f"target_{year}"], self[f"actual_{year}"]) for year in self.years]

    def values(self) -> dict[int, tuple[int | None, int | None]]:
        return {
            year: (
                self.cleaned_data.get(f"target_{year}"),
                self.cleaned_data.get(f"actual_{year}") if self.typed else None,
            )
            for year in self.years
        }


class ActionLineChoiceField(forms.ModelChoiceField):
    """Action lines named with their programme's period, e.g. '2020-2023 · 1. Work'."""

    def label_from_instance(self, obj: ActionLine) -> str:
        return f"{obj.programme.period} · {obj}"


def participants_unknown_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Number of participants unknown"),
        required=False,
        help_text=_("For a held activity whose number of participants nobody counted."),
    )


def _check_participants(form: forms.Form, status: str | None) -> None:
    cleaned = form.cleaned_data
    error = Activity.participants_error(
        status or "", cleaned.get("participants"), bool(cleaned.get("participants_unknown"))
    )
    if error and "participants" not in form.errors:
        form.add_error("participants", error)


class ActivityForm(PartnerChoiceMixin, PortalModelForm):
    """Create an activity (its status included, to record the past) or change its details."""

    participants_unknown = participants_unknown_field()

    class Meta:
        model = Activity
        fields = [
            "action_line",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "mode",
            "moved_online",
            "location",
            "organiser",
            "status",
            "participants",
            "cancellation_reason",
            "public",
        ]
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "mode": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        field_classes = {"action_line": ActionLineChoiceField}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_partners(municipality)
        model_choice_field(self.fields, "action_line").queryset = ActionLine.objects.filter(
            programme__municipality=municipality
        ).select_related("programme")
        self.fields["starts_at"].help_text = _("Date and time, e.g. 19-11-2020 16:00.")
        order = list(self.fields)
        order.remove("participants_unknown")
        order.insert(order.index("participants") + 1, "participants_unknown")
        self.order_fields(order)
        self.initial.setdefault("participants_unknown", self.instance.pk and self.instance.participants_unknown)
        if self.instance.pk:
            del self.fields["status"]  # changed through the status form, which checks the transition

    def clean(self):
        cleaned = super().clean()
        _check_participants(self, cleaned.get("status") or self.instance.status)
        return cleaned


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Activity.Status.choices, widget=forms.RadioSelect)
    participants = forms.IntegerField(
        label=_("Participants"),
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        help_text=_("For a held activity."),
    )
    participants_unknown = participants_unknown_field()
    cancellation_reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=300, required=False, help_text=_("For a cancelled activity.")
    )

    def __init__(self, *args, activity: Activity, allowed: Collection[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        choice_field(self.fields, "status").choices = [
            (value, label) for value, label in Activity.Status.choices if value in allowed
        ]
        self.initial.setdefault("participants", activity.participants)
        self.initial.setdefault("participants_unknown", activity.participants_unknown)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Activity.Status.HELD and self.activity.starts_at > timezone.now():
            self.add_error("status", _("An activity that lies in the future cannot have been held yet."))
        if status == Activity.Status.CANCELLED and not cleaned.get("cancellation_reason", "").strip():
            self.add_error("cancellation_reason", _("Say why the activity was cancelled."))
        _check_participants(self, status)
        return cleaned


class PartnerForm(UniqueWithinParentMixin, PortalModelForm):
    class Meta:
        model = Partner
        fields = ["name", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality


class QuestionForm(PortalModelForm):
    """A question to the service point; a visitor without an account leaves a name and e-mail address."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        empty_label=_("Choose the municipality"),
        error_messages={"required": _("Choose the municipality you ask.")},
    )

    class Meta:
        model = Question
        fields = ["municipality", "name", "email", "organisation_name", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        labels = {"name": _("Your name"), "email": _("Your e-mail address")}
        help_texts = {"email": _("We send the answer to this address.")}

    def __init__(self, *args, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            for name in ("name", "email", "organisation_name"):
                del self.fields[name]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The asker gets this answer by e-mail."),
        error_messages={"required": _("Write an answer.")},
    )


class ReplyForm(forms.Form):
    """The asker's reply in the conversation about their question."""

    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        error_messages={"required": _("Write a message.")},
    )


class FeedbackForm(forms.Form):
    """Whether the service point helped the asker (asked once, when the question is closed)."""

    helped = forms.TypedChoiceField(
        label=_("Did the service point help you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    remark = forms.CharField(
        label=_("Remark (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PartnerDeskForm(UniqueWithinParentMixin, PortalModelForm):
    """A partner desk of the municipality; its members by the e-mail addresses of their accounts."""

    member_emails = forms.CharField(
        label=_("Members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The e-mail addresses of the members' accounts, one per line. Members see and answer only the "
            "questions handed over to this desk."
        ),
    )

    class Meta:
        model = PartnerDesk
        fields = ["name", "partner", "email"]

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        model_choice_field(self.fields, "partner").queryset = Partner.objects.filter(municipality=municipality)
        if self.instance.pk and not self.is_bound:
            self.initial["member_emails"] = "\n".join(self.instance.members.values_list("email", flat=True))

    def clean_member_emails(self) -> list:
        addresses = list(
            dict.fromkeys(line.strip().lower() for line in self.cleaned_data["member_emails"].splitlines())
        )
        addresses = [address for address in addresses if address]
        if len(addresses) > 100:
            raise ValidationError(_("A desk has at most 100 members."))
        matching = Q()
        for address in addresses:
            matching |= Q(email__iexact=address)
        found = User.objects.filter(matching, is_active=True) if addresses else User.objects.none()
        users = {user.email.lower(): user for user in found}
        unknown = [address for address in addresses if address not in users]
        if unknown:
            raise ValidationError(
                _("No active account has this address: %(addresses)s") % {"addresses": ", ".join(unknown)}
            )
        return list(users.values())


class HandOverForm(forms.Form):
    """Hand a question to a partner desk of the municipality, or keep it (no desk)."""

    desk = forms.ModelChoiceField(
        label=_("Partner desk"),
        queryset=PartnerDesk.objects.none(),
        required=False,
        empty_label=_("Nobody: the municipality answers it"),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields, "desk").queryset = PartnerDesk.objects.filter(municipality=municipality)


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self.fields, "year").choices = [(year, str(year)) for year in years]
