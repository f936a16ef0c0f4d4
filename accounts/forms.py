from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import sometimes_required

from .models import Municipality, Organisation, Theme, kvk_number_validator


def enterprise_without_kvk(kind: str | None, kvk_number: str | None) -> bool:
    return kind == Organisation.Kind.ENTERPRISE and not kvk_number


class SignupForm(forms.Form):
    """The extra fields of the signup form; allauth adds e-mail and password."""

    field_order = [
        "name",
        "email",
        "password1",
        "password2",
        "organisation_name",
        "kind",
        "kvk_number",
        "municipality",
        "themes",
    ]

    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation_name = forms.CharField(label=_("Name of your organisation"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
    )
    kvk_number = sometimes_required(
        forms.CharField(
            label=_("KvK number"),
            max_length=8,
            required=False,
            validators=[kvk_number_validator],
            help_text=_("8 digits. Required for enterprises; a community initiative without one may leave it empty."),
        )
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        empty_label=_("Choose your municipality"),
        error_messages={"required": _("Choose the municipality where your organisation works.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Impact themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_kvk_number(self):
        kvk_number = self.cleaned_data["kvk_number"].strip()
        if kvk_number and Organisation.objects.filter(kvk_number=kvk_number).exists():
            raise forms.ValidationError(
                _("An organisation with this KvK number is already registered."), code="kvk_taken"
            )
        return kvk_number or None

    def clean(self):
        cleaned = super().clean()
        if enterprise_without_kvk(cleaned.get("kind"), cleaned.get("kvk_number")) and "kvk_number" not in self.errors:
            self.add_error("kvk_number", _("An enterprise needs its KvK number."))
        return cleaned

    def signup(self, request, user):
        """Required by allauth; the adapter has already saved the organisation."""


class OrganisationForm(forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Impact themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["name", "kvk_number", "description", "website", "email", "phone", "postcode", "city", "themes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        cleaned = super().clean()
        if enterprise_without_kvk(self.instance.kind, cleaned.get("kvk_number")) and "kvk_number" not in self.errors:
            self.add_error("kvk_number", _("An enterprise needs its KvK number."))
        return cleaned


class EraseOwnAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased and that this cannot be undone."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():  # an account that only logs in with eHerkenning has none to type
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="wrong_password")
        return password


class EraseOnRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Request"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who asked for erasure, when and how; this is kept in the audit trail."),
    )
    confirm = forms.BooleanField(label=_("Erase this account and its personal data. This cannot be undone."))
