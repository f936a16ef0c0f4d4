"""Forms of matching. They check input; the services make the changes."""

import datetime

from django import forms
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Theme, kvk_number_validator, postcode_validator
from core.formfields import LocalizedDecimalField
from core.forms import sometimes_required
from core.widgets import FastSelect
from goals.forms import GoalsFormMixin

from .models import Beursvloer, HelpKind, Match, Need, Offer


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _help_kinds_field(label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=HelpKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of help.")},
    )


def _themes_field():
    return forms.ModelMultipleChoiceField(
        label=_("Impact themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ListingForm(GoalsFormMixin, forms.ModelForm):
    """What needs and offers share: kinds of help, themes and a place."""

    themes = _themes_field()

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators = [postcode_validator]
        if not self.instance.pk:
            self.initial.setdefault("postcode", organisation.postcode)
            self.initial.setdefault("place", organisation.city)
        else:
            self.initial["help_kinds"] = list(self.instance.help_kinds)

    def clean_date_not_past(self, name: str) -> datetime.date | None:
        value = self.cleaned_data.get(name)
        changed = name in self.changed_data
        if value and changed and value < timezone.localdate():
            raise forms.ValidationError(_("Choose a date from today on."), code="past")
        return value

    def service_fields(self) -> dict:
        """The cleaned data in the shape the services take."""
        return {name: value for name, value in self.cleaned_data.items() if name not in ("themes", "help_kinds")}


class NeedForm(ListingForm):
    help_kinds = _help_kinds_field(_("What kind of help do you need?"))

    field_order = ["title", "story", "help_kinds", "money_amount", "themes", "postcode", "place", "needed_by"]

    class Meta:
        model = Need
        fields = ["title", "story", "money_amount", "postcode", "place", "needed_by"]
        field_classes = {"money_amount": LocalizedDecimalField}
        widgets = {"needed_by": DateInput(), "story": forms.Textarea(attrs={"rows": 5})}

    def clean_needed_by(self):
        return self.clean_date_not_past("needed_by")

    def clean(self):
        cleaned = super().clean()
        kinds = cleaned.get("help_kinds") or []
        if HelpKind.MONEY in kinds and not cleaned.get("money_amount"):
            self.add_error("money_amount", _("Say how much money you need."))
        if HelpKind.MONEY not in kinds and cleaned.get("money_amount"):
            self.add_error("money_amount", _("Choose money as a kind of help, or leave the amount empty."))
        return cleaned


class OfferForm(ListingForm):
    help_kinds = _help_kinds_field(_("What do you give?"))
    radius_km = forms.IntegerField(
        label=_("Distance (km)"),
        min_value=1,
        max_value=100,
        initial=15,
        help_text=_("How far from your postcode you will help, in kilometres (1 to 100)."),
    )

    field_order = [
        "title",
        "description",
        "help_kinds",
        "hours",
        "euros",
        "goods",
        "themes",
        "postcode",
        "place",
        "radius_km",
        "available_until",
    ]

    class Meta:
        model = Offer
        fields = [
            "title",
            "description",
            "hours",
            "euros",
            "goods",
            "postcode",
            "place",
            "radius_km",
            "available_until",
        ]
        field_classes = {"euros": LocalizedDecimalField}
        widgets = {"available_until": DateInput(), "description": forms.Textarea(attrs={"rows": 5})}

    def clean_available_until(self):
        return self.clean_date_not_past("available_until")

    def clean(self):
        cleaned = super().clean()
        kinds = cleaned.get("help_kinds") or []
        wants = {
            HelpKind.TIME: ("hours", _("Say how many hours you give.")),
            HelpKind.MONEY: ("euros", _("Say how much money you give.")),
            HelpKind.GOODS: ("goods", _("Say which goods you give.")),
        }
        for kind, (name, message) in wants.items():
            if kind in kinds and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class ListingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Need.Status.choices)


class LabelColumnsOnly(forms.models.ModelChoiceIterator):
    """Lists a field's choices reading only the columns of their labels (`label_columns`); the one chosen is
    still fetched whole when the form is cleaned."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.queryset.only(*field.label_columns) if field.shown is None else field.shown


class ChoiceOfMany(forms.ModelChoiceField):
    """A choice among the hundreds of needs, offers or enterprises of a municipality. The list shows at most
    `SHOWN_AT_MOST` of them (`show_only`: those whose label contains a searched text, the chosen one first);
    any of the whole queryset may still be chosen."""

    iterator = LabelColumnsOnly
    widget = FastSelect
    SHOWN_AT_MOST = 20

    def __init__(self, *args, label_columns: tuple[str, ...], **kwargs):
        self.label_columns = label_columns  # in the order of the label, which is also the list's order
        self.shown: QuerySet | None = None
        super().__init__(*args, **kwargs)

    def show_only(self, text: str, chosen) -> None:
        """List only what contains `text` in its label (everything when empty), and the one `chosen`."""
        fits = Q()
        for column in self.label_columns if text else ():
            fits |= Q(**{f"{column}__icontains": text})
        chosen_pk = str(chosen) if chosen not in (None, "") and str(chosen).isdigit() else None
        assert self.queryset is not None
        shown = self.queryset.filter(fits | Q(pk=chosen_pk)) if text and chosen_pk else self.queryset.filter(fits)
        first = Case(When(pk=chosen_pk, then=Value(0)), default=Value(1)) if chosen_pk else Value(1)
        self.shown = shown.only(*self.label_columns).order_by(first, *self.label_columns)[: self.SHOWN_AT_MOST]
        self.widget.choices = self.choices  # type: ignore[assignment]  # a ModelChoiceIterator, as Django sets it


class MatchProposeForm(forms.Form):
    """Propose a match. Which needs, offers and entrepreneurs are on offer depends on who proposes."""

    need = ChoiceOfMany(
        label=_("Need"),
        queryset=Need.objects.none(),
        empty_label=_("Choose a need"),
        label_columns=("organisation__name", "title"),
    )
    offer = ChoiceOfMany(
        label=_("Offer"),
        queryset=Offer.objects.none(),
        required=False,
        empty_label=_("No particular offer"),
        label_columns=("organisation__name", "title"),
    )
    enterprise = ChoiceOfMany(
        label=_("Entrepreneur"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The entrepreneur of the offer"),
        label_columns=("name",),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why these two fit; both sides read it."),
    )

    SEARCHED = ("need", "offer", "enterprise")

    def __init__(
        self, *args, needs, offers, enterprises, own_enterprise=None, search=None, first_found_for=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs.select_related("organisation")
        self.fields["need"].label_from_instance = lambda need: f"{need.organisation.name}: {need.title}"
        self.fields["offer"].queryset = offers.select_related("organisation")
        self.fields["offer"].label_from_instance = lambda offer: f"{offer.organisation.name}: {offer.title}"
        self.fields["enterprise"].queryset = enterprises
        self.own_enterprise = own_enterprise
        if own_enterprise is not None:
            del self.fields["enterprise"]  # an entrepreneur proposes for their own enterprise
        self.search = {name: (search or {}).get(name, "") for name in self.SEARCHED if name in self.fields}
        for name, text in self.search.items():
            field = self.fields[name]
            field.show_only(text, (self.data if self.is_bound else self.initial).get(name))
            if name == first_found_for and text:  # typed in its search box: what fits first is chosen
                first = next(iter(field.shown), None)
                self.initial[name] = first.pk if first else ""

    def searched_fields(self):
        """(field, its search text) of the long lists, in the form's order."""
        return [(self[name], text) for name, text in self.search.items()]

    def other_fields(self):
        return [field for field in self if field.name not in self.search]

    def clean(self):
        cleaned = super().clean()
        offer = cleaned.get("offer")
        enterprise = self.own_enterprise or cleaned.get("enterprise")
        if offer and enterprise and offer.organisation_id != enterprise.pk:
            self.add_error("offer", _("This offer belongs to another entrepreneur."))
        elif offer:
            cleaned["enterprise"] = offer.organisation
        elif enterprise:
            cleaned["enterprise"] = enterprise
        elif "enterprise" not in self.errors:
            self.add_error("enterprise", _("Choose an entrepreneur or one of their offers."))
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the match is declined.")},
    )


