"""A municipality's impact programme, its action lines and its partners."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality


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
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    ambition = models.TextField(_("ambition"), blank=True)
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

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot lie before the start year.")})

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class ActionLine(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="action_lines"
    )
    number = models.PositiveSmallIntegerField(_("number"))
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
