"""Surveys of entrepreneurs and initiatives: a coordinator composes a short survey (questions of four kinds, each
in Dutch and English), sends it to a group of organisations of the municipality, and reads the results.

One response per invited organisation (`unique_survey_response_per_organisation`): the survey asks the
organisation, so the response rate is "x of y organisations invited"; the member who answered is kept as the
respondent (personal data: exported, and unlinked on erasure) until the survey's retention period has passed.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, Organisation, Theme
from core.audit import register_actions
from programmes.models import ActionLine

SCALE = range(1, 6)  # a scale question's answers: 1 to 5


class Audience(models.TextChoices):
    ALL = "all", _("All entrepreneurs and initiatives of the municipality")
    THEME = "theme", _("The entrepreneurs and initiatives of one impact theme")
    CHALLENGE = "challenge", _("The participants (applicants) of one challenge")
    SUPPLIERS = "suppliers", _("The verified impact suppliers")


@register_actions
class SurveyAction(models.TextChoices):
    SENT = "survey_sent", _("Survey sent")
    REMINDED = "survey_reminded", _("Survey reminder sent")
    ANSWERS_ANONYMISED = "survey_answers_anonymised", _("Survey answers anonymised after the retention period")


def in_language(dutch: str, english: str) -> str:
    """The Dutch or the English text, as the active language asks (the Dutch where no English was given)."""
    if (translation.get_language() or "nl").startswith("en") and english:
        return english
    return dutch


class Survey(models.Model):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("What the survey is for and how long it takes, shown above it.")
    )
    audience = models.CharField(_("sent to"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("impact theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Only when the survey goes to the entrepreneurs and initiatives of one theme."),
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only when the survey goes to the participants of one challenge."),
    )
    closes_on = models.DateField(_("closing date"), help_text=_("The last day on which it can be answered."))
    retention_days = models.PositiveSmallIntegerField(
        _("retention of the answers (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_(
            "This many days after the closing date the answers lose who gave them and their open answers; "
            "the counts stay."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("answers anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_detail", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def is_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SCALE = "scale", _("Scale of 1 to 5")
        OPEN = "open", _("Open answer")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind of question"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text_nl = models.CharField(_("question (Dutch)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    scale_low_nl = models.CharField(_("label of 1 (Dutch)"), max_length=60, blank=True)
    scale_low_en = models.CharField(_("label of 1 (English)"), max_length=60, blank=True)
    scale_high_nl = models.CharField(_("label of 5 (Dutch)"), max_length=60, blank=True)
    scale_high_en = models.CharField(_("label of 5 (English)"), max_length=60, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_nl, self.text_en)

    @property
    def scale_low(self) -> str:
        return in_language(self.scale_low_nl, self.scale_low_en)

    @property
    def scale_high(self) -> str:
        return in_language(self.scale_high_nl, self.scale_high_en)

    @property
    def has_options(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Option(models.Model):
    """A choice of a single- or several-choice question."""

    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text_nl = models.CharField(_("choice (Dutch)"), max_length=200)
    text_en = models.CharField(_("choice (English)"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_language(self.text_nl, self.text_en)


class Invitation(models.Model):
    """An organisation the survey was sent to: the denominator of the response rate."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="survey_invitations"
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "organisation"], name="unique_survey_invitation"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.organisation}"


class Response(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        help_text=_("Empty once the answers were anonymised."),
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"],
                name="unique_survey_response_per_organisation",
                violation_error_message=_("Your organisation has already answered this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} ({self.pk})"


class Answer(models.Model):
    """One answer to one question: the choice made (a row per choice of a several-choice question), the point on
    the scale, or the open text."""

    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, verbose_name=_("choice"), on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    scale_value = models.PositiveSmallIntegerField(
        _("point on the scale"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("open answer"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.scale_value or '…'}"


class Citation(models.Model):
    """A survey result attached to an action line, for the council letter about `year`: how many of the invited
    organisations chose one choice (or one point on the scale), with the statement the coordinator wrote, e.g.
    "23 van 41 ondernemers noemen toegang tot inkopers als eerste behoefte"."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="citations")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(
        Option, verbose_name=_("choice"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scale_value = models.PositiveSmallIntegerField(
        _("point on the scale"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="survey_citations"
    )
    year = models.PositiveSmallIntegerField(_("letter about the year"))
    statement_nl = models.CharField(
        _("statement (Dutch)"),
        max_length=200,
        help_text=_("What follows “23 van 41”, e.g. “ondernemers noemen toegang tot inkopers als eerste behoefte”."),
    )
    statement_en = models.CharField(
        _("statement (English)"),
        max_length=200,
        help_text=_("What follows “23 of 41”, e.g. “entrepreneurs name access to buyers as their first need”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("cited survey result")
        verbose_name_plural = _("cited survey results")
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "year"],
                name="unique_survey_citation_per_action_line_and_year",
                violation_error_message=_("This action line already cites a survey result in the letter of that year."),
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.statement_nl, self.statement_en)
