"""Personal data (AVG/GDPR): what the portal holds about a user, and erasing it.

Each app adds its own part in its own `privacy.py`:

    @personal_data_exporter("matching")
    def export_matching(user) -> dict: ...

    @personal_data_eraser
    def erase_matching(user) -> None: ...   # anonymise, never delete what figures count

Erasing anonymises rather than deletes the rows that figures count, so figures already reported stay right.
"""

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import autodiscover_modules

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def personal_data_exporter(section: str) -> Callable[[Exporter], Exporter]:
    def register(function: Exporter) -> Exporter:
        _exporters[section] = function
        return function

    return register


def personal_data_eraser(function: Eraser) -> Eraser:
    _erasers[f"{function.__module__}.{function.__name__}"] = function
    return function


def exporters() -> dict[str, Exporter]:
    autodiscover_modules("privacy")
    return dict(sorted(_exporters.items()))


def erasers() -> list[Eraser]:
    autodiscover_modules("privacy")
    return list(_erasers.values())


@personal_data_eraser
def erase_audit_actor(user) -> None:
    """The audit trail keeps what happened and the role of who did it (actor_role), not who it was."""
    from .models import AuditEvent

    AuditEvent.objects.filter(actor=user).update(actor=None)
