"""The impact supplier register, purchase requests with quotes and awards, SROI tenders, and their audit trail.

The words of the domain: a *supplier* is an organisation registered as an impact supplier (a social
enterprise that meets the criteria of seed 004); an *offering* is one of its products or services; a
*purchase request* (inkoopvraag) is what a buyer wants to buy; a *quote* is a supplier's answer to it; an
*award* (gunning) gives (part of) the request to a supplier who quoted; an *SROI tender* is a contract with a
social-return condition, and its *realisation lines* are the contractor's purchases from registered social
enterprises.
"""

import re
import uuid
from decimal import Decimal
from enum import nonmember
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import KvkStatus, Municipality, Organisation, Theme, postcode_validator
from core.models import register_actions
from core.transitions import StatusChoices, claim

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

not_negative = MinValueValidator(Decimal("0"), message=_("An amount cannot be negative."))


class Money(TypedDict):
    """The size of every amount in euros: `models.DecimalField(..., **MONEY)`."""

    max_digits: int
    decimal_places: int


MONEY: Money = {"max_digits": 12, "decimal_places": 2}


class Category(models.TextChoices):
    """What a product or service is, and what a purchase request asks for."""

    CATERING = "catering", _("Catering and food")
    CLEANING = "cleaning", _("Cleaning")
    GREEN = "green", _("Green maintenance and gardening")
    FACILITY = "facility", _("Facility services and office supplies")
    PRINTING = "printing", _("Printing, design and communication")
    IT = "it", _("IT and digital services")
    LOGISTICS = "logistics", _("Logistics, removals and courier services")
    CONSTRUCTION = "construction", _("Construction, maintenance and installation")
    TEXTILES = "textiles", _("Textiles and workwear")
    GIFTS = "gifts", _("Gifts and promotional items")
    RECYCLING = "recycling", _("Recycling and waste")
    TRAINING = "training", _("Training, coaching and advice")
    EVENTS = "events", _("Events and hospitality")
    STAFFING = "staffing", _("Staffing and job placement")
    CARE = "care", _("Care and welfare services")
    ENERGY = "energy", _("Energy and sustainability")


class SupplierQuerySet(models.QuerySet["Supplier"]):
    def verified(self) -> "SupplierQuerySet":
        return self.filter(status=Supplier.Status.VERIFIED)

    def listed(self) -> "SupplierQuerySet":
        """What the public directory lists: verified suppliers, less those the KvK register says were deregistered
        (the monthly re-check flags them; the coordinator decides what happens to their registration).

        The deregistered organisations are a short list read once (`NOT IN`, on accounts' partial index of them,
        a hashed lookup per supplier), so that a search need not join every supplier it finds to its organisation."""
        deregistered = Organisation.objects.filter(kvk_status=KvkStatus.DEREGISTERED).values("pk")
        return self.verified().exclude(organisation__in=deregistered)

    def deregistered(self) -> "SupplierQuerySet":
        return self.filter(organisation__kvk_status=KvkStatus.DEREGISTERED)

    def in_municipality(self, municipality: Municipality) -> "SupplierQuerySet":
        return self.filter(organisation__municipality=municipality)

    def delivering_in(self, municipality: Municipality) -> "SupplierQuerySet":
        """Suppliers that deliver in `municipality`: nationwide, by choice, or because they are based there."""
        return self.filter(
            Q(delivers_nationwide=True)
            | Q(organisation__municipality=municipality)
            | Q(delivery_municipalities=municipality)
        ).distinct()


