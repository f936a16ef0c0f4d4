"""Periodic jobs of the procurement app; thin interfaces to its services."""

from celery import shared_task

from . import privacy


@shared_task(name="procurement.erase_unconfirmed_register_imports")
def erase_unconfirmed_register_imports() -> int:
    return privacy.register_imports_erase_unconfirmed()