class MadeForm(forms.Form):
    """What a made match gives; every amount may be empty but none negative."""

    hours_given = forms.IntegerField(label=_("Hours given"), required=False, min_value=0, max_value=100_000)
    euros_given = LocalizedDecimalField(
        label=_("Euros given"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    goods_given = forms.CharField(label=_("Goods given"), required=False, max_length=200)


class EmptyForm(forms.Form):
    pass


TRANSITION_FORMS: dict[str, type[forms.Form]] = {
    Match.Status.PREPARATION: EmptyForm,
    Match.Status.MADE: MadeForm,
    Match.Status.COMPLETED: EmptyForm,
    Match.Status.DECLINED: DeclineForm,
}


class BeursvloerForm(forms.ModelForm):
    class Meta:
        model = Beursvloer
        fields = ["kind", "name", "date", "place", "description"]
        widgets = {"kind": forms.RadioSelect, "date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = sometimes_required(self.fields["kind"])
        kind.required = False  # a plain beursvloer unless chosen otherwise
        kind.choices = Beursvloer.Kind.choices
        kind.initial = Beursvloer.Kind.COMMUNITY

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or Beursvloer.Kind.COMMUNITY


class BeursvloerMatchForm(forms.Form):
    """One match registered on the beursvloer floor: a need, an entrepreneur, and how far it got."""

    need = forms.ModelChoiceField(
        label=_("Need"),
        queryset=Need.objects.none(),
        empty_label=_("Choose a need"),
        error_messages={"required": _("Choose the need."), "invalid_choice": _("Choose an open need from the list.")},
    )
    enterprise = forms.ModelChoiceField(
        label=_("Entrepreneur"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an entrepreneur"),
        error_messages={
            "required": _("Choose the entrepreneur."),
            "invalid_choice": _("Choose an entrepreneur from the list."),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Match.Status.PREPARATION, Match.Status.PREPARATION.label),
            (Match.Status.MADE, Match.Status.MADE.label),
        ],
        initial=Match.Status.PREPARATION,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("What was agreed"), required=False, max_length=2000)

    def __init__(self, *args, needs, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
        self.fields["need"].label_from_instance = lambda need: f"{need.organisation.name}: {need.title}"
        self.fields["enterprise"].queryset = enterprises


class DealForm(forms.Form):
    """One deal recorded at a Buy Social marketplace: a company (chosen, or new by name and KvK number), a
    social entrepreneur, what they agreed and the amount they expect."""

    company = sometimes_required(
        forms.ModelChoiceField(
            label=_("Company"),
            queryset=Organisation.objects.none(),
            required=False,
            empty_label=_("Choose a company, or enter a new one below"),
            error_messages={"invalid_choice": _("Choose a company from the list.")},
        )
    )
    new_company_name = sometimes_required(
        forms.CharField(
            label=_("Or a new company: its name"),
            required=False,
            max_length=200,
            help_text=_("Only when the company is not in the list."),
        )
    )
    new_company_kvk = sometimes_required(
        forms.CharField(
            label=_("KvK number of the new company"),
            required=False,
            max_length=8,
            validators=[kvk_number_validator],
            help_text=_("8 digits; required with a new company."),
        )
    )
    enterprise = forms.ModelChoiceField(
        label=_("Social entrepreneur"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose a social entrepreneur"),
        error_messages={
            "required": _("Choose the social entrepreneur."),
            "invalid_choice": _("Choose a social entrepreneur from the list."),
        },
    )
    agreement = forms.CharField(
        label=_("What was agreed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what the two agreed.")},
    )
    expected_amount = LocalizedDecimalField(
        label=_("Expected amount (euros)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": _("Enter the amount they expect; 0 if none yet."),
            "min_value": _("An amount cannot be negative."),
        },
    )
    for_social_return = forms.BooleanField(label=_("Serves the social-return (SROI) duty of a tender"), required=False)

    def __init__(self, *args, companies, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["company"].label_from_instance = lambda company: (
            f"{company.name} (KvK {company.kvk_number})" if company.kvk_number else company.name
        )
        self.fields["enterprise"].queryset = enterprises

    def clean(self):
        cleaned = super().clean()
        chosen, new_name = cleaned.get("company"), cleaned.get("new_company_name", "").strip()
        if chosen is not None and new_name:
            self.add_error("new_company_name", _("Choose a company or enter a new one, not both."))
        elif chosen is None and "company" not in self.errors:
            if not new_name:
                self.add_error("company", _("Choose a company, or enter the name and KvK number of a new one."))
            elif not cleaned.get("new_company_kvk") and "new_company_kvk" not in self.errors:
                self.add_error("new_company_kvk", _("Enter the KvK number of the new company."))
        return cleaned


class StaleCloseForm(forms.Form):
    """The bulk close of a stale list: the ticked rows (`selected`), or every row of the list (`all`), a reason."""

    selected = forms.Field(required=False, label=_("Selected"), widget=forms.MultipleHiddenInput)
    all = forms.BooleanField(required=False, label=_("Select all"))
    reason = forms.CharField(
        label=_("Reason for closing"),
        max_length=2000,
        initial="",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The owners read it; they can reopen what you close."),
        error_messages={"required": _("Say why they are closed; the owners will read it.")},
    )

    def clean_selected(self) -> list[int]:
        values = self.data.getlist("selected") if hasattr(self.data, "getlist") else []
        try:
            return [int(value) for value in values][:10_000]
        except ValueError:
            raise forms.ValidationError(_("Choose rows of this list.")) from None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("all") and not cleaned.get("selected") and "selected" not in self.errors:
            raise forms.ValidationError(_("Tick the rows to close, or choose to close all of them."))
        return cleaned
