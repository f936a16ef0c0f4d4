"""Challenges: a call under a programme's action line, its questions and criteria, the applications,
the jury's reviews and scores, and the stages an application goes through (the funnel's history).

The tables keep the names they had when these models lived in programmes (`programmes_challenge` ...)."""

import secrets
import uuid
from decimal import Decimal
from enum import nonmember

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formfields import plain_number
from core.transitions import StatusChoices
from programmes.models import ActionLine, Partner


class Challenge(models.Model):
    """A challenge for social entrepreneurs under an action line: a call, an assessment by a jury,
    coaching and a finale (the Sociale Groninger Ondernemers Challenge, NewFuture@Work, Move2Social)."""

    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.PROTECT, related_name="challenges"
    )
    name = models.CharField(_("name"), max_length=200)
    call_text = models.TextField(_("call"), help_text=_("What the challenge asks of entrepreneurs."))
    eligibility = models.TextField(_("who may apply"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"), help_text=_("After the opening."))
    finale_on = models.DateField(_("date of the finale"), null=True, blank=True)
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True, related_name="challenges")
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=10, help_text=_("Jurors score each criterion from the lowest to the highest score.")
    )
    results_public = models.BooleanField(
        _("finalists and winners public"),
        default=False,
        help_text=_("Show the finalists and winners on the public page of the challenge."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "programmes_challenge"
        ordering = ["-opens_at", "name"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="challenge_closes_after_opening"
            ),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="challenge_scale"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("challenges:challenge_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        if self.scale_min is not None and self.scale_max is not None and self.scale_max <= self.scale_min:
            errors["scale_max"] = _("The highest score must be above the lowest.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    @property
    def year(self) -> int:
        """The year the challenge counts in: that of its finale, else that of its closing date."""
        if self.finale_on:
            return self.finale_on.year
        return timezone.localtime(self.closes_at).year


class ChallengeQuestion(models.Model):
    """A question that applicants answer."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        db_table = "programmes_challengequestion"
        ordering = ["challenge", "position", "pk"]
        verbose_name = _("question to applicants")
        verbose_name_plural = _("questions to applicants")

    def __str__(self) -> str:
        return self.text


class Criterion(models.Model):
    """An assessment criterion with its weight in the weighted average."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.01"), message=_("A weight is positive."))],
        help_text=_("How much the criterion counts; positive."),
    )

    class Meta:
        db_table = "programmes_criterion"
        ordering = ["challenge", "position", "pk"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive")]

    def __str__(self) -> str:
        return self.name

    @property
    def weight_display(self) -> str:
        """The weight as people write it: 3 rather than 3.00, 2,5 on a Dutch page."""
        return plain_number(self.weight)


class Stage(StatusChoices):
    """Where an application is in the challenge, in order: each stage moves on to the next one, or to
    NOT_SELECTED, which ends it at any point."""

    APPLIED = "applied", _("Applied")
    ASSESSED = "assessed", _("Assessed")
    SELECTED = "selected", _("Selected")
    COACHED = "coached", _("Coached")
    FINALIST = "finalist", _("Finalist")
    WINNER = "winner", _("Winner")
    NOT_SELECTED = "not_selected", _("Not selected")
    transitions = nonmember(
        {
            "applied": ("assessed", "not_selected"),
            "assessed": ("selected", "not_selected"),
            "selected": ("coached", "not_selected"),
            "coached": ("finalist", "not_selected"),
            "finalist": ("winner", "not_selected"),
            "winner": (),
            "not_selected": (),
        }
    )
    badges = nonmember(
        {
            "applied": "neutral",
            "assessed": "neutral",
            "selected": "neutral",
            "coached": "neutral",
            "finalist": "success",
            "winner": "success",
            "not_selected": "inactive",
        }
    )


STAGE_ORDER = [Stage.APPLIED, Stage.ASSESSED, Stage.SELECTED, Stage.COACHED, Stage.FINALIST, Stage.WINNER]


PITCH_MAX_BYTES = 5 * 1024 * 1024


def validate_pitch(file) -> None:
    """A pitch document is a PDF (by its name and by its first bytes) of at most 5 MB."""
    if not (getattr(file, "name", "") or "").lower().endswith(".pdf"):
        raise ValidationError(_("The pitch document must be a PDF file."), code="pitch_type")
    if file.size > PITCH_MAX_BYTES:
        raise ValidationError(_("The pitch document is larger than 5 MB."), code="pitch_size")
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("The pitch document is not a PDF file."), code="pitch_type")


