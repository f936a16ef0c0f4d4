"""The ground every app stands on: users, municipalities, organisations and impact themes."""

import hashlib
import re
from enum import nonmember
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.dispatch import Signal
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core import colours
from core.models import register_actions
from core.transitions import StatusChoices

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

kvk_number_validator = RegexValidator(
    regex=r"^\d{8}$",
    message=_("A KvK number has exactly 8 digits."),
)
hex_color_validator = RegexValidator(
    regex=r"^#[0-9A-Fa-f]{6}$",
    message=_("Enter a colour as # followed by six hexadecimal digits, such as #C8102E."),
)
postcode_validator = RegexValidator(
    regex=r"^[1-9]\d{3} ?[A-Za-z]{2}$",
    message=_("Enter a Dutch postcode such as 9712 AB."),
)


class Region(models.Model):
    """Municipalities that buy and build a marketplace together (such as regio Alkmaar): a regional coordinator
    works on the shared supplier register and marketplace of its members; each member's own data stays its own."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    place_name = models.CharField(
        _("place name"), max_length=100, help_text=_("As written on letters, e.g. GRONINGEN.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    mayor = models.CharField(_("mayor"), max_length=100, blank=True)
    secretary = models.CharField(_("municipal secretary"), max_length=100, blank=True)
    logo = models.ImageField(_("logo"), upload_to="municipalities/", blank=True)
    question_retention_days = models.PositiveSmallIntegerField(
        _("retention of service-point questions (days)"),
        default=365,
        help_text=_(
            "After this many days from closing, the name and e-mail address of a question asked without "
            "an account are erased. The question still counts in the figures."
        ),
    )

    response_target_working_days = models.PositiveSmallIntegerField(
        _("target response time of the service point (working days)"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("A question not answered within this many working days is overdue."),
    )
    stale_reminder_days = models.PositiveSmallIntegerField(
        _("reminder after (days without movement)"),
        default=60,
        validators=[MinValueValidator(1)],
        help_text=_("An open need, an open offer or a match without movement for this long is reminded to its owner."),
    )
    stale_close_days = models.PositiveSmallIntegerField(
        _("closed after the reminder (days)"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Still without movement this many days after the reminder, it is closed; the owner can undo that."),
    )
    registration_waiting_days = models.PositiveSmallIntegerField(
        _("supplier registrations flagged after (days)"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("A supplier registration waiting longer than this is flagged on the coordinator's start page."),
    )
    brand_primary_color = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        validators=[hex_color_validator],
        help_text=_("The municipality's main colour, e.g. #C8102E. Empty: the neutral portal colours."),
    )
    brand_secondary_color = models.CharField(
        _("second brand colour"),
        max_length=7,
        blank=True,
        validators=[hex_color_validator],
        help_text=_("Used for accents such as the header's line. Empty: derived from the brand colour."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        help_text=_("The region this municipality buys and builds a marketplace with, if any."),
    )
    population = models.PositiveIntegerField(
        _("inhabitants"),
        null=True,
        blank=True,
        help_text=_("The number of inhabitants, for figures per 10,000 inhabitants in the network view."),
    )
    in_network = models.BooleanField(
        _("shares its published figures in the network view"),
        default=False,
        help_text=_("Only the frozen figures of published council letters are shown, never drafts or live data."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Both brand colours carry white text (the header, the footer, a design system's filled buttons) and
        read as text on the portal's light panels, at WCAG AA's 4.5:1."""
        errors = {}
        accent = _valid_colour(self.brand_secondary_color) or _valid_colour(self.brand_primary_color)
        for name in ("brand_primary_color", "brand_secondary_color"):
            colour = getattr(self, name)
            if not colour or not HEX_COLOUR.fullmatch(colour):
                continue  # empty, or already refused by the field's validator
            backgrounds = _light_backgrounds(colour, accent)
            ratio = min(colours.contrast_ratio(colour, background) for background in backgrounds)
            if ratio < colours.AA_TEXT:
                errors[name] = ValidationError(
                    _(
                        "%(colour)s is too light: white text on it, and text in it on white or light grey, reaches "
                        "a contrast of only %(ratio)s:1, where WCAG AA asks for at least 4.5:1. Choose a darker shade."
                    ),
                    code="low_contrast",
                    params={"colour": colour.upper(), "ratio": number_format(ratio, 1)},
                )
        if errors:
            raise ValidationError(errors)

    @property
    def has_own_face(self) -> bool:
        return bool(self.logo or self.brand_primary_color or self.brand_secondary_color)

    @property
    def own_face_version(self) -> str:
        """Changes whenever the colours or the logo do: part of the brand stylesheet's address."""
        key = f"{self.brand_primary_color}|{self.brand_secondary_color}|{self.logo.name if self.logo else ''}"
        return hashlib.sha256(key.lower().encode()).hexdigest()[:12]

    def own_face_tokens(self) -> dict[str, str]:
        """The design tokens (CSS custom properties) the brand colours set: the portal's own and the NL Design
        System tokens they are read from. Empty without colours: the neutral look."""
        tokens: dict[str, str] = {}
        primary = _valid_colour(self.brand_primary_color)
        accent = _valid_colour(self.brand_secondary_color) or primary
        if primary:
            dark = colours.mix(primary, colours.BLACK, 0.3)
            tokens |= {
                "--basis-color-accent-1-inverse-bg-document": primary,
                "--basis-color-accent-1-inverse-bg-subtle": dark,
                "--basis-color-accent-1-inverse-color-document": colours.WHITE,
                # the design system's buttons and their text: filled in the brand colour, or written in it on white
                "--basis-color-action-1-inverse-bg-default": primary,
                "--basis-color-accent-1-inverse-bg-hover": dark,
                "--basis-color-accent-1-inverse-bg-active": dark,
                "--basis-color-accent-1-color-default": primary,
                "--basis-color-accent-1-color-hover": dark,
                "--basis-color-accent-1-color-active": dark,
                "--basis-color-accent-1-border-default": primary,
                "--portal-color-brand": primary,
                "--portal-color-brand-dark": dark,
                "--portal-color-on-brand": colours.WHITE,
            }
        if accent:
            subtle = colours.mix(accent, colours.WHITE, ACCENT_TINT)
            tokens |= {
                "--basis-color-accent-1-inverse-bg-default": accent,
                "--basis-color-accent-1-inverse-color-default": colours.WHITE,
                "--basis-color-accent-1-bg-default": subtle,
                "--portal-color-accent": accent,
                "--portal-color-accent-subtle": subtle,
            }
        return tokens


HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
LIGHT_PANEL = "#eff1f3"  # the portal's light grey, on which the brand colour is also text (the current menu item)
ACCENT_TINT = 0.94  # the accent's pale background: this much white mixed in


def _valid_colour(colour: str) -> str:
    return colour.lower() if HEX_COLOUR.fullmatch(colour) else ""


def _light_backgrounds(colour: str, accent: str) -> list[str]:
    """Where the colour is text, or carries white text: white, the light grey, and the pale tints (its own and
    the accent's, behind the key figures)."""
    tints = {colours.mix(shade, colours.WHITE, ACCENT_TINT) for shade in (colour, accent) if shade}
    return [colours.WHITE, LIGHT_PANEL, *sorted(tints)]


class Theme(models.Model):
    """An impact theme; the vocabulary that organisations, needs, offers and suppliers share."""

    class Code(models.TextChoices):
        CARE = "care", _("Care and well-being")
        WORK = "work", _("Work and participation")
        CIRCULAR = "circular", _("Circular economy")
        ENERGY = "energy", _("Sustainability and energy")
        EDUCATION = "education", _("Education and youth")
        POVERTY = "poverty", _("Poverty and debt")
        FOOD = "food", _("Food")
        CULTURE = "culture", _("Culture and community")
        HOUSING = "housing", _("Housing and neighbourhood")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("impact theme")
        verbose_name_plural = _("impact themes")

    def __str__(self) -> str:
        # What get_code_display() gives, with one translation instead of one per theme: Django's display
        # hashes every choice's (lazy) label, which translates each of them, on every call.
        return str(THEME_LABELS.get(self.code, self.code))


THEME_LABELS = dict(Theme.Code.choices)


