"""The portal's one audit trail: who (in which role) did what to which object, when, and why.

Services write it through core.audit; pages read it through their app's selectors. An entry names its
actor by id and role only, so erasing a person (the actor becomes empty) leaves "a coordinator did this".
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What happened, for any object. Apps add their own kinds of event with register_actions()."""

    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")


_action_labels: dict[str, Promise | str] = {}


def register_actions(choices: type[models.TextChoices]) -> type[models.TextChoices]:
    """Make an app's kinds of event known to the trail, with their labels (usable as a class decorator)."""
    _action_labels.update(dict(choices.choices))
    return choices


register_actions(Action)


class AuditEvent(models.Model):
    """One entry in the audit trail. Written by the services (core.audit.record), never edited."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(
        _("role"), max_length=20, blank=True, help_text=_("The role of who did it, then (a role code of accounts).")
    )
    action = models.CharField(_("what"), max_length=40, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of object"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    related_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of related object"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    related_id = models.PositiveBigIntegerField(_("related object id"), null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("Per field: the value before and after.")
    )
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["municipality", "-at"], name="audit_municipality_recent"),
            models.Index(fields=["content_type", "object_id"], name="audit_subject"),
            models.Index(fields=["related_type", "related_id"], name="audit_related"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def get_actor_role_display(self) -> str:
        user_model: Any = get_user_model()  # accounts.User, whose roles core does not import
        roles = dict(user_model.Role.choices)
        return str(roles.get(self.actor_role, self.actor_role))

    def get_action_display(self) -> str:
        return str(_action_labels.get(self.action, self.action))

    def _model(self) -> type[models.Model] | None:
        if self.content_type_id is None:
            return None
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    @property
    def object_type_label(self) -> str:
        model = self._model()
        return str(model._meta.verbose_name) if model else ""

    @property
    def summary(self) -> str:
        """What it was about, in words: the objects as they are now where the page fetched them (a selector
        prefetches `subject` and `related`), else as recorded. Never a query per entry."""
        subject = self.subject if _SUBJECT.is_cached(self) else None
        parts = [str(subject) if subject is not None else self.object_repr]
        if _RELATED.is_cached(self) and self.related is not None:
            parts.append(str(self.related))
        return ": ".join(part for part in parts if part)

    @property
    def amount(self) -> Decimal | None:
        """The amount an award or SROI entry recorded, if any."""
        value = self.details.get("amount") if isinstance(self.details, dict) else None
        return Decimal(value) if value is not None else None

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) per changed field, with choices shown by their label."""
        model = self._model()
        rows = []
        for name, (before, after) in self.changes.items():
            try:
                model_field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                model_field = None
            label = str(getattr(model_field, "verbose_name", name))
            rows.append((label, _display(model_field, before), _display(model_field, after)))
        return rows


# The generic relations as descriptors, to ask whether a page fetched them (is_cached) without a query.
_SUBJECT: GenericForeignKey = AuditEvent.subject  # type: ignore[assignment]  # the stubs type the class attribute as the related object
_RELATED: GenericForeignKey = AuditEvent.related  # type: ignore[assignment]  # same


def _display(model_field, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    choices = dict(model_field.flatchoices) if model_field is not None and model_field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    return str(value)


class DataChange(models.Model):
    """One committed write statement to a watched table (core.datachanges), written by a database trigger. The sum
    of `weight` only grows while the data changes; compaction folds many rows into one of their summed weight."""

    weight = models.PositiveBigIntegerField(_("weight"), db_default=1)

    class Meta:
        db_table = "core_datachange"
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.pk}: {self.weight}"
