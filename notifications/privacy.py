"""Notifications' part of a user's personal data: their notifications and their choices of delivery. Erasing a
person removes both (notifications hold no one else's data and count in no figure)."""

from core.privacy import personal_data_eraser, personal_data_exporter

from .models import Notification, Preference


@personal_data_exporter("notifications")
def export_notifications(user) -> dict:
    return {
        "notifications": [
            {
                "text": notification.text,
                "at": notification.created_at.isoformat(),
                "read": notification.read_at is not None,
            }
            for notification in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "delivery": dict(Preference.objects.filter(user=user).values_list("kind", "delivery")),
    }


@personal_data_eraser
def erase_notifications(user) -> None:
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
