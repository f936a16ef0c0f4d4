import pytest


@pytest.fixture(autouse=True)
def _jobs_run_in_process():
    """Run import jobs in-process, as on a laptop, also when CI sets a broker; the worker test (its fixture
    comes later) switches this off itself."""
    from impactportal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