class KvkStatus(models.TextChoices):
    """What the KvK's Handelsregister said of an organisation's KvK number when the portal last asked."""

    UNCHECKED = "unchecked", _("Not checked")
    ACTIVE = "active", _("Registered and active")
    DEREGISTERED = "deregistered", _("Deregistered")
    NOT_FOUND = "not_found", _("Not found")


class BuyerStatus(StatusChoices):
    """A private organisation's registration as a buyer: a coordinator of its municipality verifies it before it
    may post purchase requests. Empty for an organisation that does not buy."""

    NONE = "", _("Not a buyer")
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    transitions = nonmember(
        {"": ("pending",), "pending": ("verified", "rejected"), "verified": ("rejected",), "rejected": ("pending",)}
    )
    badges = nonmember({"": "inactive", "pending": "warning", "verified": "success", "rejected": "danger"})


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        INITIATIVE = "initiative", _("Community initiative")
        # A company or institution that is not itself a social enterprise: a contractor with a social-return
        # duty, or a private organisation that buys from social enterprises (issue 20).
        COMPANY = "company", _("Company or institution")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    kvk_number = models.CharField(
        _("KvK number"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[kvk_number_validator],
        help_text=_("The 8-digit number of the Chamber of Commerce (KvK)."),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("impact themes"), blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[postcode_validator])
    city = models.CharField(_("place"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, help_text=_("Set when the last member erased their account.")
    )
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=100, blank=True, help_text=_("As the KvK's Handelsregister states it.")
    )
    kvk_status = models.CharField(
        _("status in the KvK register"), max_length=20, choices=KvkStatus.choices, default=KvkStatus.UNCHECKED
    )
    kvk_checked_at = models.DateTimeField(_("checked in the KvK register at"), null=True, blank=True)
    eherkenning_verified_at = models.DateTimeField(
        _("verified by eHerkenning at"),
        null=True,
        blank=True,
        help_text=_("Set when a member logged in with eHerkenning for this KvK number."),
    )
    buyer_status = models.CharField(
        _("registration as a buyer"), max_length=20, choices=BuyerStatus.choices, default=BuyerStatus.NONE, blank=True
    )
    buyer_decided_at = models.DateTimeField(_("buyer registration decided at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            # the organisations of a municipality by id alone, without reading their rows: what counting its
            # suppliers (or anything else joined to its organisations) needs
            models.Index(fields=["municipality", "id"], name="organisation_municipality"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Saved; when its municipality changed (whoever saves it: the admin, a service, a script), with
        `organisation_moved` sent in the same transaction once the row holds the new one."""
        update_fields = kwargs.get("update_fields")
        saves_municipality = "municipality_id" in self.__dict__ and (
            update_fields is None or bool({"municipality", "municipality_id"} & set(update_fields))
        )
        if self.pk is None or not saves_municipality:
            moved = False  # a new organisation, or its municipality left as it is
        elif self._state.adding:
            moved = True  # made with its id given: perhaps a row already, whose municipality is unknown here
        else:
            moved = self.municipality_id != self._stored_municipality_id
        previous = self._stored_municipality_id
        super().save(*args, **kwargs)
        if saves_municipality:
            self._stored_municipality_id = self.municipality_id
        if moved:
            organisation_moved.send(Organisation, organisation=self, previous=previous)

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation")

    # The municipality as the database holds it (read, refreshed or saved), so that a save knows the
    # organisation moved; None when unknown (a new organisation, or the field not read).
    _stored_municipality_id: int | None = None

    @classmethod
    def from_db(cls, db, field_names, values):
        organisation = super().from_db(db, field_names, values)
        organisation._stored_municipality_id = organisation.__dict__.get("municipality_id")
        return organisation

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or {"municipality", "municipality_id"} & set(fields):
            self._stored_municipality_id = self.__dict__.get("municipality_id")


# Sent when a saved organisation's municipality changed (Organisation.save), inside the transaction, with
# `organisation` and `previous` (the former municipality's id, None when unknown); procurement refreshes its
# suppliers' search vectors, which hold the municipality for the directory's filter. An UPDATE of the table
# (QuerySet.update) sends nothing: change an organisation's municipality by saving it.
organisation_moved = Signal()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra_fields)


def language_field(help_text: "StrOrPromise") -> models.CharField:
    """A language the portal speaks (Dutch unless chosen otherwise), e.g. the one its e-mails are written in."""
    return models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, help_text=help_text
    )


class User(AbstractUser):
    """A person with an e-mail login and one role.

    Entrepreneurs and initiatives belong to an organisation; coordinators, buyers, jury members
    and council members are bound to one municipality.
    """

    class Role(models.TextChoices):
        ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
        INITIATIVE = "initiative", _("Community initiative")
        COORDINATOR = "coordinator", _("Coordinator")
        BUYER = "buyer", _("Buyer")
        JURY = "jury", _("Jury member or coach")
        COUNCIL = "council", _("Council member")
        APPROVER = "approver", _("Approver of council letters (alderman's office)")
        REGIONAL_COORDINATOR = "regional", _("Regional coordinator")
        CONTRACTOR = "contractor", _("Contractor with a social-return duty")
        PRIVATE_BUYER = "private_buyer", _("Buyer at a private organisation")
        ADMINISTRATOR = "administrator", _("Administrator")

    MUNICIPAL_ROLES = {Role.COORDINATOR, Role.BUYER, Role.JURY, Role.COUNCIL, Role.APPROVER}
    ORGANISATION_ROLES = {Role.ENTREPRENEUR, Role.INITIATIVE}
    # People of a company or institution (Organisation.Kind.COMPANY): bound to it, never to a municipality's staff.
    COMPANY_ROLES = {Role.CONTRACTOR, Role.PRIVATE_BUYER}

    # An e-mail login without first and last names: Django drops an inherited field set to None, which the
    # stubs cannot express (they keep AbstractUser's str fields).
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("The municipality a coordinator, buyer, jury member or council member works for."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinators",
        help_text=_("The region a regional coordinator works for."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = language_field(
        _("The language of the e-mails the portal sends: the last one chosen with the language switch.")
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    # The stubs type AbstractUser.objects as Django's username-based UserManager; an e-mail login brings its own.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if not self.is_active:
            return  # an erased account keeps its role for the figures, not its ties
        if self.role in self.MUNICIPAL_ROLES and not self.municipality_id:
            raise ValidationError({"municipality": _("This role is bound to a municipality.")})
        if self.role in self.ORGANISATION_ROLES | self.COMPANY_ROLES and not self.organisation_id:
            raise ValidationError({"organisation": _("This role belongs to an organisation.")})
        if self.role == self.Role.REGIONAL_COORDINATOR and not self.region_id:
            raise ValidationError({"region": _("A regional coordinator works for a region.")})

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_buyer(self) -> bool:
        return self.role == self.Role.BUYER

    @property
    def is_council_member(self) -> bool:
        return self.role == self.Role.COUNCIL

    @property
    def is_letter_approver(self) -> bool:
        """Approves council letters on behalf of the college (e.g. the alderman's office) without writing them."""
        return self.role == self.Role.APPROVER

    @property
    def is_regional_coordinator(self) -> bool:
        return self.role == self.Role.REGIONAL_COORDINATOR

    @property
    def is_contractor(self) -> bool:
        return self.role == self.Role.CONTRACTOR

    @property
    def is_private_buyer(self) -> bool:
        return self.role == self.Role.PRIVATE_BUYER

    @property
    def is_jury(self) -> bool:
        return self.role == self.Role.JURY

    @property
    def needs_second_factor(self) -> bool:
        """Staff sign in with a second factor; entrepreneurs and initiatives may choose one."""
        external = self.ORGANISATION_ROLES | self.COMPANY_ROLES
        return self.role not in external or self.is_staff or self.is_superuser

    @property
    def is_organisation_member(self) -> bool:
        return self.role in self.ORGANISATION_ROLES and self.organisation_id is not None

    @property
    def home_municipality_id(self) -> int | None:
        """The municipality whose non-public data this user may see, if any."""
        if self.role in self.MUNICIPAL_ROLES:
            return self.municipality_id
        return None


@register_actions
class AccountAction(models.TextChoices):
    """Account-level decisions in the audit trail (core.audit)."""

    ERASED_BY_USER = "erased_by_user", _("Account erased by its owner")
    ERASED_ON_REQUEST = "erased_on_request", _("Account erased by a coordinator on request")