def pitch_upload_to(instance, filename: str) -> str:
    return f"challenges/{instance.challenge_id}/pitches/{uuid.uuid4().hex}.pdf"


class Application(models.Model):
    """An organisation's application to a challenge: a draft until it is submitted."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="applications"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="challenge_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenge_applications",
    )
    title = models.CharField(_("name of your plan"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("Your plan and its impact in a few sentences."))
    pitch = models.FileField(
        _("pitch document"),
        upload_to=pitch_upload_to,
        validators=[validate_pitch],
        blank=True,
        help_text=_("A PDF of at most 5 MB."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    furthest_stage = models.CharField(
        _("furthest stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.APPLIED,
        help_text=_("The last stage in the order it reached; kept when it is not selected."),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_applications",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "programmes_application"
        ordering = ["challenge", "submitted_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organisation"],
                name="one_application_per_organisation",
                violation_error_message=_("Your organisation has already applied to this challenge."),
            )
        ]
        indexes = [models.Index(fields=["challenge", "stage"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.title}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ApplicationAnswer(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ChallengeQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        db_table = "programmes_applicationanswer"
        ordering = ["question__position", "question__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.text[:40]}"


class StageChange(models.Model):
    """A move of an application from one stage to another: the funnel's history."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        db_table = "programmes_stagechange"
        ordering = ["application", "at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.application}: {self.from_stage} → {self.to_stage}"


class Juror(models.Model):
    """A jury member of one challenge (a user with the jury role of the challenge's municipality)."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="jurors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("jury member"), on_delete=models.CASCADE, related_name="juries"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        db_table = "programmes_juror"
        ordering = ["challenge", "user__name"]
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_juror_per_challenge")]

    def __str__(self) -> str:
        return str(self.user)


class Review(models.Model):
    """An application assigned to a juror, and the juror's scores once given."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("jury member"), on_delete=models.CASCADE, related_name="reviews"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)

    class Meta:
        db_table = "programmes_review"
        ordering = ["application", "juror__name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [models.UniqueConstraint(fields=["application", "juror"], name="one_review_per_juror")]

    def __str__(self) -> str:
        return f"{self.juror} – {self.application}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """A juror's score of one criterion, within the challenge's scale, with a comment."""

    review = models.ForeignKey(Review, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        db_table = "programmes_score"
        ordering = ["review", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"

    def clean(self):
        super().clean()
        if self.criterion_id is None:
            return
        challenge = self.criterion.challenge
        if self.value is not None and not challenge.scale_min <= self.value <= challenge.scale_max:
            raise ValidationError(
                {
                    "value": _("A score lies between %(low)s and %(high)s.")
                    % {"low": challenge.scale_min, "high": challenge.scale_max}
                }
            )


class CoachingSession(models.Model):
    """A coaching session that a participant's coach recorded: when, how long, and notes that the
    participant and the coordinators read too."""

    application = models.ForeignKey(
        Application, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="coaching_sessions"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_sessions",
    )
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1, message=_("A session lasts at least a minute."))],
        help_text=_("How long the session lasted, in minutes."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What you worked on. The participant and the coordinator read this too.")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "-held_on", "-pk"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="coaching_session_has_duration")
        ]

    def __str__(self) -> str:
        return f"{_('Coaching session')} {self.held_on:%d-%m-%Y}" if self.held_on else str(_("Coaching session"))

    def clean(self):
        super().clean()
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("A session is recorded once it has taken place.")})

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.duration_minutes) / 60).quantize(Decimal("0.01"))


# ---------------------------------------------------------------- the financing table


def new_financier_token() -> str:
    """A secret nobody guesses (256 bits): the financier's link to the table."""
    return secrets.token_urlsafe(32)


AMOUNT_MAX = Decimal("10000000")  # ten million euros: above it an amount is a typing error


class FinancingTable(models.Model):
    """The meeting where a challenge ends: financiers (partners of the programme, without portal accounts) read
    the finalists' plans the coordinator put forward and pledge money to them, until the coordinator closes it."""

    challenge = models.OneToOneField(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="financing_table"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("What the financiers can expect."))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("financing table")
        verbose_name_plural = _("financing tables")

    def __str__(self) -> str:
        return str(_("Financing table of %(challenge)s") % {"challenge": self.challenge})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Financier(models.Model):
    """A financier invited to a table: a name, an organisation and an e-mail address, and the secret of their
    link (they have no account)."""

    table = models.ForeignKey(
        FinancingTable, verbose_name=_("financing table"), on_delete=models.CASCADE, related_name="financiers"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(_("link secret"), max_length=64, default=new_financier_token, editable=False)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        ordering = ["table", "organisation", "name", "pk"]
        verbose_name = _("financier")
        verbose_name_plural = _("financiers")
        constraints = [models.UniqueConstraint(fields=["table", "email"], name="one_invitation_per_address")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class TablePlan(models.Model):
    """An application the coordinator put forward to the financing table, with the amount it asks; financed
    once the coordinator confirms it (after at least one financier pledged)."""

    table = models.ForeignKey(
        FinancingTable, verbose_name=_("financing table"), on_delete=models.CASCADE, related_name="plans"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="table_plans"
    )
    requested_amount = models.DecimalField(
        _("requested amount"),
        max_digits=12,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("An amount is more than zero.")),
            MaxValueValidator(AMOUNT_MAX, message=_("An amount is at most ten million euros.")),
        ],
        help_text=_("In euros."),
    )
    presented_at = models.DateTimeField(_("presented at"), default=timezone.now)
    financed_at = models.DateTimeField(_("financing confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["table", "application__organisation__name", "pk"]
        verbose_name = _("plan at the financing table")
        verbose_name_plural = _("plans at the financing table")
        constraints = [models.UniqueConstraint(fields=["table", "application"], name="one_plan_per_application")]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def is_financed(self) -> bool:
        return self.financed_at is not None


class Pledge(models.Model):
    """What one financier says about one plan: interested, pledged or declined, with an amount and its kind."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        LOAN = "loan", _("Loan")
        EQUITY = "equity", _("Equity")
        IN_KIND = "in_kind", _("In kind")

    class Decision(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        PLEDGED = "pledged", _("Pledged")
        DECLINED = "declined", _("Declined")

    plan = models.ForeignKey(TablePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="pledges")
    financier = models.ForeignKey(
        Financier, verbose_name=_("financier"), on_delete=models.CASCADE, related_name="pledges"
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("An amount is more than zero.")),
            MaxValueValidator(AMOUNT_MAX, message=_("An amount is at most ten million euros.")),
        ],
        help_text=_("In euros; needed when you pledge."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GRANT)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The coordinator who recorded it on the financier's behalf; empty when the financier did."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["plan", "financier__organisation", "pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.UniqueConstraint(fields=["plan", "financier"], name="one_pledge_per_financier_and_plan"),
            models.CheckConstraint(
                condition=~models.Q(decision="pledged") | models.Q(amount__gt=0), name="a_pledge_has_an_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financier} – {self.plan}"

    def clean(self):
        super().clean()
        if self.decision == self.Decision.PLEDGED and not self.amount:
            raise ValidationError({"amount": _("Enter the amount you pledge.")})
