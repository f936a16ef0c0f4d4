"""Reads for notifications: what a person has, and how they want each kind."""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from accounts.models import User

from .events import DEFAULT_DELIVERY, Kind
from .models import Notification, Preference


def unread_count(user: User) -> int:
    """The number in the header: one query."""
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    """A person's own notifications: unread first, newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return Notification.objects.filter(recipient=user).order_by(unread.desc(), "-created_at", "-pk")


def preferences_of(user: User) -> dict[str, str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in Kind.values}
