"""Yearly figures by name, for the apps beside the one that records them.

An app registers how it computes some of its figures of a programme's year (matching: matches made;
procurement: suppliers verified, ...) under the names the council letter's figure catalogue gives them.
An app that may not import it, such as programmes for an indicator that takes its actual from matches made,
reads them here by name. A provider is `function(programme, year, names) -> {name: number}`, registered for the
names it returns; `compute` calls each provider once per year with the names asked of it, however many they are,
so that a provider may leave out what nobody asked for (`counts` does: a figure not asked is not counted).
"""

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

Number = int | Decimal | float | None
Provider = Callable[[Any, int, Collection[str]], Mapping[str, Number]]

_providers: dict[str, Provider] = {}


class YearBounds(NamedTuple):
    """A year's first and last day, and its first and last moment in the current time zone: the bounds a `__year`
    lookup compares a date or a datetime with, for a query that takes them as values (core.compiledquery)."""

    first_day: date
    last_day: date
    start: datetime
    end: datetime


def bounds(year: int) -> YearBounds:
    zone = timezone.get_current_timezone()
    return YearBounds(
        date(year, 1, 1),
        date(year, 12, 31),
        datetime(year, 1, 1, tzinfo=zone),
        datetime(year, 12, 31, 23, 59, 59, 999_999, tzinfo=zone),
    )


def provides(*names: str) -> Callable[[Provider], Provider]:
    """Register a function as the provider of these figure names (the programme is a programmes.Programme)."""

    def register(function: Provider) -> Provider:
        for name in names:
            _providers[name] = function
        return function

    return register


def provided_names() -> set[str]:
    return set(_providers)


def compute(names: Iterable[str], programme: Any, years: Iterable[int]) -> dict[tuple[str, int], Number]:
    """{(name, year): value} for each registered name asked for; names nobody provides are left out."""
    asked_of: dict[Provider, list[str]] = {}
    for name in dict.fromkeys(names):
        if name in _providers:
            asked_of.setdefault(_providers[name], []).append(name)
    result: dict[tuple[str, int], Number] = {}
    for year in years:
        for provider, asked in asked_of.items():
            computed = provider(programme, year, asked)
            for name in asked:
                result[(name, year)] = computed.get(name)
    return result


def counts(queryset: QuerySet, conditions: Mapping[str, Q | None]) -> dict[str, int]:
    """{name: how many rows of `queryset` meet its condition} (None: every row), in one query: one condition as
    the query's WHERE clause, so that an index can narrow the rows read, several counted side by side."""
    if len(conditions) == 1:
        ((name, condition),) = conditions.items()
        return {name: (queryset if condition is None else queryset.filter(condition)).count()}
    return queryset.aggregate(**{name: Count("pk", filter=condition) for name, condition in conditions.items()})