class Supplier(models.Model):
    """An organisation's registration as an impact supplier, with the social-enterprise criteria of seed 004.

    `search_vector` is a stored tsvector (PostgreSQL only; NULL elsewhere) that the services rebuild after
    every change to the supplier or its offerings; migration 0002 puts a GIN index on it, on PostgreSQL only.
    Besides the texts it holds the supplier's themes and categories as lexemes of their own, which the directory's
    filters find on the same index (procurement.search.facet, migration 0012).
    """

    class Status(StatusChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        # verified → rejected withdraws a verification; verified → pending when the organisation's name or KvK
        # number changes; rejected → pending when the supplier edits it
        transitions = nonmember(
            {
                "pending": ("verified", "rejected"),
                "verified": ("rejected", "pending"),
                "rejected": ("verified", "pending"),
            }
        )
        badges = nonmember({"pending": "warning", "verified": "success", "rejected": "danger"})

    class PsoLevel(models.TextChoices):
        NONE = "", _("No PSO certificate")
        ASPIRANT = "aspirant", _("PSO aspirant")
        STEP_1 = "step1", _("PSO step 1")
        STEP_2 = "step2", _("PSO step 2")
        STEP_3 = "step3", _("PSO step 3")
        PLUS_30 = "plus30", _("PSO 30+")

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="supplier"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason of the last decision"), blank=True, help_text=_("Why the coordinator verified or rejected it.")
    )
    description = models.TextField(
        _("what you offer"), blank=True, help_text=_("What your enterprise does and for whom, in a few sentences.")
    )
    impact = models.TextField(
        _("your social impact"),
        blank=True,
        help_text=_("The social or ecological impact that comes first for your enterprise, and how you measure it."),
    )
    impact_first = models.BooleanField(
        _("impact comes first"), default=False, help_text=_("Social impact is the primary goal of the enterprise.")
    )
    independent_enterprise = models.BooleanField(
        _("independent enterprise with a product or service"),
        default=False,
        help_text=_("An organisationally independent enterprise that sells a product or service."),
    )
    economically_independent = models.BooleanField(
        _("economically independent"),
        default=False,
        help_text=_("Earns its income mainly from what it sells, not from subsidies or gifts."),
    )
    social_governance = models.BooleanField(
        _("social governance and limited profit distribution"),
        default=False,
        help_text=_("Governance that safeguards the mission, and profits mainly reinvested in it."),
    )
    code_sociale_ondernemingen = models.BooleanField(_("registered with the Code Sociale Ondernemingen"), default=False)
    social_enterprise_nl = models.BooleanField(_("member of Social Enterprise NL"), default=False)
    pso_level = models.CharField(
        _("PSO level"),
        max_length=10,
        choices=PsoLevel.choices,
        default=PsoLevel.NONE,
        blank=True,
        help_text=_("The step on the Performance Ladder Social Entrepreneurship (PSO), if certified."),
    )
    staff_distance_share = models.PositiveSmallIntegerField(
        _("share of staff with a distance to the labour market"),
        default=0,
        validators=[MaxValueValidator(100, message=_("A share lies between 0 and 100 percent."))],
        help_text=_("In percent of your staff, 0 to 100."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("impact themes"), blank=True, related_name="suppliers")
    delivers_nationwide = models.BooleanField(_("delivers throughout the Netherlands"), default=False)
    delivery_municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities delivered to"),
        blank=True,
        related_name="delivering_suppliers",
        help_text=_("Besides your own municipality."),
    )
    delivery_region = models.CharField(
        _("region you deliver in"),
        max_length=200,
        blank=True,
        help_text=_("In your own words, e.g. 'the city of Groningen and the surrounding villages'."),
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[postcode_validator])
    city = models.CharField(_("place"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_public = models.BooleanField(
        _("show contact details publicly"),
        default=False,
        help_text=_("Municipal buyers always see them; the public directory only when you tick this."),
    )
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    # The organisation's name, kept here (save, suppliers_refresh_search, a change of name) so that the directory
    # sorts by name without joining every supplier a search finds to its organisation, and finds the suppliers
    # whose name matches a search on an index of names (migration 0011, PostgreSQL).
    sort_name = models.CharField(_("name for sorting"), max_length=200, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("impact supplier")
        verbose_name_plural = _("impact suppliers")
        indexes = [
            models.Index(fields=["status", "verified_at"], name="procurement_supplier_status"),
            models.Index(fields=["latitude", "longitude"], name="procurement_supplier_location"),
            # the directory by name (its order without a search, or chosen): a page reads the verified suppliers
            # in order until it has its twenty, instead of sorting every one that a common word finds
            models.Index(
                fields=["sort_name", "id"], condition=Q(status="verified"), name="procurement_supplier_by_name"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff_distance_share__lte=100),
                name="procurement_supplier_share_at_most_100",
                violation_error_message=_("A share lies between 0 and 100 percent."),
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name

    def save(self, *args, **kwargs) -> None:
        """A whole save takes the organisation's name as `sort_name` (read in the same statement when the
        organisation is not loaded; a save of some fields leaves it)."""
        if kwargs.get("update_fields") is None:
            if self._meta.get_field("organisation").is_cached(self):  # type: ignore[union-attr]
                self.sort_name = self.organisation.name
            else:
                names = Organisation.objects.filter(pk=self.organisation_id).values("name")[:1]
                self.sort_name = Subquery(names)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("procurement:supplier_profile", kwargs={"pk": self.pk})

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def criteria_rows(self) -> list[tuple["StrOrPromise", bool]]:
        """Each social-enterprise criterion and membership with whether this supplier meets it."""
        return [(criterion_label(name), getattr(self, name)) for name in CRITERIA]

    @property
    def status_badge(self) -> str:
        return self.Status(self.status).badge


# The four traits of a social enterprise in seed 004, then the memberships; the directory filters on these.
SOCIAL_ENTERPRISE_TRAITS = ["impact_first", "independent_enterprise", "economically_independent", "social_governance"]
MEMBERSHIPS = ["code_sociale_ondernemingen", "social_enterprise_nl"]
CRITERIA = SOCIAL_ENTERPRISE_TRAITS + MEMBERSHIPS


def criterion_label(name: str) -> "StrOrPromise":
    """What a criterion or membership is called: the label of its field on Supplier."""
    field = Supplier._meta.get_field(name)
    assert isinstance(field, models.Field)  # every criterion is a field of Supplier's own, never a relation
    return field.verbose_name


class SearchWord(models.Model):
    """A word (lexeme) that a supplier's search vector holds, kept by the services with the vectors (PostgreSQL
    only; empty elsewhere): procurement.services' SEARCH_WORDS_SQL adds a vector's new words, and
    `search_words_forget` takes away those that no vector holds any more once the change is committed (the words
    of a supplier deleted outright: daily). The directory writes the start of a word that a search has as the words that
    begin with it (procurement.search), which the GIN index of the vectors reads as they are: matching the start
    against the index costs PostgreSQL several times as much per supplier found."""

    word = models.CharField(_("word"), max_length=2048, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word


class Offering(models.Model):
    """A product or service a supplier sells."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="offerings"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(
        _("indicative price"),
        **MONEY,
        null=True,
        blank=True,
        validators=[not_negative],
        help_text=_("In euros, excluding VAT. Leave empty for 'on request'."),
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("E.g. per hour, per piece, per lunch."))

    class Meta:
        ordering = ["supplier", "title"]
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        indexes = [models.Index(fields=["category", "supplier"], name="procurement_offering_category")]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0) | Q(price__isnull=True),
                name="procurement_offering_price_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def price_looks_implausible(price: Decimal | None, unit: str) -> bool:
        """Whether a price is far above what its unit usually costs (4250 an hour where 42,50 was meant): the
        supplier then confirms the amount before it is published."""
        return price is not None and price > price_ceiling(unit)


# The highest price that looks right for a unit, by a word in the unit ("per uur", "per dag"); above it the
# supplier is asked to confirm. Checked in order, so a half day goes before a day.
PRICE_CEILINGS: tuple[tuple[frozenset[str], Decimal], ...] = (
    (frozenset({"uur", "uurtarief", "hour", "hourly", "hr"}), Decimal("500")),
    (frozenset({"dagdeel", "dagdelen"}), Decimal("2500")),
    (frozenset({"dag", "dagen", "day", "days"}), Decimal("5000")),
    (frozenset({"lunch", "maaltijd", "meal", "stuk", "piece", "kop", "cup", "persoon", "person"}), Decimal("250")),
)
PRICE_CEILING_OTHERWISE = Decimal("50000")


def price_ceiling(unit: str) -> Decimal:
    words = set(re.findall(r"[a-z]+", unit.lower()))
    return next((ceiling for unit_words, ceiling in PRICE_CEILINGS if words & unit_words), PRICE_CEILING_OTHERWISE)


class PurchaseRequest(models.Model):
    """What a buyer wants to buy (inkoopvraag); fitting verified suppliers are told by e-mail.

    The buyer is the municipality's own (origin municipal), a contractor buying for its social-return duty under
    `sroi_tender` (origin contractor), or a verified private organisation (origin private); the latter two name
    their `organisation`. Spend counts apart per origin in the figures.
    """

    class Origin(models.TextChoices):
        MUNICIPAL = "municipal", _("The municipality")
        CONTRACTOR = "contractor", _("A contractor, for its social-return duty")
        PRIVATE = "private", _("A private organisation")

    class Status(StatusChoices):
        OPEN = "open", _("Open for quotes")
        AWARDED = "awarded", _("Awarded")
        CANCELLED = "cancelled", _("Cancelled")
        transitions = nonmember({"open": ("awarded", "cancelled"), "awarded": (), "cancelled": ()})
        badges = nonmember({"open": "neutral", "awarded": "success", "cancelled": "inactive"})

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="purchase_requests"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="purchase_requests",
    )
    title = models.CharField(_("what do you want to buy"), max_length=200)
    description = models.TextField(_("description"), help_text=_("What, how much, where and when."))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    budget_min = models.DecimalField(_("budget from"), **MONEY, validators=[not_negative], help_text=_("In euros."))
    budget_max = models.DecimalField(_("budget up to"), **MONEY, validators=[not_negative], help_text=_("In euros."))
    deadline = models.DateField(_("quotes due by"))
    counts_towards_sroi = models.BooleanField(
        _("counts towards SROI"),
        default=False,
        help_text=_("The purchase helps a contractor meet the social-return condition of a tender."),
    )
    prefer_regional_suppliers = models.BooleanField(
        _("prefer suppliers from the region"),
        default=False,
        help_text=_(
            "Suppliers based in the municipality's region are ranked first, as its purchasing framework intends."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    origin = models.CharField(_("buyer"), max_length=20, choices=Origin.choices, default=Origin.MUNICIPAL)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("buying organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase_requests",
        help_text=_("The contractor or private organisation that buys; empty when the municipality buys."),
    )
    sroi_tender = models.ForeignKey(
        "SroiTender",
        verbose_name=_("SROI tender"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase_requests",
        help_text=_("The tender whose social-return duty this purchase serves."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("purchase request")
        verbose_name_plural = _("purchase requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__gte=0) & Q(budget_max__gte=models.F("budget_min")),
                name="procurement_request_budget_range",
                violation_error_message=_("The budget range runs from a non-negative amount up to a larger one."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:request_detail", kwargs={"pk": self.pk})

    @property
    def status_badge(self) -> str:
        return self.Status(self.status).badge

    @property
    def buyer_name(self) -> str:
        """Who buys, as suppliers read it: the private organisation or the contractor, else the municipality."""
        if self.organisation is not None:
            return self.organisation.name
        return self.municipality.name


class Quote(models.Model):
    """A supplier's answer to a purchase request: a message and a price."""

    purchase_request = models.ForeignKey(
        PurchaseRequest, verbose_name=_("purchase request"), on_delete=models.CASCADE, related_name="quotes"
    )
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="quotes")
    message = models.TextField(_("message"), help_text=_("What you offer for this request, and how you would do it."))
    price = models.DecimalField(_("price"), **MONEY, validators=[not_negative], help_text=_("In euros, excluding VAT."))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shortlisted = models.BooleanField(_("shortlisted"), default=False)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_request", "supplier"],
                name="procurement_one_quote_per_supplier",
                violation_error_message=_("You have already answered this request."),
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="procurement_quote_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.purchase_request}"


class Award(models.Model):
    """(Part of) a purchase request given to a supplier who quoted, with the amount spent."""

    quote = models.OneToOneField(Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="award")
    purchase_request = models.ForeignKey(
        PurchaseRequest, verbose_name=_("purchase request"), on_delete=models.CASCADE, related_name="awards"
    )
    supplier = models.ForeignKey(Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(_("amount"), **MONEY, validators=[not_negative], help_text=_("In euros."))
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("awarded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-awarded_on"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="procurement_award_not_negative")]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.amount}"


class SroiTender(models.Model):
    """A contract with a social-return condition: a percentage of the contract value goes to social return."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="sroi_tenders"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("tender"), max_length=200)
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    contractor = models.CharField(_("contractor"), max_length=200, help_text=_("The company that won the tender."))
    contractor_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("contractor's organisation in the portal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sroi_tenders",
        help_text=_("Set once the contractor has accepted the buyer's invitation."),
    )
    contractor_email = models.EmailField(
        _("contractor's e-mail address"), blank=True, help_text=_("Where the buyer's invitation to the portal goes.")
    )
    contract_value = models.DecimalField(
        _("contract value"), **MONEY, validators=[not_negative], help_text=_("In euros.")
    )
    sroi_percentage = models.DecimalField(
        _("SROI percentage"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), message=_("A percentage lies between 0 and 100.")),
            MaxValueValidator(Decimal("100"), message=_("A percentage lies between 0 and 100.")),
        ],
        help_text=_("The share of the contract value that must go to social return."),
    )
    start_date = models.DateField(_("contract start"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("SROI tender")
        verbose_name_plural = _("SROI tenders")
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_value__gte=0) & Q(sroi_percentage__gte=0) & Q(sroi_percentage__lte=100),
                name="procurement_tender_amounts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:tender_detail", kwargs={"pk": self.pk})

    @property
    def required_amount(self) -> Decimal:
        """The social return the contractor owes: contract value × percentage, rounded to cents."""
        return (self.contract_value * self.sroi_percentage / Decimal(100)).quantize(Decimal("0.01"))


class SroiCriterion(models.TextChoices):
    """What makes a purchase from a supplier count towards a social-return duty; a municipality weighs each."""

    CODE_REGISTER = "code_register", _("Registered with the Code Sociale Ondernemingen")
    SOCIAL_ENTERPRISE_NL = "social_enterprise_nl", _("Member of Social Enterprise NL")
    PSO_CERTIFIED = "pso_certified", _("Certified on the PSO ladder")
    VERIFIED_SUPPLIER = "verified_supplier", _("Any other verified supplier in the register")


class SroiWeight(models.Model):
    """A municipality's weighting rule: a purchase from a supplier meeting `criterion` counts for `weight` percent
    of its amount. The highest weight a supplier meets applies; without rules the defaults of
    procurement.sroi hold (the Code register fully, Social Enterprise NL for half)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="sroi_weights"
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=SroiCriterion.choices)
    weight = models.PositiveSmallIntegerField(
        _("counts for (percent)"),
        validators=[MaxValueValidator(100, message=_("A percentage lies between 0 and 100."))],
        help_text=_("The share of a purchase's amount that counts towards the duty, 0 to 100."),
    )

    class Meta:
        ordering = ["municipality", "-weight", "criterion"]
        verbose_name = _("SROI weighting rule")
        verbose_name_plural = _("SROI weighting rules")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "criterion"], name="procurement_sroi_weight_once"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="procurement_sroi_weight_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.weight}%"


class SroiRealisation(models.Model):
    """One purchase a contractor made from a registered social enterprise, counted towards a tender's SROI.

    A buyer's own record counts at once; one the contractor records is submitted and counts once the buyer
    accepts it. `weight` is the percentage that counted when it was accepted (the municipality's rule then)."""

    class Status(StatusChoices):
        SUBMITTED = "submitted", _("Awaiting the buyer's check")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        transitions = nonmember({"submitted": ("accepted", "rejected"), "accepted": (), "rejected": ("submitted",)})
        badges = nonmember({"submitted": "warning", "accepted": "success", "rejected": "danger"})

    tender = models.ForeignKey(
        SroiTender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="realisations"
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("social enterprise"), on_delete=models.PROTECT, related_name="sroi_realisations"
    )
    description = models.CharField(_("what was bought"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[not_negative], help_text=_("In euros."))
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    weight = models.PositiveSmallIntegerField(
        _("counted for (percent)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100, message=_("A percentage lies between 0 and 100."))],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, help_text=_("Why the buyer rejected it."))
    purchase_request = models.ForeignKey(
        PurchaseRequest,
        verbose_name=_("purchase request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sroi_realisations",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("SROI realisation")
        verbose_name_plural = _("SROI realisations")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="procurement_realisation_not_negative")]

    def __str__(self) -> str:
        return self.description


def validate_evidence(file) -> None:
    """Evidence of an impact report is a PDF (by its name and by its first bytes) of at most 5 MB, as a pitch."""
    if not (getattr(file, "name", "") or "").lower().endswith(".pdf"):
        raise ValidationError(_("The evidence must be a PDF file."), code="evidence_type")
    if file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The evidence is larger than 5 MB."), code="evidence_size")
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("The evidence is not a PDF file."), code="evidence_type")


EVIDENCE_MAX_BYTES = 5 * 1024 * 1024


def evidence_upload_to(instance, filename: str) -> str:
    return f"impact/{instance.supplier_id}/{uuid.uuid4().hex}.pdf"


no_negative_figure = MinValueValidator(0, message=_("A figure cannot be negative."))
FIRST_IMPACT_YEAR = 2000


class ImpactReport(models.Model):
    """A verified supplier's impact of one year, from a fixed menu of figures each with its definition (the
    field's help text, shown on the form and the public profile). A coordinator of the supplier's municipality
    checks it: accepted figures count in the municipality's and region's totals and show on the profile."""

    class Status(StatusChoices):
        SUBMITTED = "submitted", _("Awaiting a check")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")
        # a returned report goes back for a check when the supplier files it again; an accepted one is final
        transitions = nonmember({"submitted": ("accepted", "returned"), "returned": ("submitted",), "accepted": ()})
        badges = nonmember({"submitted": "warning", "accepted": "success", "returned": "danger"})

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="impact_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    persons_employed = models.PositiveIntegerField(
        _("people with a distance to the labour market employed"),
        null=True,
        blank=True,
        validators=[no_negative_figure],
        help_text=_(
            "People with a distance to the labour market (an occupational disability, a benefit, long-term "
            "unemployment, the Participation Act target group) with a paid job at your enterprise during the year, "
            "counted once each."
        ),
    )
    fte = models.DecimalField(
        _("of which in FTE"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message=_("A figure cannot be negative."))],
        help_text=_(
            "The same people's paid hours as full-time jobs averaged over the year (36 hours a week is 1 FTE)."
        ),
    )
    trainees = models.PositiveIntegerField(
        _("trainees and work-experience places"),
        null=True,
        blank=True,
        validators=[no_negative_figure],
        help_text=_(
            "Trainees, apprentices and people in a work-experience place who started or worked during the year."
        ),
    )
    co2_avoided = models.DecimalField(
        _("CO₂ avoided (tonnes)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message=_("A figure cannot be negative."))],
        help_text=_(
            "Tonnes of CO₂ equivalent your products or services avoided during the year compared with the usual "
            "alternative, by a method you can show."
        ),
    )
    waste_diverted = models.DecimalField(
        _("waste diverted (tonnes)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message=_("A figure cannot be negative."))],
        help_text=_("Tonnes of material reused or recycled during the year instead of being burned or dumped."),
    )
    people_reached = models.PositiveIntegerField(
        _("people reached"),
        null=True,
        blank=True,
        validators=[no_negative_figure],
        help_text=_("People your social mission directly served during the year (clients, visitors, participants)."),
    )
    volunteers = models.PositiveIntegerField(
        _("volunteers"),
        null=True,
        blank=True,
        validators=[no_negative_figure],
        help_text=_("People who worked for your enterprise as volunteers during the year, counted once each."),
    )
    evidence = models.FileField(
        _("evidence (PDF)"),
        upload_to=evidence_upload_to,
        validators=[validate_evidence],
        blank=True,
        help_text=_("Optional: an annual report or impact measurement, a PDF of at most 5 MB."),
    )
    evidence_url = models.URLField(
        _("evidence (link)"), blank=True, help_text=_("Optional: a link to your published annual or impact report.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    comment = models.TextField(
        _("comment of the check"), blank=True, help_text=_("Why the coordinator returned it, or a note on accepting.")
    )

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")
        indexes = [models.Index(fields=["status", "year"], name="procurement_impact_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "year"],
                name="procurement_one_impact_report_per_year",
                violation_error_message=_("Your enterprise has already reported its impact for this year."),
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=0) | Q(fte__isnull=True),
                name="procurement_impact_fte_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(co2_avoided__gte=0) | Q(co2_avoided__isnull=True))
                & (Q(waste_diverted__gte=0) | Q(waste_diverted__isnull=True)),
                name="procurement_impact_tonnes_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.year}"

    @property
    def status_badge(self) -> str:
        return self.Status(self.status).badge

    @property
    def is_editable(self) -> bool:
        """The supplier may change it until it is accepted."""
        return self.status != self.Status.ACCEPTED

    @property
    def figure_rows(self) -> list[tuple["StrOrPromise", "StrOrPromise", Decimal | int | None]]:
        """Each figure of the menu: (label, definition, value), None where the supplier left it empty."""
        rows = []
        for name in IMPACT_FIGURES:
            field = impact_figure_field(name)
            rows.append((field.verbose_name, field.help_text, getattr(self, name)))
        return rows


# The menu of figures, in the order the form, the profile and the totals show them.
IMPACT_FIGURES = (
    "persons_employed",
    "fte",
    "trainees",
    "co2_avoided",
    "waste_diverted",
    "people_reached",
    "volunteers",
)
IMPACT_DECIMAL_FIGURES = frozenset({"fte", "co2_avoided", "waste_diverted"})


def impact_figure_field(name: str) -> models.Field:
    field = ImpactReport._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


class RegisterImportQuerySet(models.QuerySet["RegisterImport"]):
    def claim(self, pk: int) -> int | None:
        """Take a queued import (or one whose worker died while importing) for this attempt; None when the
        import is finished or gone."""
        return claim(self, pk, to=RegisterImport.Status.RUNNING, started_at=timezone.now())

    def mark_failed(self, pk: int, *, error: str) -> bool:
        """Record why an import that has not finished failed (nothing of it was stored); a finished one stays."""
        return bool(
            self.filter(pk=pk, status__in=RegisterImport.Status.sources(RegisterImport.Status.FAILED)).update(
                status=RegisterImport.Status.FAILED, error=error[:5000], finished_at=timezone.now()
            )
        )


class RegisterImport(models.Model):
    """An uploaded CSV file of suppliers: kept for its preview, then imported by a Celery job
    (procurement.tasks.run_register_import) in one transaction once the coordinator confirms it."""

    class Status(StatusChoices):
        """The job's steps. A worker that died while importing leaves an import that is claimed again
        (running → running); a failed import stored nothing and may be confirmed again."""

        PREVIEW = "preview", _("Awaiting confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")
        transitions = nonmember(
            {
                "preview": ("queued",),
                "queued": ("running", "failed"),
                "running": ("running", "imported", "failed"),
                "imported": (),
                "failed": ("queued",),
            }
        )
        badges = nonmember(
            {"preview": "warning", "queued": "neutral", "running": "neutral", "imported": "success", "failed": "danger"}
        )

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="register_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.TextField(
        _("content"), blank=True, help_text=_("The decoded text of the file; emptied once it is imported.")
    )
    encoding = models.CharField(_("encoding"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        help_text=_("What the coordinator chose: skip rows with errors, verify, the organisations to update."),
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RegisterImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


@register_actions
class AuditAction(models.TextChoices):
    """Procurement's decisions in the audit trail (core.audit): verifications, awards and SROI changes."""

    SUPPLIER_REGISTERED = "supplier_registered", _("Registration submitted")
    SUPPLIER_RESUBMITTED = "supplier_resubmitted", _("Registration resubmitted")
    SUPPLIER_VERIFIED = "supplier_verified", _("Supplier verified")
    SUPPLIER_REJECTED = "supplier_rejected", _("Supplier rejected")
    SUPPLIER_WITHDRAWN = "supplier_withdrawn", _("Registration withdrawn: its contact erased their account")
    SUPPLIER_IDENTITY_CHANGED = "supplier_identity_changed", _("Name or KvK number changed; verification again")
    SUPPLIERS_IMPORTED = "suppliers_imported", _("Suppliers imported")
    REQUEST_POSTED = "request_posted", _("Purchase request posted")
    REQUEST_CANCELLED = "request_cancelled", _("Purchase request cancelled")
    QUOTE_SHORTLISTED = "quote_shortlisted", _("Quote shortlisted")
    QUOTE_UNSHORTLISTED = "quote_unshortlisted", _("Quote taken off the shortlist")
    AWARD_MADE = "award_made", _("Award made")
    TENDER_REGISTERED = "tender_registered", _("SROI tender registered")
    TENDER_CHANGED = "tender_changed", _("SROI tender changed")
    REALISATION_ADDED = "realisation_added", _("SROI realisation recorded")
    REALISATION_REMOVED = "realisation_removed", _("SROI realisation removed")
    IMPACT_REPORTED = "impact_reported", _("Impact report submitted")
    IMPACT_ACCEPTED = "impact_accepted", _("Impact report accepted")
    IMPACT_RETURNED = "impact_returned", _("Impact report returned")
    CONTRACTOR_INVITED = "contractor_invited", _("Contractor invited to the portal")
    CONTRACTOR_JOINED = "contractor_joined", _("Contractor accepted the invitation")
    REALISATION_SUBMITTED = "realisation_submitted", _("SROI realisation submitted by the contractor")
    REALISATION_ACCEPTED = "realisation_accepted", _("SROI realisation accepted")
    REALISATION_REJECTED = "realisation_rejected", _("SROI realisation rejected")
    SROI_WEIGHTS_CHANGED = "sroi_weights_changed", _("SROI weighting rules changed")
    BUYER_VERIFIED = "buyer_verified", _("Private buyer verified")
    BUYER_REJECTED = "buyer_rejected", _("Private buyer rejected")
