"""Personal data (AVG/GDPR): what the portal holds about a user, and erasing it.

Each app adds its own part in its own `privacy.py`:

    @personal_data_exporter("matching")
    def export_matching(user) -> dict: ...

    @personal_data_eraser
    def erase_matching(user) -> Iterable[str] | None: ...   # anonymise, never delete what figures count

An eraser clears or anonymises what the person wrote and what identifies them; it may return further strings
that identified the person (a supplier's contact name, say), which `erase_personal_data` then removes from the
audit trail too. Erasing anonymises rather than deletes the rows that figures count, so figures already reported
stay right. The helpers below are what the erasers share: forgetting erased text in the trail
(`forget_in_trail`) and replacing identifiers inside text (`scrub`); files go with core.files.delete_on_commit.
"""

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.module_loading import autodiscover_modules

from .models import AuditEvent

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], Iterable[str] | None]

ERASED = "—"  # what stands where erased text was
MIN_IDENTIFIER_LENGTH = 3  # shorter strings are not searched for in the trail: they would hit unrelated words

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def personal_data_exporter(section: str) -> Callable[[Exporter], Exporter]:
    def register(function: Exporter) -> Exporter:
        _exporters[section] = function
        return function

    return register


def personal_data_eraser(function: Eraser) -> Eraser:
    _erasers[f"{function.__module__}.{function.__name__}"] = function
    return function


def exporters() -> dict[str, Exporter]:
    autodiscover_modules("privacy")
    return dict(sorted(_exporters.items()))


def erasers() -> list[Eraser]:
    autodiscover_modules("privacy")
    return list(_erasers.values())


def erase_personal_data(user) -> None:
    """Run every app's eraser for `user`, then take the person out of the audit trail: the trail runs last,
    because the erasers find what the person did through it and record what erasing did."""
    identifiers = {user.name, user.email, user.phone}
    for eraser in erasers():
        identifiers.update(eraser(user) or ())
    erase_from_trail(user, identifiers)


# ---------------------------------------------------------------- helpers for the erasers


def _words(identifiers: Iterable[str]) -> list[str]:
    """The identifiers worth searching for, longest first (so that a name goes before a part of it)."""
    words = {identifier.strip() for identifier in identifiers if identifier}
    return sorted((word for word in words if len(word) >= MIN_IDENTIFIER_LENGTH), key=len, reverse=True)


def _pattern(identifiers: Iterable[str]) -> re.Pattern | None:
    words = _words(identifiers)
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None


def scrub(value: Any, identifiers: Iterable[str] | re.Pattern | None) -> Any:
    """`value` (a string, or JSON-ready data of lists and dicts) with every identifier replaced by ERASED."""
    pattern = identifiers if isinstance(identifiers, re.Pattern) or identifiers is None else _pattern(identifiers)
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [scrub(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, pattern) for key, item in value.items()}
    return value


def forget_in_trail(instances: Iterable[models.Model], fields: Iterable[str], *, reasons_by: Any = None) -> int:
    """The trail's entries about these objects keep what happened, but no longer what erased text said: each
    recorded value of `fields` becomes ERASED and the entry's description becomes the object's current one;
    the reasons that `reasons_by` (a user) gave in them go too. Call it after clearing the fields. Returns the
    number of entries changed."""
    fields = set(fields)
    by_key = {(ContentType.objects.get_for_model(instance).pk, instance.pk): instance for instance in instances}
    if not by_key:
        return 0
    about = Q()
    for content_type_id, object_id in by_key:
        about |= Q(content_type_id=content_type_id, object_id=object_id)
    changed = 0
    for entry in AuditEvent.objects.filter(about):
        instance = by_key[(entry.content_type_id or 0, entry.object_id)]
        entry.object_repr = str(instance)[:300]
        entry.changes = {
            name: ([_blank_or_erased(value) for value in values] if name in fields else values)
            for name, values in entry.changes.items()
        }
        if reasons_by is not None and entry.actor_id == reasons_by.pk:
            entry.reason = _blank_or_erased(entry.reason)
        entry.save(update_fields=["object_repr", "changes", "reason"])
        changed += 1
    return changed


def _blank_or_erased(value: Any) -> Any:
    return value if value in (None, "", [], {}) else ERASED


def _containing(words: list[str], fields: Iterable[str]) -> Q:
    """Rows where any of `fields` contains any of `words`, also as JSON stores them (non-ASCII escaped)."""
    contains = Q()
    for word in words:
        for text in {word, json.dumps(word)[1:-1]}:
            for name in fields:
                contains |= Q(**{f"{name}__icontains": text})
    return contains


def erase_from_trail(user, identifiers: Iterable[str]) -> None:
    """Take a person out of the audit trail: the entries they wrote lose their actor (the role stays), and their
    name, e-mail address and phone number (and other `identifiers`) go from every entry's description, changes,
    details and reason. Django's admin log loses them as well."""
    AuditEvent.objects.filter(actor=user).update(actor=None)
    words = _words(identifiers)
    pattern = _pattern(words)
    if pattern is None:
        return
    entries = AuditEvent.objects.annotate(
        changes_text=Cast("changes", TextField()), details_text=Cast("details", TextField())
    ).filter(_containing(words, ["object_repr", "reason", "changes_text", "details_text"]))
    for entry in entries:
        entry.object_repr = scrub(entry.object_repr, pattern)
        entry.reason = scrub(entry.reason, pattern)
        entry.changes = scrub(entry.changes, pattern)
        entry.details = scrub(entry.details, pattern)
        entry.save(update_fields=["object_repr", "reason", "changes", "details"])
    for log in LogEntry.objects.filter(_containing(words, ["object_repr", "change_message"])):
        log.object_repr = scrub(log.object_repr, pattern)
        log.change_message = scrub(log.change_message, pattern)
        log.save(update_fields=["object_repr", "change_message"])
