"""Matching, Omarm style: needs of community initiatives, offers of entrepreneurs, the matches
between them with their audit trail, and the beursvloer (a live matching event). A beursvloer of the kind
Buy Social brings companies (contractors with a social-return duty, private buyers) together with social
entrepreneurs; what they agree there is a Deal, not a Match, since no need of an initiative is involved.

Every need, offer, match and beursvloer belongs to one municipality; a match joins one need and
one entrepreneur (with or without one of their offers) of that municipality.
"""

from collections.abc import Iterable
from decimal import Decimal
from enum import nonmember

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation, Theme, postcode_validator
from core.transitions import StatusChoices


class HelpKind(models.TextChoices):
    """The kinds of help, the vocabulary that needs, offers and matches share (inzet, geld, netwerk, goederen)."""

    TIME = "time", _("Time and effort")
    MONEY = "money", _("Money")
    NETWORK = "network", _("Network contacts")
    GOODS = "goods", _("Goods")


HELP_KIND_FIELDS = {
    HelpKind.TIME: "help_time",
    HelpKind.MONEY: "help_money",
    HelpKind.NETWORK: "help_network",
    HelpKind.GOODS: "help_goods",
}


class HelpKinds(models.Model):
    """One yes/no field per kind of help, so that filters and the suggestion score stay plain SQL."""

    help_time = models.BooleanField(_("time and effort"), default=False)
    help_money = models.BooleanField(_("money"), default=False)
    help_network = models.BooleanField(_("network contacts"), default=False)
    help_goods = models.BooleanField(_("goods"), default=False)

    class Meta:
        abstract = True

    @property
    def help_kinds(self) -> list[HelpKind]:
        return [kind for kind, field in HELP_KIND_FIELDS.items() if getattr(self, field)]

    @property
    def help_kind_labels(self) -> list[str]:
        return [str(kind.label) for kind in self.help_kinds]

    def set_help_kinds(self, kinds) -> None:
        chosen = {HelpKind(kind) for kind in kinds}
        for kind, field in HELP_KIND_FIELDS.items():
            setattr(self, field, kind in chosen)


# One bit per impact theme, by its code: a listing's `theme_bits` holds the bits of its themes. The positions are
# stored in the database (and copied into migration 0007), so a new theme's code goes at the end.
THEME_BITS = {code: 1 << position for position, code in enumerate(Theme.Code.values)}


def theme_bits(themes: Iterable[Theme]) -> int:
    """The bits of these themes, as a listing's `theme_bits` holds them."""
    bits = 0
    for theme in themes:
        bits |= THEME_BITS[theme.code]
    return bits


class ThemeBits(models.Model):
    """The listing's impact themes once more, as bits in a column of its own (`theme_bits`), so that the suggestion
    score finds and counts shared themes in the row itself rather than in the table of every listing's themes.
    Whatever sets a listing's themes sets these bits too (matching.services.listing_set_themes)."""

    theme_bits = models.PositiveIntegerField(
        _("impact themes (bits)"),
        default=0,
        editable=False,
        help_text=_("The impact themes as bits, one per theme, for the suggestion score; set with the themes."),
    )

    class Meta:
        abstract = True


