"""The PDF job on a real Celery worker and Redis (CI): a worker killed in the middle of a render
does not lose the job; it runs again and the letter ends ready with one version."""

import os
import signal
import time
from pathlib import Path

import pytest

from conftest import require_postgresql
from reporting import services
from reporting.models import LetterVersion
from tests.factories import MunicipalityFactory, UserFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines

LONG_PARAGRAPH = (
    "Samen met de partners zijn in dit jaar veel bijeenkomsten georganiseerd, online en fysiek, met "
    "ondernemers, kennisinstellingen en maatschappelijke initiatieven uit de hele gemeente. "
) * 12


def wait_for(condition, *, timeout: float, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def pool_children(worker_pid: int) -> list[int]:
    children = Path(f"/proc/{worker_pid}/task/{worker_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def status_of(version: LetterVersion) -> str:
    return LetterVersion.objects.filter(pk=version.pk).values_list("status", flat=True).get()


def a_long_letter():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen", place_name="GRONINGEN")
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    programme = programme_with_action_lines(groningen)
    letter = letter_about_2020(programme, coordinator, introduction="\n\n".join([LONG_PARAGRAPH] * 4))
    for action_line in programme.action_lines.all():
        services.section_update(
            letter=letter,
            action_line=action_line,
            body="\n\n".join([LONG_PARAGRAPH] * 6),
            figure_groups=["activities"],
            user=coordinator,
        )
    return letter, coordinator


@pytest.mark.services
def test_a_worker_killed_during_the_render_leaves_the_letter_ready_with_one_version(celery_worker):
    require_postgresql("the worker process cannot open the in-memory SQLite test database")
    letter, coordinator = a_long_letter()

    version = services.version_request(letter=letter, user=coordinator)  # enqueued on commit (autocommit here)

    assert wait_for(lambda: status_of(version) == LetterVersion.Status.RENDERING, timeout=60), "never started"
    children = pool_children(celery_worker.pid)
    assert children, "the worker has no pool process"
    for pid in children:
        os.kill(pid, signal.SIGKILL)

    assert wait_for(lambda: status_of(version) == LetterVersion.Status.READY, timeout=120, step=0.2), status_of(version)
    version.refresh_from_db()
    assert version.attempts >= 2
    assert version.number == 1
    assert LetterVersion.objects.filter(letter=letter).count() == 1
    assert LetterVersion.objects.filter(letter=letter).ready().count() == 1
    assert version.file.read(5) == b"%PDF-"
