"""The three audit tables of before (accounts' AccountEvent, programmes' and procurement's AuditEntry) move
into the one trail. Names copied into procurement's entries (actor_name, the summary) are left behind: the
actor stays as a reference, the subject becomes a reference to the request, tender or supplier."""

from django.db import migrations

BATCH = 1000


def _content_type(apps, cache, app_label, model_name):
    key = (app_label, model_name)
    if key not in cache:
        ContentType = apps.get_model("contenttypes", "ContentType")
        cache[key] = ContentType.objects.get_or_create(app_label=app_label, model=model_name)[0]
    return cache[key]


def _programmes_type(apps, cache, object_type):
    """The content type of a programmes entry's object; challenges may have moved to an app of their own."""
    for app_label in ("programmes", "challenges"):
        try:
            apps.get_model(app_label, object_type)
        except LookupError:
            continue
        return _content_type(apps, cache, app_label, object_type)
    return None


def _roles(apps):
    User = apps.get_model("accounts", "User")
    return dict(User.objects.values_list("pk", "role"))


def _flush(AuditEvent, events):
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    events.clear()


def _add(AuditEvent, events, roles, entry, *, at, **fields):
    """One old entry as an event of the trail: who (by reference, with their role) and when, and the rest."""
    events.append(
        AuditEvent(
            at=at,
            municipality_id=entry.municipality_id,
            actor_id=entry.actor_id,
            actor_role=roles.get(entry.actor_id, ""),
            action=entry.action,
            **fields,
        )
    )
    if len(events) >= BATCH:
        _flush(AuditEvent, events)


def move(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    roles = _roles(apps)
    types = {}
    events = []

    for entry in apps.get_model("accounts", "AccountEvent").objects.order_by("pk").iterator(chunk_size=BATCH):
        _add(
            AuditEvent,
            events,
            roles,
            entry,
            at=entry.at,
            content_type=_content_type(apps, types, "accounts", "user"),
            object_id=entry.subject_id,
            object_repr=f"#{entry.subject_id}",
            reason=entry.reason,
        )

    for entry in apps.get_model("programmes", "AuditEntry").objects.order_by("pk").iterator(chunk_size=BATCH):
        _add(
            AuditEvent,
            events,
            roles,
            entry,
            at=entry.at,
            content_type=_programmes_type(apps, types, entry.object_type),
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            changes=entry.changes,
        )

    for entry in apps.get_model("procurement", "AuditEntry").objects.order_by("pk").iterator(chunk_size=BATCH):
        subject, related = None, None
        for name, model_name in (("purchase_request", "purchaserequest"), ("tender", "sroitender")):
            if getattr(entry, f"{name}_id"):
                subject = (_content_type(apps, types, "procurement", model_name), getattr(entry, f"{name}_id"))
                break
        supplier = (_content_type(apps, types, "procurement", "supplier"), entry.supplier_id) if entry.supplier_id else None
        if subject is None:
            subject = supplier
        elif supplier is not None:
            related = supplier
        details, changes = dict(entry.details or {}), {}
        if entry.action == "tender_changed":
            details, changes = {}, details
        elif entry.action == "tender_registered":
            details, changes = {}, {name: [None, value] for name, value in details.items()}
        object_repr = entry.summary.rsplit(": ", 1)[0] if related else entry.summary
        _add(
            AuditEvent,
            events,
            roles,
            entry,
            at=entry.created_at,
            content_type=subject[0] if subject else None,
            object_id=subject[1] if subject else None,
            object_repr=object_repr[:300],
            related_type=related[0] if related else None,
            related_id=related[1] if related else None,
            changes=changes,
            reason=entry.reason,
            details=details,
        )

    _flush(AuditEvent, events)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("accounts", "0004_user_language"),
        ("programmes", "0005_challenges_move_to_their_own_app"),
        ("challenges", "0001_initial"),
        ("procurement", "0004_import_content_emptied"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
