"""The one way a status changes: lock the row, check the move, save it, record it.

A status is a StatusChoices with two tables in its class body, by value: the moves it allows and the
NL Design System status-badge variant each status shows.

    class Status(StatusChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        transitions = nonmember({"open": ("closed",), "closed": ("open",)})
        badges = nonmember({"open": "neutral", "closed": "inactive"})

A service then changes the status with

    transition(need, to=Need.Status.CLOSED, actor=user, municipality=need.municipality)

which re-reads the row with SELECT ... FOR UPDATE inside the transaction, so of two requests that race the
second sees the first one's result and gets a ValidationError with a message a person understands, never
an IntegrityError. The change is recorded in the audit trail (core.audit) and, where a domain keeps its
own history (a match's events, an application's stage changes), in that history too.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import audit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StatusChoices(models.TextChoices):
    """TextChoices that know their allowed moves (`transitions`) and badges (`badges`); see the module."""

    @classmethod
    def moves(cls) -> Mapping[str, Sequence[str]]:
        """The `transitions` table of the class body: per status, the statuses it may become."""
        return cls.__dict__["transitions"]  # a nonmember, so not a status itself

    @classmethod
    def badge_table(cls) -> Mapping[str, str]:
        """The `badges` table of the class body: per status, its NL Design System status-badge variant."""
        return cls.__dict__["badges"]

    @property
    def badge(self) -> str:
        """The NL Design System status-badge variant of this status."""
        return self.badge_table()[str(self.value)]

    def can_become(self, to: str) -> bool:
        return str(to) in self.moves()[str(self.value)]

    @classmethod
    def sources(cls, to: str) -> list[str]:
        """The statuses that may become `to` (for compare-and-set updates: WHERE status IN ...)."""
        return [value for value, moves in cls.moves().items() if str(to) in moves]

    @property
    def next_statuses(self) -> list[str]:
        """The statuses this one may become, in the order the table names them."""
        return [type(self)(value) for value in self.moves()[str(self.value)]]


def _all_status_choices(base: type = StatusChoices) -> list[type[StatusChoices]]:
    found = []
    for subclass in base.__subclasses__():
        found.append(subclass)
        found.extend(_all_status_choices(subclass))
    return found


@cache
def choices_of(model: type[models.Model], field: str = "status") -> type[StatusChoices]:
    """The StatusChoices of a model's status field: a class on the model (e.g. Match.Status) whose values
    are the field's, else any StatusChoices with exactly those values."""
    status_field = model._meta.get_field(field)
    assert isinstance(status_field, models.Field), f"{model.__name__}.{field} is not a status field"
    values = [str(value) for value, _label in status_field.flatchoices]
    candidates = [value for value in vars(model).values() if isinstance(value, type)]
    candidates += _all_status_choices()
    for candidate in candidates:
        if issubclass(candidate, StatusChoices) and list(candidate.values) == values:
            return candidate
    raise LookupError(f"{model.__name__}.{field} has no StatusChoices")


def badge_of(instance: models.Model, field: str = "status") -> str:
    statuses = choices_of(type(instance), field)
    return statuses(getattr(instance, field)).badge


def _plain_fields(instance: models.Model) -> list[str]:
    """The fields a move records: its own values, not related objects (no names of people in the trail)."""
    return [
        field.name
        for field in instance._meta.concrete_fields
        if field.editable and not field.primary_key and not field.is_relation
    ]


M = TypeVar("M", bound=models.Model)


@transaction.atomic
def transition(
    instance: M,
    *,
    to: str,
    actor: models.Model | None,
    field: str = "status",
    municipality: models.Model | None = None,
    reason: str = "",
    updates: dict | None = None,
    prepare: Callable[[M], None] | None = None,
    clean: bool = False,
    history: Callable[[M, str], object] | None = None,
    action: str | None = audit.Action.CHANGED,
    related: models.Model | None = None,
    details: dict | None = None,
    message: "StrOrPromise | None" = None,
    already: "StrOrPromise | None" = None,
    error_field: str | None = None,
):
    """Move `instance` to status `to` (in `field`), or raise ValidationError if that move is not allowed now.

    The row is locked and re-read into `instance` first. Once the move is known to be allowed,
    `prepare(instance)` may check more (who may, a reason given) and set more, seeing the status before
    the move; then the status and `updates` (further fields) are set, validated if `clean`, and saved.
    The changed fields are recorded in the audit trail as `action` (None: not recorded here, because the
    caller records a more telling entry), and `history(instance, previous)` writes the domain's own
    history. `message` explains a refused move, with %(current)s and %(new)s;
    `already` a move to the status it already has (someone was first).
    """
    model = type(instance)
    instance.refresh_from_db(from_queryset=model._base_manager.select_for_update())
    statuses = choices_of(model, field)
    current, target = statuses(getattr(instance, field)), statuses(to)
    if not current.can_become(target):
        if current == target:
            text = already or _("This has already been done: the status is “%(current)s” now.") % {
                "current": current.label
            }
        else:
            text = (message or _("Something that is %(current)s cannot become %(new)s.")) % {
                "current": str(current.label).lower(),
                "new": str(target.label).lower(),
            }
        raise ValidationError({error_field: text} if error_field else text)
    fields = _plain_fields(instance)
    before = audit.snapshot(instance, fields)
    if prepare is not None:
        prepare(instance)
    setattr(instance, field, target)
    for name, value in (updates or {}).items():
        setattr(instance, name, value)
    if clean:
        instance.full_clean()
    instance.save()
    if action is not None:
        audit.record(
            action=action,
            actor=actor,
            municipality=municipality,
            instance=instance,
            related=related,
            changes=audit.changes_between(before, audit.snapshot(instance, fields)),
            reason=reason,
            details=details,
        )
    if history is not None:
        history(instance, current.value)
    return instance


def claim(queryset: "models.QuerySet[M]", pk: int, *, to: str, counter: str = "attempts", **updates) -> int | None:
    """Take the job row `pk` for one attempt with a compare-and-set update (a Celery task that acks late may run
    twice): only from a status that may become `to` by its StatusChoices' table, counting the attempt in
    `counter` and setting `updates`. Returns the attempt's number, or None when the job is finished or gone."""
    statuses = choices_of(queryset.model)
    with transaction.atomic():
        claimed = queryset.filter(pk=pk, status__in=statuses.sources(to)).update(
            status=to, **{counter: models.F(counter) + 1}, **updates
        )
        if not claimed:
            return None
        return queryset.filter(pk=pk).values_list(counter, flat=True).get()
