"""The council letter (raadsbrief) of a programme and year, its sections per action line, and its
generated versions: each version is a PDF job and, once ready, a kept and numbered version."""

from datetime import timedelta
from enum import nonmember

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.transitions import StatusChoices, claim
from programmes.models import ActionLine, Programme

MARKDOWN_HELP = _(
    "Plain text: an empty line starts a new paragraph; start lines with - for a list; **bold**; "
    "[text](https://…) for a link. Insert a figure by its name, e.g. [[matches_made]]."
)


class Letter(models.Model):
    """The yearly letter to the council about a programme, shaped like Groningen's letter of 02-12-2020."""

    class Status(StatusChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        transitions = nonmember({"draft": ("approved",), "approved": ("draft", "published"), "published": ()})
        badges = nonmember({"draft": "neutral", "approved": "warning", "published": "success"})

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="letters"
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the letter reports on."))
    language = models.CharField(
        _("language"), max_length=5, default="nl", editable=False, help_text=_("The language of the letter.")
    )
    subject = models.CharField(_("subject"), max_length=200, help_text=_("Onderwerp, as in the letterhead."))
    author_name = models.CharField(_("author"), max_length=150, help_text=_("Steller: who wrote the letter."))
    phone = models.CharField(_("phone"), max_length=30, blank=True, help_text=_("The author's phone number."))
    attachments = models.CharField(
        _("attachments"), max_length=200, default="-", blank=True, help_text=_("Bijlagen; a dash when there are none.")
    )
    our_reference = models.CharField(
        _("our reference"),
        max_length=100,
        blank=True,
        help_text=_("Ons kenmerk; printed on every page after the first."),
    )
    letter_date = models.DateField(_("date"), help_text=_("The date the letter carries."))
    your_letter_of = models.CharField(_("your letter of"), max_length=100, blank=True)
    your_reference = models.CharField(_("your reference"), max_length=100, blank=True)
    introduction = models.TextField(_("introduction"), blank=True, help_text=MARKDOWN_HELP)
    developments = models.TextField(
        _("developments"),
        blank=True,
        help_text=_("Followed in the letter by the numbered list of the programme's action lines."),
    )
    closing = models.TextField(_("in closing"), blank=True, help_text=MARKDOWN_HELP)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_version = models.ForeignKey(
        "LetterVersion",
        verbose_name=_("approved version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Anyone may read a public letter once it has been published.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who last changed its text or a section or generated a version; someone else approves it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "programme__name"]
        verbose_name = _("council letter")
        verbose_name_plural = _("council letters")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                name="unique_letter_per_programme_year",
                violation_error_message=_("This programme already has a letter for this year."),
            )
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("reporting:letter_detail", kwargs={"pk": self.pk})

    @property
    def municipality(self):
        return self.programme.municipality

    @property
    def is_editable(self) -> bool:
        """Text and figures stay live until a version is approved."""
        return self.status == self.Status.DRAFT


class LetterSection(models.Model):
    """What the letter says under one action line: which figure groups open it, and the narrative."""

    letter = models.ForeignKey(Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="sections")
    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="letter_sections"
    )
    figure_groups = models.JSONField(
        _("figure groups"),
        default=list,
        blank=True,
        help_text=_("The groups of figures that open this section, e.g. activities or matches."),
    )
    body = models.TextField(_("narrative"), blank=True, help_text=MARKDOWN_HELP)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["letter", "action_line__number"]
        verbose_name = _("letter section")
        verbose_name_plural = _("letter sections")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "action_line"],
                name="unique_section_per_action_line",
                violation_error_message=_("This letter already has a section for this action line."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} · {self.action_line}"


