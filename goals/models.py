"""The sustainable development goals (SDGs), the local targets a municipality sets for them, and the tags that say
to which goals an object of another app contributes (an action line, a challenge, a need, an offer, a supplier).

A tag names its object by content type and id, so that no other app's tables change for it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.colours import AA_TEXT, BLACK, WHITE, contrast_ratio


class Goal(models.Model):
    """One of the seventeen goals; the table holds them all (a data migration), nobody edits them."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    name_nl = models.CharField(_("name in Dutch"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    colour = models.CharField(_("colour"), max_length=7, help_text=_("The UN's colour, as #rrggbb."))

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        """The official name in the language of the page."""
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def text_colour(self) -> str:
        """White on the tile where white reads at WCAG AA (4.5:1), black otherwise."""
        return text_colour_on(self.colour)


def text_colour_on(colour: str) -> str:
    return WHITE if contrast_ratio(colour, WHITE) >= AA_TEXT else BLACK


class LocalTarget(models.Model):
    """What a municipality itself aims at for a goal, e.g. "Every year 150 people find work through social return"."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="goal_targets"
    )
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="local_targets")
    text = models.TextField(_("target"), max_length=1000)
    indicator = models.CharField(
        _("indicator"),
        max_length=200,
        blank=True,
        help_text=_('How you measure it, e.g. "people in work through social return per year".'),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal", "pk"]
        verbose_name = _("local target")
        verbose_name_plural = _("local targets")
        indexes = [models.Index(fields=["municipality", "goal"], name="goal_target_municipality_goal")]

    def __str__(self) -> str:
        return self.text[:80]


class GoalTag(models.Model):
    """An object contributes to a goal."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of object"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object"))
    content_object = GenericForeignKey("content_type", "object_id")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="tags")

    class Meta:
        verbose_name = _("goal tag")
        verbose_name_plural = _("goal tags")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "goal"], name="one_tag_per_object_and_goal")
        ]
        indexes = [models.Index(fields=["content_type", "goal"], name="goal_tag_kind_goal")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} → {self.goal_id}"
