"""A municipality's impact programme: action lines, indicators, activities, partners, the impact
service point (impactmeldpunt) and the audit trail of changes."""

import secrets
from datetime import timedelta
from enum import nonmember
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, language_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from core.transitions import StatusChoices


class Partner(models.Model):
    """An organisation the municipality works with: Impact Noord, Founded in Groningen, ..."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_partner_per_municipality")]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A municipality's action programme for impact entrepreneurship, e.g. "Ondernemen met impact 2019-2022"."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("start year"), help_text=_("The first year of the programme."))
    end_year = models.PositiveSmallIntegerField(
        _("end year"), help_text=_("The last year of the programme; not before the start year.")
    )
    ambition = models.TextField(_("ambition"), blank=True, help_text=_("What the municipality wants to achieve."))
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True, related_name="programmes")

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="programme_end_not_before_start",
                violation_error_message=_("The end year cannot lie before the start year."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot lie before the start year.")})

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class ActionLine(models.Model):
    """A numbered line of work within a programme (actielijn), with its goal and partners."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="action_lines"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1)], help_text=_("Unique within the programme.")
    )
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True, related_name="action_lines")

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="unique_action_line_number",
                violation_error_message=_("This programme already has an action line with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programmes:action_line_detail", kwargs={"pk": self.pk})


class ActionLineProgress(models.Model):
    """What happened under an action line in one year, in words; the council letter quotes it."""

    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("progress"), help_text=_("What was done this year under the action line."))

    class Meta:
        ordering = ["action_line", "year"]
        verbose_name = _("yearly progress")
        verbose_name_plural = _("yearly progress")
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "year"],
                name="unique_progress_per_year",
                violation_error_message=_("This action line already has a progress text for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.action_line} {self.year}"


def _activity_kinds():
    return Activity.Kind.choices


class Indicator(models.Model):
    """Something an action line measures, e.g. "impact cafés held" or "entrepreneurs coached".

    Its actual of a year comes from a figure of the data (`source`, named as the council letter's figure
    catalogue names it) or, without a source, is typed in per year (IndicatorValue.actual)."""

    class Source(models.TextChoices):
        TYPED = "", _("None: the actual is typed in per year")
        ACTIVITIES_HELD = "activities_held", _("Activities held on this action line")
        ACTIVITY_PARTICIPANTS = "activity_participants", _("Participants in activities held on this action line")
        CHALLENGE_APPLIED = "challenge_applied", _("Applications to the challenge")
        CHALLENGE_SELECTED = "challenge_selected", _("Challenge participants selected")
        CHALLENGE_FINALISTS = "challenge_finalists", _("Challenge finalists")
        PARTICIPANTS_COACHED = "participants_coached", _("Challenge participants coached")
        MATCHES_MADE = "matches_made", _("Matches made")
        MATCHES_IN_PREPARATION = "matches_in_preparation", _("Matches in preparation")
        SUPPLIERS_REGISTERED = "suppliers_registered", _("Impact suppliers registered")
        SUPPLIERS_VERIFIED = "suppliers_verified", _("Impact suppliers verified")
        PURCHASE_REQUESTS_AWARDED = "purchase_requests_awarded", _("Purchase requests awarded")
        IMPACT_SPEND = "impact_spend", _("Spend with impact suppliers (euros)")
        SERVICE_POINT_QUESTIONS = "service_point_questions", _("Questions to the service point")
        SERVICE_POINT_ANSWERED = "service_point_answered", _("Questions answered by the service point")

    ACTIVITY_SOURCES = (Source.ACTIVITIES_HELD, Source.ACTIVITY_PARTICIPANTS)

    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("E.g. events, participants, euros."))
    source = models.CharField(
        _("actual taken from"),
        max_length=40,
        choices=Source.choices,
        blank=True,
        default=Source.TYPED,
        help_text=_(
            "A figure of the data that gives the actual of each year, the same number the dashboard and the council "
            "letter show. Without one, you type the actual in per year."
        ),
    )
    activity_kind = models.CharField(
        _("only activities of the kind"),
        max_length=20,
        choices=_activity_kinds,
        blank=True,
        help_text=_("For activities held or their participants: count only this kind (empty: every kind)."),
    )

    class Meta:
        ordering = ["action_line", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "name"],
                name="unique_indicator_name",
                violation_error_message=_("This action line already has an indicator with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.activity_kind and self.source not in self.ACTIVITY_SOURCES:
            raise ValidationError(
                {"activity_kind": _("A kind of activity only narrows activities held or their participants.")}
            )

    @property
    def is_typed(self) -> bool:
        """True when its actual is typed in rather than taken from the data."""
        return not self.source


class IndicatorValue(models.Model):
    """An indicator's target and actual value in one year."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    actual = models.PositiveIntegerField(
        _("actual"), null=True, blank=True, help_text=_("Leave empty until the figure is known.")
    )

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="unique_indicator_value_per_year",
                violation_error_message=_("This indicator already has a value for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class Activity(models.Model):
    """Something the programme organised: an impact café, an evening lecture, an excursion, ..."""

    class Kind(models.TextChoices):
        IMPACT_CAFE = "impact_cafe", _("Impact café")
        EVENING_LECTURE = "evening_lecture", _("Evening lecture")
        EXCURSION = "excursion", _("Knowledge excursion")
        ONLINE_MEETING = "online_meeting", _("Online meeting")
        NETWORK_EVENT = "network_event", _("Network event")
        CHALLENGE_FINALE = "challenge_finale", _("Challenge finale")
        BEURSVLOER = "beursvloer", _("Beursvloer (matching event)")
        PEER_GROUP = "peer_group", _("Peer group of entrepreneurs")
        OTHER = "other", _("Other")

    class Mode(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        ONLINE = "online", _("Online")

    class Status(StatusChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        # held → planned is a correction; cancelled → planned: rescheduled after all
        transitions = nonmember({"planned": ("held", "cancelled"), "held": ("planned",), "cancelled": ("planned",)})
        badges = nonmember({"planned": "neutral", "held": "success", "cancelled": "danger"})

    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, help_text=_("Optional; after the start."))
    mode = models.CharField(_("physical or online"), max_length=10, choices=Mode.choices, default=Mode.PHYSICAL)
    moved_online = models.BooleanField(
        _("moved online"),
        default=False,
        help_text=_("Planned as a physical meeting but held online instead, as many were in 2020."),
    )
    location = models.CharField(
        _("location"), max_length=200, blank=True, help_text=_("An address, or the platform of an online meeting.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancellation_reason = models.CharField(
        _("reason for cancelling"), max_length=300, blank=True, help_text=_("Required when cancelled.")
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("The number of people who took part.")
    )
    organiser = models.ForeignKey(
        Partner,
        verbose_name=_("organised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("The partner that organised it, if not the municipality itself."),
    )
    public = models.BooleanField(
        _("in the public calendar"), default=True, help_text=_("Show this activity in the calendar feed.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["action_line", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:activity_detail", kwargs={"pk": self.pk})

    @property
    def participants_unknown(self) -> bool:
        """Held, with the number of participants recorded as unknown (the figures count these apart)."""
        return self.status == self.Status.HELD and self.participants is None

    @classmethod
    def participants_error(cls, status: str, participants: int | None, unknown: bool) -> "StrOrPromise | None":
        """Why these participants cannot be recorded: a held activity has its number of participants or says
        explicitly that the number is unknown, not neither and not both."""
        if status != cls.Status.HELD:
            return None
        if participants is None and not unknown:
            return _("Enter the number of participants, or tick that the number is unknown.")
        if participants is not None and unknown:
            return _("Enter the number of participants or tick that it is unknown, not both.")
        return None

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.HELD and self.starts_at and self.starts_at > timezone.now():
            errors["status"] = _("An activity that lies in the future cannot have been held yet.")
        if self.status == self.Status.CANCELLED and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _("Say why the activity was cancelled.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must lie after the start.")
        if self.moved_online and self.mode != self.Mode.ONLINE:
            errors["mode"] = _("An activity that moved online takes place online.")
        if errors:
            raise ValidationError(errors)

    @property
    def end(self):
        """When it ends; two hours after the start when no end is given."""
        return self.ends_at or self.starts_at + timedelta(hours=2)


def new_reply_token() -> str:
    """A secret nobody guesses (256 bits)."""
    return secrets.token_urlsafe(32)


class PartnerDesk(models.Model):
    """A partner's desk (a city hub such as Impact Noord) to which coordinators hand questions: its members
    answer them for the municipality, and see only the questions handed to their desk."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="partner_desks"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.SET_NULL, null=True, blank=True, related_name="desks"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("contact e-mail address"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="partner_desks"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner desk")
        verbose_name_plural = _("partner desks")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_desk_per_municipality")]

    def __str__(self) -> str:
        return self.name


