"""Matching's periodic job, on Celery beat (CELERY_BEAT_SCHEDULE): work without movement is reminded, then closed."""

from celery import shared_task

from . import services


@shared_task(name="matching.remind_and_close_stale_work")
def remind_and_close_stale_work() -> dict[str, int]:
    run = services.stale_work_run()
    return {"reminded": run.reminded, "closed": run.closed, "restarted": run.restarted}
