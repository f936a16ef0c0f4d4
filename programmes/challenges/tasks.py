"""Periodic jobs of challenges; thin interfaces to its services."""

from celery import shared_task

from . import privacy


@shared_task(name="challenges.erase_expired_financier_details")
def erase_expired_financier_details() -> int:
    return privacy.financiers_erase_expired_details()
