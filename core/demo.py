"""Demo data: a registry that each app's demo.py adds its seeding step to.

`python manage.py seed_demo` finds every installed app's demo module and runs the steps in
order. Each step must be idempotent: running the command twice changes nothing the second time.
"""

from collections.abc import Callable
from dataclasses import dataclass

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