# What the name and e-mail address of a question asked without an account become when they are erased.
ERASED_NAME = "—"
ERASED_EMAIL = "erased@erased.invalid"


class Question(models.Model):
    """A question to the impact service point (impactmeldpunt) of a municipality."""

    class Status(StatusChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("Picked up")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        transitions = nonmember(
            {
                "new": ("in_progress", "answered", "closed"),
                "in_progress": ("new", "answered", "closed"),
                "answered": ("in_progress", "new", "closed"),  # back to work when the asker replies
                "closed": (),
            }
        )
        badges = nonmember({"new": "warning", "in_progress": "neutral", "answered": "success", "closed": "inactive"})

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="service_point_questions"
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_point_questions",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), help_text=_("The answer is sent to this address."))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("question"))
    language = language_field(
        _("The language of the page the question was asked on: the e-mails about it are written in it.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("picked up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the asker's reply opened an answered question again; the municipality's next message clears it. The
    # target response time counts from here as it counts from asked_at for the first answer.
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    # The secret of the link in the e-mails: with it an asker without an account reads the conversation and replies.
    reply_token = models.CharField(_("reply token"), max_length=64, default=new_reply_token, editable=False)
    desk = models.ForeignKey(
        "PartnerDesk",
        verbose_name=_("handed over to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    satisfaction_asked_at = models.DateTimeField(_("asked whether helped at"), null=True, blank=True)
    helped = models.BooleanField(_("helped"), null=True, blank=True)
    helped_remark = models.TextField(_("remark about the help"), blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("service point question")
        verbose_name_plural = _("service point questions")
        indexes = [models.Index(fields=["municipality", "status", "asked_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def response_time(self) -> timedelta | None:
        """How long the asker waited for the answer."""
        if self.answered_at is None:
            return None
        return self.answered_at - self.asked_at


class QuestionMessage(models.Model):
    """A message in the conversation about a question after its first answer (which stays in Question.answer):
    the asker's reply, or the municipality's (a coordinator or a member of the desk it was handed to)."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_asker = models.BooleanField(_("from the asker"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message about a question")
        verbose_name_plural = _("messages about questions")

    def __str__(self) -> str:
        return f"{self.question} ({self.created_at:%Y-%m-%d %H:%M})"
