from typing import TYPE_CHECKING

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import sometimes_required

from . import kvk
from .models import KvkStatus, Municipality, Organisation, Theme, kvk_number_validator, postcode_validator

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


KINDS_WITH_KVK = {Organisation.Kind.ENTERPRISE, Organisation.Kind.COMPANY}


def enterprise_without_kvk(kind: str | None, kvk_number: str | None) -> bool:
    """An enterprise, or a company or institution that signs up to buy, needs its KvK number."""
    return kind in KINDS_WITH_KVK and not kvk_number


class KvkNumberInput(forms.TextInput):
    """The KvK number, with a live region below it: where the register is configured, htmx asks it on leaving the
    field (accounts.views.kvk_lookup) and fills the name and address fields of `form_kind` ("signup" or
    "organisation"); without JavaScript the form asks it on submit."""

    template_name = "accounts/widgets/kvk_number.html"

    def __init__(self, form_kind: str):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off"})
        self.form_kind = form_kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = f"{reverse_lazy('accounts:kvk_lookup')}?form={self.form_kind}"
        context["widget"]["configured"] = kvk.is_configured()
        return context


REFUSALS: dict[str, "StrOrPromise"] = {
    KvkStatus.NOT_FOUND: _(
        "The KvK register does not know this number. Check it against your extract from the Chamber of Commerce."
    ),
    KvkStatus.DEREGISTERED: _(
        "According to the KvK register this organisation is no longer registered (deregistered). Only an organisation "
        "with an active registration can use its KvK number here."
    ),
}


class RegisterLookup:
    """A form with a KvK number that the KvK register checks on submit: a number it does not know or that was
    deregistered is refused; for an active one it fills the name and address fields the person did not fill or
    change (`name_field`, street_address, postcode, city). `register_check` keeps what the register said, for
    the service."""

    name_field = "name"
    register_check: kvk.RegisterCheck | None = None

    def describe_checking(self) -> None:
        field = self.fields["kvk_number"]  # type: ignore[attr-defined]
        if kvk.is_configured():
            note = _("We look it up in the KvK's Handelsregister and fill in the name and address.")
        else:
            note = _("It is checked for its form only, not against the KvK register.")
        field.help_text = f"{field.help_text} {note}".strip()

    def check_in_register(self, cleaned: dict) -> None:
        kvk_number = cleaned.get("kvk_number")
        self.register_check = kvk.check(kvk_number)
        refusal = REFUSALS.get(self.register_check.status)
        if refusal:
            self.add_error("kvk_number", refusal)  # type: ignore[attr-defined]
            return
        entry = self.register_check.entry
        if entry is None:
            return
        changed = self.changed_data  # type: ignore[attr-defined]
        values = {self.name_field: entry.name, "street_address": entry.street_address}
        values |= {"postcode": entry.postcode, "city": entry.city}
        for name, value in values.items():
            if value and (name not in changed or not cleaned.get(name)):
                cleaned[name] = value
                self.errors.pop(name, None)  # type: ignore[attr-defined]  # "required": the register filled it


class SignupForm(RegisterLookup, forms.Form):
    """The extra fields of the signup form; allauth adds e-mail and password."""

    field_order = [
        "name",
        "email",
        "password1",
        "password2",
        "kind",
        "kvk_number",
        "organisation_name",
        "street_address",
        "postcode",
        "city",
        "municipality",
        "themes",
    ]
    name_field = "organisation_name"

    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation_name = sometimes_required(
        forms.CharField(
            label=_("Name of your organisation"),
            max_length=200,
            required=False,
            help_text=_("Filled in from the KvK register when you give a KvK number; required otherwise."),
        )
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A company or institution signs up to post purchase requests to social entrepreneurs; the "
            "municipality verifies it first."
        ),
    )
    kvk_number = sometimes_required(
        forms.CharField(
            label=_("KvK number"),
            max_length=8,
            required=False,
            validators=[kvk_number_validator],
            widget=KvkNumberInput("signup"),
            help_text=_(
                "8 digits. Required for enterprises, companies and institutions; a community initiative without "
                "one may leave it empty."
            ),
        )
    )
    street_address = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False, validators=[postcode_validator])
    city = forms.CharField(label=_("Place"), max_length=100, required=False)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_checking()

    def clean(self):
        cleaned = super().clean()
        if enterprise_without_kvk(cleaned.get("kind"), cleaned.get("kvk_number")) and "kvk_number" not in self.errors:
            self.add_error("kvk_number", _("An enterprise needs its KvK number."))
        if cleaned.get("kvk_number") and "kvk_number" not in self.errors:
            self.check_in_register(cleaned)
        if not cleaned.get("organisation_name") and "organisation_name" not in self.errors:
            self.add_error("organisation_name", _("Enter the name of your organisation."))
        return cleaned

    def signup(self, request, user):
        """Required by allauth; the adapter has already saved the organisation."""


class OrganisationForm(RegisterLookup, forms.ModelForm):
    themes = forms.ModelMultipleChoiceField(
        label=_("Impact themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = [
            "kvk_number",
            "name",
            "street_address",
            "postcode",
            "city",
            "description",
            "website",
            "email",
            "phone",
            "themes",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "kvk_number": KvkNumberInput("organisation")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_checking()

    @property
    def kvk_number_changed(self) -> bool:
        return "kvk_number" in self.changed_data

    def clean(self):
        cleaned = super().clean()
        if enterprise_without_kvk(self.instance.kind, cleaned.get("kvk_number")) and "kvk_number" not in self.errors:
            self.add_error("kvk_number", _("An enterprise needs its KvK number."))
        if self.kvk_number_changed and "kvk_number" not in self.errors:
            self.check_in_register(cleaned)  # a number the organisation had is re-checked by the monthly job
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
