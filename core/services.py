"""`model_update`: the one way a service changes the fields of a model instance (after HackSoft's styleguide)."""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def model_update(*, instance: M, fields: Iterable[str], data: Mapping[str, Any]) -> tuple[M, bool]:
    """Set those of `fields` that `data` holds (the others keep their values), validate the instance with
    full_clean() and save: only those fields (and any `auto_now` field such as updated_at), or everything for
    an instance not yet in the database. Many-to-many fields among them are set after the save.

    Returns the instance and whether anything changed. The fields present in `data` are saved even when
    their values look unchanged, because a ModelForm bound to the same instance has already set them in
    memory. A name in `fields` that the model does not have is a mistake and raises FieldDoesNotExist.
    """
    meta = instance._meta
    changed = instance._state.adding
    update_fields: list[str] = []
    many_to_many: dict[str, Any] = {}
    for name in dict.fromkeys(fields):  # each once, in order
        if name not in data:
            continue
        field = meta.get_field(name)
        if field.many_to_many:
            many_to_many[name] = data[name]
            continue
        if getattr(instance, name) != data[name]:
            changed = True
        setattr(instance, name, data[name])
        update_fields.append(name)
    if instance._state.adding:
        instance.full_clean()
        instance.save()
    elif update_fields:
        instance.full_clean()
        auto_now = [field.name for field in meta.concrete_fields if getattr(field, "auto_now", False)]
        instance.save(update_fields=update_fields + [name for name in auto_now if name not in update_fields])
    for name, objects in many_to_many.items():
        getattr(instance, name).set(objects)
        changed = True
    return instance, changed
