import pytest


@pytest.fixture(autouse=True)
def _mail_leaves_in_process():
    """E-mail leaves through Celery; run its task in-process, also when CI sets a broker."""
    from impactportal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