class LetterListVisit(models.Model):
    """When a reader last opened the list of letters to the council: letters published since then are new."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="+"
    )
    visited_at = models.DateTimeField(_("last visit"))

    class Meta:
        verbose_name = _("visit to the council letters")
        verbose_name_plural = _("visits to the council letters")

    def __str__(self) -> str:
        return f"{self.user_id} {self.visited_at:%Y-%m-%d %H:%M}"


class LetterVersionQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=LetterVersion.Status.READY)

    def claim(self, pk: int) -> int | None:
        """Take a queued job (or one whose worker died while rendering) for this attempt, with a
        compare-and-set update. Returns the attempt number, or None when the job is finished or gone."""
        return claim(self, pk, to=LetterVersion.Status.RENDERING, started_at=timezone.now())

    def mark_failed(self, pk: int, *, failure: str, error: str = "") -> bool:
        """Record why a job that has not finished failed; a finished job stays as it is."""
        return bool(
            self.filter(pk=pk, status__in=LetterVersion.Status.sources(LetterVersion.Status.FAILED)).update(
                status=LetterVersion.Status.FAILED, failure=failure, error=error[:2000], finished_at=timezone.now()
            )
        )


class LetterVersion(models.Model):
    """One generation of the letter's PDF: a job (queued, rendering, ready, failed) and, once ready,
    a numbered version that is never overwritten. It keeps the text and the figures it was made from."""

    class Status(StatusChoices):
        """The job's steps. Its row changes by compare-and-set updates (LetterVersionQuerySet, store_pdf,
        services.version_retry) whose "from" statuses come from this table: a worker that died while
        rendering leaves a job that is claimed again (rendering → rendering), and a lost job (queued or
        rendering far too long) may be queued again like a failed one."""

        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        transitions = nonmember(
            {
                "queued": ("rendering", "failed", "queued"),
                "rendering": ("rendering", "ready", "failed", "queued"),
                "ready": (),
                "failed": ("queued",),
            }
        )
        badges = nonmember({"queued": "neutral", "rendering": "warning", "ready": "success", "failed": "danger"})

    class Failure(models.TextChoices):
        NOT_QUEUED = (
            "not_queued",
            _(
                "The job could not be queued: the portal's job service cannot be reached right now. "
                "Nothing was generated. Try again in a moment."
            ),
        )
        TOO_SLOW = (
            "too_slow",
            _(
                "Making the PDF took too long and was stopped. Try again; if it fails again, shorten the letter "
                "or ask the administrator to look at the job service."
            ),
        )
        NOT_STORED = (
            "not_stored",
            _(
                "The PDF was made but could not be stored. Try again later; "
                "if it keeps failing, tell the administrator."
            ),
        )
        UNEXPECTED = (
            "unexpected",
            _(
                "The PDF could not be made because of an unexpected error. Try again; if it fails again, tell "
                "the administrator the job number shown here."
            ),
        )

    FINISHED = (Status.READY, Status.FAILED)
    STUCK_AFTER = timedelta(minutes=15)

    letter = models.ForeignKey(Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(
        _("version"), null=True, blank=True, help_text=_("Numbered 1, 2, 3… when the PDF is ready.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    task_id = models.CharField(_("task id"), max_length=50, blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How often a worker started rendering this version.")
    )
    failure = models.CharField(
        _("reason for failing"), max_length=20, choices=Failure.choices, blank=True, help_text=_("In plain words.")
    )
    error = models.TextField(_("technical error"), blank=True, help_text=_("For the administrator."))
    content = models.JSONField(_("content"), default=dict, help_text=_("The letter's text as it was rendered."))
    figures = models.JSONField(_("figures used"), default=dict, help_text=_("The figures as they were rendered."))
    file = models.FileField(_("PDF"), upload_to="letters/", blank=True)
    file_size = models.PositiveIntegerField(_("file size"), null=True, blank=True)
    render_seconds = models.FloatField(_("render time"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("generated by (name)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = LetterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("letter version")
        verbose_name_plural = _("letter versions")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "number"],
                name="unique_letter_version_number",
                condition=models.Q(number__isnull=False),
            )
        ]
        indexes = [models.Index(fields=["letter", "status"])]

    def __str__(self) -> str:
        if self.number:
            return _("Version %(number)s") % {"number": self.number}
        return str(self.get_status_display())

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_stuck(self) -> bool:
        """Queued or rendering for far longer than a render may take: the job was lost."""
        return not self.is_finished and timezone.now() - (self.started_at or self.created_at) > self.STUCK_AFTER

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stuck

    @property
    def municipality_slug(self) -> str:
        return (self.content.get("municipality") or {}).get("slug", "gemeente")

    @property
    def filename(self) -> str:
        return f"raadsbrief-{self.municipality_slug}-{self.content.get('year', '')}-v{self.number}.pdf"

    def store_pdf(self, pdf: bytes, *, attempt: int, seconds: float) -> bool:
        """Store the PDF and mark the version ready with its number, in one transaction, if this
        attempt still owns the job. A second run of the same job stores nothing: one version."""
        name = (
            f"letters/{self.municipality_slug}/{self.content.get('year', '')}/"
            f"letter-{self.letter_id}-job-{self.pk}-attempt-{attempt}.pdf"
        )
        saved = None
        try:
            with transaction.atomic():
                Letter.objects.select_for_update().filter(pk=self.letter_id).first()
                number = (
                    LetterVersion.objects.filter(letter_id=self.letter_id).aggregate(n=Max("number"))["n"] or 0
                ) + 1
                owned = LetterVersion.objects.filter(
                    pk=self.pk, status__in=self.Status.sources(self.Status.READY), attempts=attempt
                )
                if not owned.update(
                    status=self.Status.READY,
                    number=number,
                    file_size=len(pdf),
                    render_seconds=round(seconds, 3),
                    failure="",
                    error="",
                    finished_at=timezone.now(),
                ):
                    return False
                saved = default_storage.save(name, ContentFile(pdf))
                LetterVersion.objects.filter(pk=self.pk).update(file=saved)
        except Exception:
            if saved:
                default_storage.delete(saved)
            raise
        self.refresh_from_db()
        return True


class FigureNote(models.Model):
    """What worked: a coordinator's short note on one of the network figures of their municipality's published
    letter, for colleagues of other municipalities to read in the network's staff view."""

    TEXT_LENGTH = 500

    letter_version = models.ForeignKey(
        LetterVersion, verbose_name=_("published version"), on_delete=models.CASCADE, related_name="notes"
    )
    figure = models.CharField(_("figure"), max_length=50, help_text=_("The name of the figure the note is about."))
    text = models.TextField(
        _("what worked"), max_length=TEXT_LENGTH, help_text=_("A few sentences for colleagues in other municipalities.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note on a network figure")
        verbose_name_plural = _("notes on network figures")
        indexes = [models.Index(fields=["letter_version", "figure"])]

    def __str__(self) -> str:
        return f"{self.figure}: {self.text[:40]}"
