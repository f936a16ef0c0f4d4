"""Reads for notifications: what a person has, and how they want each kind."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from accounts.models import User
from core.compiledquery import compiled_once

from .events import DEFAULT_DELIVERY, Kind
from .models import Notification, Preference

_unread = compiled_once(  # on every page: compiled once per process
    lambda user_pk: (
        Notification.objects.filter(recipient_id=user_pk, read_at=None)
        .values("recipient_id")
        .annotate(unread=Count("pk"))
        .values_list("unread", flat=True)
    )
)


def unread_count(user: User) -> int:
    """The number in the header: one query."""
    counted = _unread(user.pk)
    return counted[0] if counted else 0


def notifications_for(user: User) -> QuerySet[Notification]:
    """A person's own notifications: unread first, newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return Notification.objects.filter(recipient=user).order_by(unread.desc(), "-created_at", "-pk")


def preferences_of(user: User) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in Kind.values}
