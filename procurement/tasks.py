"""Procurement's Celery tasks, thin interfaces to its services: the register import job and a periodic job.

The import job acks late and is rejected back onto the queue when the worker dies (settings:
CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST), so an import whose worker was killed runs again; its
rows are stored in one transaction, so the killed run left nothing, and the claim (a compare-and-set update)
lets the second run take over while the finishing update checks that this attempt still owns the import.
Without a broker (a laptop) it runs in-process once the confirmation commits.
"""

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from . import privacy, services
from .models import RegisterImport


@shared_task(name="procurement.erase_unconfirmed_register_imports")
def erase_unconfirmed_register_imports() -> int:
    return privacy.register_imports_erase_unconfirmed()


@shared_task(name="procurement.remind_impact_reports")
def remind_impact_reports() -> int:
    return services.impact_reminders_send()


@shared_task(name="procurement.forget_unheld_search_words")
def forget_unheld_search_words() -> int:
    """Daily: the directory's search words that no supplier's vector holds any more (of suppliers deleted) go."""
    return services.search_words_forget()


@shared_task(name="procurement.recheck_suppliers_in_kvk_register", soft_time_limit=3 * 3600, time_limit=3 * 3600 + 60)
def recheck_suppliers_in_kvk_register() -> dict[str, int]:
    """Monthly (settings.CELERY_BEAT_SCHEDULE): verified suppliers' KvK numbers asked again; deregistered ones are
    flagged. Its own time limit, as thousands of look-ups take longer than the default's minutes."""
    return services.suppliers_recheck_in_register()


def failure_of(exc: BaseException) -> str:
    """The plain-words reason a coordinator sees for an exception."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("The import took too long and was stopped; nothing was imported. Split the file and try again.")
    return _("The import stopped on an unexpected error; nothing was imported. Try again, or tell the administrator.")


class ImportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        pk = args[0] if args else kwargs.get("import_pk")
        RegisterImport.objects.mark_failed(pk, error=f"{failure_of(exc)} ({type(exc).__name__})")


@shared_task(bind=True, base=ImportTask, acks_late=True, reject_on_worker_lost=True, max_retries=0)
def run_register_import(self, import_pk: int) -> dict | None:
    """Import the rows of register import `import_pk`; returns the result, or None when it failed (the reason
    is on the import) or was already finished (a repeated delivery)."""
    attempt = RegisterImport.objects.claim(import_pk)
    if attempt is None:
        return None
    return services.register_import_run(pk=import_pk, attempt=attempt)
