"""Demo data: a registry that each app's demo.py adds its seeding step to.

`python manage.py seed_demo` finds every installed app's demo module and runs the steps in
order. Each step must be idempotent: running the command twice changes nothing the second time.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from . import audit

DEMO_PASSWORD = "impact-demo-2026"


@dataclass(frozen=True)
class SeedStep:
    order: int
    name: str
    run: Callable[[], None]


_steps: list[SeedStep] = []


def seed_step(order: int) -> Callable:
    """Register a function as a seeding step; lower orders run first."""

    def register(function: Callable[[], None]) -> Callable[[], None]:
        if not any(step.name == function.__module__ + "." + function.__name__ for step in _steps):
            _steps.append(SeedStep(order, function.__module__ + "." + function.__name__, function))
        return function

    return register


def seed_steps() -> list[SeedStep]:
    return sorted(_steps, key=lambda step: step.order)


def backdated_audit(on: dt.date, **fields) -> None:
    """An audit entry (core.audit.record's arguments) as the service would have written it on that day."""
    entry = audit.record(**fields)
    assert entry is not None  # the demo records only real changes
    audit.AuditEvent.objects.filter(pk=entry.pk).update(at=timezone.make_aware(dt.datetime.combine(on, dt.time(11, 0))))
