"""The daily summary of notifications, on Celery beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import services


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    return services.send_digests()
