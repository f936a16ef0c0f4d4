from decimal import Decimal
from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Municipality, Theme, User, kvk_number_validator
from core import geo
from core.formfields import DecimalInput, LocalizedDecimalField
from core.forms import FilterForm, sometimes_required
from core.uploads import HeldFileInput
from goals.forms import GoalsFormMixin

from .models import (
    IMPACT_DECIMAL_FIGURES,
    IMPACT_FIGURES,
    ImpactReport,
    Offering,
    PurchaseRequest,
    SroiCriterion,
    SroiTender,
    Supplier,
)
from .register_csv import MAX_BYTES
from .selectors import verified_suppliers_choices
from .services import OfferingData

MAX_PK = 2**63 - 1


def is_possible_pk(value) -> bool:
    """A value a database can compare with a primary key (SQLite overflows on larger integers)."""
    try:
        return 0 < int(str(value).strip()) <= MAX_PK
    except (TypeError, ValueError):
        return False


class SafeModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers 'not one of the choices' for ids no database can hold."""

    def to_python(self, value):
        if value not in self.empty_values and not is_possible_pk(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for a list of choices."""

    def _check_values(self, value):
        for pk in value:
            if not is_possible_pk(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistrationForm(GoalsFormMixin, forms.ModelForm):
    """The supplier's registration; the products and services come in OfferingFormSet."""

    themes = SafeModelMultipleChoiceField(
        label=_("Impact themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    delivery_municipalities = SafeModelMultipleChoiceField(
        label=_("Other municipalities you deliver to"),
        queryset=Municipality.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("You always deliver in your own municipality."),
    )

    class Meta:
        model = Supplier
        fields = [
            "description",
            "impact",
            "impact_first",
            "independent_enterprise",
            "economically_independent",
            "social_governance",
            "code_sociale_ondernemingen",
            "social_enterprise_nl",
            "pso_level",
            "staff_distance_share",
            "themes",
            "postcode",
            "city",
            "delivers_nationwide",
            "delivery_municipalities",
            "delivery_region",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "impact": forms.Textarea(attrs={"rows": 4}),
            "staff_distance_share": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        self.fields["impact"].required = True
        self.fields["postcode"].required = True

    def clean_postcode(self):
        postcode = geo.normalise_postcode(self.cleaned_data["postcode"])
        if not postcode or len(postcode) != 7:
            raise forms.ValidationError(_("Enter a Dutch postcode such as 9712 AB."))
        return postcode


OFFERING_FIELDS = ("kind", "title", "category", "description", "price", "unit")


class OfferingForm(forms.ModelForm):
    # Shown only when the price looks implausible for its unit; until it is ticked nothing is saved.
    confirm_price = forms.BooleanField(label=_("Yes, this amount is right"), required=False, widget=forms.HiddenInput)

    class Meta:
        model = Offering
        fields = OFFERING_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"price": LocalizedDecimalField}

    def clean(self):
        cleaned = super().clean()
        price, unit = cleaned.get("price"), cleaned.get("unit") or ""
        if not Offering.price_looks_implausible(price, unit):
            return cleaned
        self.fields["confirm_price"].widget = forms.CheckboxInput()
        if not cleaned.get("confirm_price"):
            amount = " ".join(["€", number_format(price, decimal_pos=2, force_grouping=True), unit]).strip()
            message = _("%(amount)s is an unusually high price. Check the amount; if it is right, tick “%(confirm)s”.")
            self.add_error("price", message % {"amount": amount, "confirm": self.fields["confirm_price"].label})
        return cleaned


class BaseOfferingFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        hidden_id = form.fields.get("id")
        if isinstance(hidden_id, forms.ModelChoiceField):
            form.fields["id"] = SafeModelChoiceField(
                hidden_id.queryset, initial=hidden_id.initial, required=False, widget=hidden_id.widget
            )

    def offerings(self) -> list[OfferingData]:
        """The formset's kept rows for the service."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]  # private, not stubbed
                continue
            data = {name: form.cleaned_data.get(name) for name in OFFERING_FIELDS}
            data["description"] = data["description"] or ""
            data["unit"] = data["unit"] or ""
            kept.append(OfferingData(pk=form.instance.pk, **data))
        return kept

    def removed_ids(self) -> list[int]:
        return [form.instance.pk for form in self.deleted_forms if form.instance.pk]


# The stubs' inlineformset_factory returns a plain BaseInlineFormSet whatever `formset` it is given.
OfferingFormSet = cast(
    type[BaseOfferingFormSet],
    forms.inlineformset_factory(
        Supplier,
        Offering,
        form=OfferingForm,
        formset=BaseOfferingFormSet,
        extra=1,
        min_num=1,
        validate_min=True,
        max_num=50,
        absolute_max=50,  # a forged TOTAL_FORMS cannot make the server build more forms than this
        validate_max=True,
        can_delete=True,
    ),
)


class DecisionForm(forms.Form):
    reason = sometimes_required(
        forms.CharField(
            label=_("Reason"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            max_length=2000,
            help_text=_("Required when you reject; the entrepreneur reads it in the e-mail."),
        )
    )


class BuyerDecisionForm(forms.Form):
    reason = sometimes_required(
        forms.CharField(
            label=_("Reason"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            max_length=2000,
            help_text=_("Required when you reject; the organisation reads it in the e-mail."),
        )
    )


class RegisterFilterForm(FilterForm):
    q = forms.CharField(label=_("Name or KvK number"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Supplier.Status.choices], required=False
    )


class RegisterBulkForm(forms.Form):
    """Verify or reject (with a reason) the registrations ticked in the register, or every registration the
    register's filters show (`everything`, across all pages)."""

    VERIFY, REJECT = "verify", "reject"

    suppliers = forms.ModelMultipleChoiceField(label=_("Suppliers"), queryset=Supplier.objects.none(), required=False)
    everything = forms.BooleanField(label=_("Select all suppliers that match the filter"), required=False)
    q = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=[("", ""), *Supplier.Status.choices], required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Choose an action")), (VERIFY, _("Verify")), (REJECT, _("Reject, with the reason below"))],
        error_messages={"required": _("Choose what to do.")},
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    reason = forms.CharField(
        label=_("Reason for a rejection"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("The entrepreneurs read it in the e-mail."),
    )

    def __init__(self, *args, register, **kwargs):
        """`register(status=..., text=...)` gives the coordinator's suppliers with those filters."""
        super().__init__(*args, **kwargs)
        self.register = register
        cast(forms.ModelMultipleChoiceField, self.fields["suppliers"]).queryset = register()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("everything"):
            matching = self.register(status=cleaned.get("status", ""), text=cleaned.get("q", ""))
            cleaned["suppliers"] = list(matching.select_related("organisation"))
        if not cleaned.get("suppliers") and "suppliers" not in self.errors:
            self.add_error("suppliers", _("Tick one or more suppliers."))
        if cleaned.get("action") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for the rejection; the entrepreneurs will read it."))
        return cleaned


class PurchaseRequestForm(forms.ModelForm):
    class Meta:
        model = PurchaseRequest
        fields = [
            "title",
            "description",
            "category",
            "budget_min",
            "budget_max",
            "deadline",
            "counts_towards_sroi",
            "prefer_regional_suppliers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "deadline": DateInput(),
        }
        field_classes = {"budget_min": LocalizedDecimalField, "budget_max": LocalizedDecimalField}

    def __init__(self, *args, municipality: Municipality, private: bool = False, **kwargs):
        """The preference for regional suppliers is offered only to a municipality in a region; a private buyer
        has no social-return duty to count a request towards."""
        super().__init__(*args, **kwargs)
        if private:
            del self.fields["counts_towards_sroi"]
        region = municipality.region
        if region is None:
            del self.fields["prefer_regional_suppliers"]
        else:
            self.fields["prefer_regional_suppliers"].help_text = _(
                "Suppliers based in the region %(region)s are listed first, with that as the reason."
            ) % {"region": region.name}

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must lie in the future."))
        return deadline

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and high < low:
            self.add_error("budget_max", _("The upper end of the budget cannot be below the lower end."))
        return cleaned


class QuoteForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("What you offer for this request, and how you would do it."),
    )
    price = LocalizedDecimalField(
        label=_("Your price"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=_("In euros, excluding VAT."),
    )


class AwardForm(forms.Form):
    amount = LocalizedDecimalField(
        label=_("Amount awarded"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=_("In euros."),
    )
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"awarded_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class SroiTenderForm(forms.ModelForm):
    class Meta:
        model = SroiTender
        fields = ["title", "reference", "contractor", "contract_value", "sroi_percentage", "start_date"]
        widgets = {
            "start_date": DateInput(),
        }
        field_classes = {"contract_value": LocalizedDecimalField, "sroi_percentage": LocalizedDecimalField}


class RealisationForm(forms.Form):
    supplier = SafeModelChoiceField(
        label=_("Social enterprise"),
        queryset=Supplier.objects.none(),
        empty_label=_("Choose a verified impact supplier"),
    )
    description = forms.CharField(label=_("What was bought"), max_length=200)
    amount = LocalizedDecimalField(
        label=_("Amount"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=_("In euros."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = verified_suppliers_choices()


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One row per supplier, the column names in the first row; at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; split it into smaller files."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        return upload


class ImportConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=_("Skip the rows with errors and import the others"),
        required=False,
    )
    verify = forms.BooleanField(
        label=_("Mark the imported suppliers as verified"),
        required=False,
        help_text=_(
            "Only for suppliers the municipality has already checked; each one is recorded in the audit trail."
        ),
    )
    attach = forms.MultipleChoiceField(
        label=_("Also update these existing organisations that have accounts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Someone signed up with these organisations. A row is attached to one only when you tick it; "
            "the others are skipped."
        ),
    )

    def __init__(self, *args, consent_rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                row.kvk_number,
                ngettext(
                    "Line %(line)s, KvK %(kvk)s: “%(existing)s”, %(count)s account",
                    "Line %(line)s, KvK %(kvk)s: “%(existing)s”, %(count)s accounts",
                    row.existing.members,
                )
                % {
                    "line": row.line,
                    "kvk": row.kvk_number,
                    "existing": row.existing.name,
                    "count": row.existing.members,
                },
            )
            for row in consent_rows
        ]
        if choices:
            self.fields["attach"].choices = choices
        else:
            del self.fields["attach"]


# ---------------------------------------------------------------- impact reports


class ImpactReportForm(forms.ModelForm):
    """A supplier's figures of one year, each with its definition as help text, and optional evidence: a PDF
    (held after a failed submit, core.uploads) or a link. At least one figure is needed."""

    class Meta:
        model = ImpactReport
        fields = [*IMPACT_FIGURES, "evidence", "evidence_url"]
        field_classes = {name: LocalizedDecimalField for name in IMPACT_DECIMAL_FIGURES}
        widgets = {
            "evidence": HeldFileInput(attrs={"accept": "application/pdf,.pdf"}),
            **{name: forms.NumberInput(attrs={"class": "portal-input--short", "min": 0}) for name in IMPACT_FIGURES},
            **{name: DecimalInput(attrs={"class": "portal-input--short"}) for name in IMPACT_DECIMAL_FIGURES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["evidence"] = None  # the page links the current file itself, for its owner only
        for name in IMPACT_FIGURES:  # the integer fields' own minimum says it in the words of the model
            for validator in self.fields[name].validators:
                if isinstance(validator, MinValueValidator):
                    validator.message = _("A figure cannot be negative.")
        if self.instance.pk and self.instance.evidence:
            self.fields["remove_evidence"] = forms.BooleanField(label=_("Remove the evidence file"), required=False)

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) is None for name in IMPACT_FIGURES) and not any(
            name in self.errors for name in IMPACT_FIGURES
        ):
            raise forms.ValidationError(_("Fill in at least one figure; leave the others empty."))
        return cleaned

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in IMPACT_FIGURES}


class ImpactCheckForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Needed when you return the report: the supplier reads it."),
    )


# ---------------------------------------------------------------- contractors and their SROI duty


class ContractorInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("The contractor's e-mail address"),
        help_text=_("The invitation with a personal link is sent here; the link works for a month."),
    )


class ContractorSignupForm(forms.Form):
    """The invited contractor's account and company; the e-mail address is the invitation's."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    organisation_name = forms.CharField(label=_("Name of your company"), max_length=200)
    kvk_number = forms.CharField(
        label=_("KvK number"), max_length=8, validators=[kvk_number_validator], help_text=_("8 digits.")
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, name=cleaned.get("name", ""), role=User.Role.CONTRACTOR)
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ContractorRequestForm(PurchaseRequestForm):
    """A contractor's purchase request: it counts towards its duty by definition."""

    class Meta(PurchaseRequestForm.Meta):
        fields = [name for name in PurchaseRequestForm.Meta.fields if name != "counts_towards_sroi"]


class RealisationRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The contractor reads it."),
    )


class SroiWeightsForm(forms.Form):
    """A percentage per criterion (procurement.sroi's defaults where the municipality has none)."""

    def __init__(self, *args, weights: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for criterion, label in SroiCriterion.choices:
            self.fields[criterion] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=100,
                initial=weights[criterion],
                help_text=_("Percent of the purchase's amount that counts, 0 to 100."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