class Located(models.Model):
    """A postcode with the approximate coordinates the portal derives from it (for distances)."""

    postcode = models.CharField(
        _("postcode"),
        max_length=7,
        validators=[postcode_validator],
        help_text=_("A Dutch postcode such as 9712 AB; used to show how far apart a need and an offer are."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ListingStatus(StatusChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")
    transitions = nonmember({"open": ("paused", "closed"), "paused": ("open", "closed"), "closed": ("open",)})
    badges = nonmember({"open": "success", "paused": "inactive", "closed": "inactive"})


class Posted(models.Model):
    """What needs and offers share: their status, who posted them and when."""

    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    stale_reminded_at = models.DateTimeField(
        _("reminded of no movement at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When its owner was reminded that it has not moved; empty again once it moves."),
    )
    stale_closed_at = models.DateTimeField(
        _("closed for lack of movement at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set while it is closed for lack of movement; its owner can undo that."),
    )

    class Meta:
        abstract = True

    @property
    def closed_for_lack_of_movement(self) -> bool:
        return self.stale_closed_at is not None and self.status == ListingStatus.CLOSED


class Need(HelpKinds, ThemeBits, Located, Posted):
    """What help a community initiative asks for."""

    Status = ListingStatus

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="needs"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("community initiative"),
        on_delete=models.CASCADE,
        related_name="needs",
        limit_choices_to={"kind": Organisation.Kind.INITIATIVE},
    )
    title = models.CharField(_("title"), max_length=200)
    story = models.TextField(_("story"), help_text=_("What the initiative does and what the help would make possible."))
    money_amount = models.DecimalField(
        _("amount wanted (euros)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Only when money is wanted."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("impact themes"), related_name="needs", blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            models.Index(fields=["municipality", "status"], name="need_municipality_status"),
            # the public list: open needs, newest first, a page at a time
            models.Index(fields=["status", "-created_at", "-id"], name="need_status_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(money_amount__isnull=True) | Q(money_amount__gte=0),
                name="need_money_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:need_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == ListingStatus.OPEN


class Offer(HelpKinds, ThemeBits, Located, Posted):
    """What help an entrepreneur offers, how much, how far from their postcode and until when."""

    Status = ListingStatus

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="offers"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("entrepreneur"),
        on_delete=models.CASCADE,
        related_name="offers",
        limit_choices_to={"kind": Organisation.Kind.ENTERPRISE},
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("What you give and what an initiative may expect."))
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True, help_text=_("Hours of time and effort."))
    euros = models.DecimalField(
        _("euros"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Money you can give."),
    )
    goods = models.CharField(_("goods"), max_length=200, blank=True, help_text=_("Goods you can give."))
    themes = models.ManyToManyField(Theme, verbose_name=_("impact themes"), related_name="offers", blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    radius_km = models.PositiveSmallIntegerField(
        _("distance (km)"), default=15, help_text=_("How far from your postcode you will help, in kilometres.")
    )
    available_until = models.DateField(_("available until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [
            models.Index(fields=["municipality", "status", "available_until"], name="offer_municipality_status"),
            models.Index(fields=["latitude", "longitude"], name="offer_coordinates"),
            # the list of offers: open ones, newest first, a page at a time (as need_status_newest)
            models.Index(fields=["status", "-created_at", "-id"], name="offer_status_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(euros__isnull=True) | Q(euros__gte=0),
                name="offer_euros_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:offer_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == ListingStatus.OPEN


class Beursvloer(models.Model):
    """A live matching event: community questions and business offers matched on the spot (matches), or, at a
    Buy Social marketplace, companies and social entrepreneurs agreeing on work (deals)."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Beursvloer: community needs and business offers")
        BUY_SOCIAL = "buy_social", _("Buy Social: companies and social entrepreneurs")

    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.COMMUNITY,
        help_text=_("At a Buy Social marketplace contractors and other companies meet social entrepreneurs."),
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="beursvloeren"
    )
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, help_text=_("An address, or 'online'."))
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("beursvloer")
        verbose_name_plural = _("beursvloeren")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "date"], name="unique_beursvloer_per_municipality_and_date"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:beursvloer_detail", kwargs={"pk": self.pk})

    @property
    def is_buy_social(self) -> bool:
        return self.kind == self.Kind.BUY_SOCIAL


class Deal(models.Model):
    """What a company and a social entrepreneur agreed at a Buy Social marketplace, with the amount they
    expect it to bring the social entrepreneur, and whether it serves a tender's social-return duty."""

    beursvloer = models.ForeignKey(
        Beursvloer,
        verbose_name=_("Buy Social marketplace"),
        on_delete=models.CASCADE,
        related_name="deals",
        limit_choices_to={"kind": Beursvloer.Kind.BUY_SOCIAL},
    )
    company = models.ForeignKey(
        Organisation,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="buy_social_deals_as_company",
        limit_choices_to={"kind": Organisation.Kind.COMPANY},
    )
    enterprise = models.ForeignKey(
        Organisation,
        verbose_name=_("social entrepreneur"),
        on_delete=models.PROTECT,
        related_name="buy_social_deals",
        limit_choices_to={"kind": Organisation.Kind.ENTERPRISE},
    )
    agreement = models.TextField(_("what was agreed"), max_length=2000)
    expected_amount = models.DecimalField(
        _("expected amount (euros)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What the company expects to spend with the social entrepreneur."),
    )
    for_social_return = models.BooleanField(
        _("serves a social-return duty"),
        default=False,
        help_text=_("The company counts it towards the social-return (SROI) condition of a tender."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Buy Social deal")
        verbose_name_plural = _("Buy Social deals")
        constraints = [
            models.UniqueConstraint(
                fields=["beursvloer", "company", "enterprise"],
                name="one_deal_per_pair_and_event",
                violation_error_message=_("These two already have a deal at this marketplace."),
            ),
            models.CheckConstraint(
                condition=Q(expected_amount__gte=0),
                name="deal_expected_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.enterprise}"


class Match(HelpKinds):
    """One need joined with one entrepreneur (and perhaps one of their offers), moving through the workflow.

    The help-kind fields say what kind of help the match is about; the `*_given` fields what a made
    match has given.
    """

    class Status(StatusChoices):
        """suggested → in preparation → made → completed; suggested or in preparation → declined (with a
        reason). Who may make each step is matching.workflow's."""

        SUGGESTED = "suggested", _("Suggested")
        PREPARATION = "preparation", _("In preparation")
        MADE = "made", _("Made")
        COMPLETED = "completed", _("Completed")
        DECLINED = "declined", _("Declined")
        transitions = nonmember(
            {
                "suggested": ("preparation", "declined"),
                "preparation": ("made", "declined"),
                "made": ("completed",),
                "completed": (),
                # back only when a match closed for lack of movement is reopened (services.stale_undo)
                "declined": ("suggested", "preparation"),
            }
        )
        badges = nonmember(
            {
                "suggested": "neutral",
                "preparation": "warning",
                "made": "success",
                "completed": "success",
                "declined": "inactive",
            }
        )

    OPEN_STATUSES = (Status.SUGGESTED, Status.PREPARATION, Status.MADE)
    MADE_STATUSES = (Status.MADE, Status.COMPLETED)

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="matches"
    )
    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="matches")
    enterprise = models.ForeignKey(
        Organisation,
        verbose_name=_("entrepreneur"),
        on_delete=models.PROTECT,
        related_name="matches",
        limit_choices_to={"kind": Organisation.Kind.ENTERPRISE},
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="matches", null=True, blank=True
    )
    beursvloer = models.ForeignKey(
        Beursvloer,
        verbose_name=_("beursvloer"),
        on_delete=models.SET_NULL,
        related_name="matches",
        null=True,
        blank=True,
        help_text=_("The event where the match was registered, if any."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUGGESTED, db_index=True
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Why these two fit, or what was agreed."))
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    hours_given = models.PositiveIntegerField(_("hours given"), null=True, blank=True)
    euros_given = models.DecimalField(
        _("euros given"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    goods_given = models.CharField(_("goods given"), max_length=200, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_by_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("proposed by organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when a coordinator proposed the match."),
    )
    prepared_on = models.DateField(
        _("in preparation since"), null=True, blank=True, help_text=_("The day both sides agreed to prepare the match.")
    )
    made_on = models.DateField(_("made on"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    stale_reminded_at = models.DateTimeField(
        _("reminded of no movement at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When both sides were reminded that the match has not moved; empty again once it moves."),
    )
    stale_closed_at = models.DateTimeField(
        _("closed for lack of movement at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set while the match is declined for lack of movement; either side can undo that."),
    )
    stale_closed_from = models.CharField(
        _("status before closing"), max_length=12, choices=Status.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        indexes = [
            models.Index(fields=["municipality", "status"], name="match_municipality_status"),
            # the matches a municipality made in a period (an indicator's or the council letter's year)
            models.Index(fields=["municipality", "made_on"], name="match_municipality_made_on"),
            # the match list of a municipality, newest change first, a page at a time (the ordering above)
            models.Index(fields=["municipality", "-updated_at", "-id"], name="match_municipality_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "enterprise"],
                condition=Q(status__in=["suggested", "preparation", "made"]),
                name="one_open_match_per_need_and_enterprise",
                violation_error_message=_("These two already have an open match."),
            ),
            models.CheckConstraint(
                condition=Q(euros_given__isnull=True) | Q(euros_given__gte=0),
                name="match_euros_given_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need.organisation} – {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("matching:match_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def closed_for_lack_of_movement(self) -> bool:
        return self.stale_closed_at is not None and self.status == self.Status.DECLINED

    @property
    def initiative(self) -> Organisation:
        return self.need.organisation

    @property
    def badge(self) -> str:
        """The NL Design System status-badge variant for this status."""
        return self.Status(self.status).badge

    @property
    def status_label(self) -> str:
        """The status as get_status_display() gives it, for long tables: that builds the table of every
        status's label anew on each call, this looks up the one."""
        return str(self.Status(self.status).label)


class MatchEvent(models.Model):
    """The audit trail: one row per change of a match, with who changed it and when."""

    match = models.ForeignKey(Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(_("from status"), max_length=12, choices=Match.Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=Match.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("match change")
        verbose_name_plural = _("match changes")

    def __str__(self) -> str:
        return f"{self.match_id}: {self.from_status or '-'} → {self.to_status}"
