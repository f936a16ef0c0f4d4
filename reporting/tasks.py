"""The PDF job: a thin bound task that claims a version, has the renderer print it and stores it.

Acks late and rejected back onto the queue when the worker dies (settings: CELERY_TASK_ACKS_LATE,
CELERY_TASK_REJECT_ON_WORKER_LOST), so a job whose worker was killed mid-render runs again; the
claim lets that second run take over the job, and storing checks that this attempt still owns it,
so a job that runs twice makes one version. Imports one way: services -> tasks -> renderer.
"""

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import renderer
from .models import LetterVersion


def failure_of(exc: BaseException) -> str:
    """The plain-words reason a coordinator sees for an exception."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return LetterVersion.Failure.TOO_SLOW
    if isinstance(exc, OSError):
        return LetterVersion.Failure.NOT_STORED
    return LetterVersion.Failure.UNEXPECTED


class LetterTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        version_pk = args[0] if args else kwargs.get("version_pk")
        LetterVersion.objects.mark_failed(version_pk, failure=failure_of(exc), error=f"{type(exc).__name__}: {exc}")


@shared_task(bind=True, base=LetterTask, acks_late=True, reject_on_worker_lost=True, max_retries=0)
def render_letter_version(self, version_pk: int) -> str | None:
    """Render version `version_pk` to PDF and store it; returns the printed HTML, or None when the
    job was already finished (a repeated delivery)."""
    attempt = LetterVersion.objects.claim(version_pk)
    if attempt is None:
        return None
    version = LetterVersion.objects.get(pk=version_pk)
    result = renderer.render_pdf(version.content, version.figures, created=version.created_at)
    version.store_pdf(result.pdf, attempt=attempt, seconds=result.seconds)
    return result.html
