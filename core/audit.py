"""The one way to write the portal's audit trail (core.models.AuditEvent).

Services call `record()` inside their transaction, so an entry stands or falls with the change:

    audit.record(action=AuditAction.AWARD_MADE, actor=user, municipality=m, instance=request,
                 related=supplier, details={"amount": "1200.00"})

For edits, `snapshot()` before and `save()` after record which fields changed (with their values then);
status changes go through core.transitions.transition(), which records here too. An app names its own
kinds of event in a TextChoices and makes them known with `register_actions` (in its models.py).
"""

from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from .models import Action, AuditEvent, register_actions

__all__ = [
    "Action",
    "AuditEvent",
    "changes_between",
    "entries_about",
    "entries_of",
    "record",
    "record_many",
    "register_actions",
    "save",
    "snapshot",
]


def _value(instance: models.Model, field) -> object:
    """A field's value as the trail stores it: JSON-friendly and readable (a related object by its name)."""
    if field.many_to_many:
        if instance.pk is None:
            return []
        return sorted(str(related) for related in getattr(instance, field.name).all())
    value = getattr(instance, field.attname if not field.is_relation else field.name)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def snapshot(instance: models.Model, fields: tuple[str, ...] | list[str] | None = None) -> dict:
    """The audited fields of an instance (all editable ones unless named): ids and timestamps left out."""
    values = {}
    for field in instance._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created or not field.editable:
            continue
        if field.name in {"created_at", "updated_at"} or (fields is not None and field.name not in fields):
            continue
        values[field.name] = _value(instance, field)
    return values


def changes_between(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value differs."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record(
    *,
    action: str,
    actor: Any,  # accounts' User or None (core imports no app)
    municipality: Any = None,  # accounts' Municipality or None
    instance: models.Model | None = None,
    related: models.Model | None = None,
    changes: dict | None = None,
    reason: str = "",
    details: dict | None = None,
    object_repr: str | None = None,
) -> AuditEvent | None:
    """Write one entry; a change that changed nothing is not recorded (returns None)."""
    if action == Action.CHANGED and not changes:
        return None
    return AuditEvent.objects.create(
        municipality=municipality,
        actor=actor,
        actor_role=getattr(actor, "role", ""),  # the role then: it stays when the person is erased
        action=action,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_id=instance.pk if instance is not None else None,
        object_repr=(str(instance) if object_repr is None and instance is not None else object_repr or "")[:300],
        related_type=ContentType.objects.get_for_model(related) if related is not None else None,
        related_id=related.pk if related is not None else None,
        changes=changes or {},
        reason=reason,
        details=details or {},
    )


def record_many(
    *,
    action: str,
    actor: Any,
    municipality: Any = None,
    instances: list[models.Model],
    changes: dict | None = None,
    reason: str = "",
    details: dict | None = None,
) -> list[AuditEvent]:
    """The same entry as `record` about each of many objects of one model, written in bulk (an import's rows)."""
    if not instances:
        return []
    content_type = ContentType.objects.get_for_model(instances[0])
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                municipality=municipality,
                actor=actor,
                actor_role=getattr(actor, "role", ""),
                action=action,
                content_type=content_type,
                object_id=instance.pk,
                object_repr=str(instance)[:300],
                changes=changes or {},
                reason=reason,
                details=details or {},
            )
            for instance in instances
        ],
        batch_size=1000,
    )


def save(
    *,
    actor: models.Model,
    municipality: models.Model,
    instance: models.Model,
    before: dict | None,
    m2m: dict | None = None,
):
    """Validate and save `instance` (and its many-to-many `m2m` {field: objects}), then record it: as
    created when `before` is None, else as changed with the fields that differ from `before`."""
    instance.full_clean()
    instance.save()
    for name, objects in (m2m or {}).items():
        getattr(instance, name).set(objects)
    after = snapshot(instance)
    record(
        action=Action.CREATED if before is None else Action.CHANGED,
        actor=actor,
        municipality=municipality,
        instance=instance,
        changes=changes_between(before or {}, after),
    )
    return instance


# ---------------------------------------------------------------- reading (for the apps' selectors)


def entries_about(models_: list[type[models.Model]], *, actions: list[str] | None = None) -> QuerySet[AuditEvent]:
    """The entries about objects of these models (as subject), newest first; only these actions if named."""
    types = ContentType.objects.get_for_models(*models_).values()
    entries = AuditEvent.objects.filter(content_type__in=[content_type.pk for content_type in types])
    return entries.filter(action__in=actions) if actions is not None else entries


def entries_of(instance: models.Model, *, as_related: bool = False) -> QuerySet[AuditEvent]:
    """The entries about one object, newest first; with `as_related` also those that name it as the other
    party (a supplier's awards, say)."""
    content_type = ContentType.objects.get_for_model(instance)
    about = Q(content_type=content_type, object_id=instance.pk)
    if as_related:
        about |= Q(related_type=content_type, related_id=instance.pk)
    return AuditEvent.objects.filter(about)
