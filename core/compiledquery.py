"""Querysets the ORM compiles once per process, then runs with other values.

Building a queryset and compiling it to SQL costs the ORM far more than the database spends answering a small query:
loading the signed-in user with their municipality and organisation costs 2 ms of Python to compile against 0.4 ms
to run. A query asked on every page, always of the same shape, need not pay that each time.

`compiled_once(build)` takes a function that builds a queryset from its arguments: whole numbers (primary keys,
years), dates, and datetimes with a time zone (now, a year's bounds). On the first call in a process, for each
database and each kind of arguments, it builds the queryset with values nobody uses, compiles it, and notes where those
values stand among the SQL's parameters. Every call after that puts its own values in those places (a date or a
datetime as the database's backend adapts a date or datetime field's value) and runs the kept SQL; the rows become
model instances, dictionaries or tuples exactly as the queryset's own iteration makes them (its iterable class, its
select_related, its prefetch_related).

It refuses what it cannot keep faithfully: a value that does not end up as a parameter of its own (it shaped the SQL
instead, e.g. an `IN` list, a slice, a `__year` lookup, or a datetime compared with a date column), a parameter made
of a value (`now - a week`), a queryset whose SQL differs with other values, and values of another type (a datetime
without a time zone among them). `build` must depend on its arguments only: no `now()`, no request, no translation.
"""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .kept import kept_per_process

T = TypeVar("T")

ARGUMENTS = 6  # at most, per query
_UTC = datetime.UTC
# Values no primary key, year, count or date of this portal takes, per type of argument; two sets, to see that the SQL
# does not depend on them.
_UNUSED: dict[type, tuple] = {
    int: tuple(-7_301_947_113 - i for i in range(ARGUMENTS)),
    datetime.date: tuple(datetime.date(1801, 2, 3 + i) for i in range(ARGUMENTS)),
    datetime.datetime: tuple(
        datetime.datetime(1801, 2, 3, 4, 5, 6, 789_012 + i, tzinfo=_UTC) for i in range(ARGUMENTS)
    ),
}
_UNUSED_TOO: dict[type, tuple] = {
    int: tuple(-8_412_058_224 - i for i in range(ARGUMENTS)),
    datetime.date: tuple(datetime.date(1802, 3, 4 + i) for i in range(ARGUMENTS)),
    datetime.datetime: tuple(
        datetime.datetime(1802, 3, 4, 5, 6, 7, 890_123 + i, tzinfo=_UTC) for i in range(ARGUMENTS)
    ),
}


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    compiler: Any
    sql: str
    params: tuple
    places: tuple[tuple[int, ...], ...]  # for each argument, the positions of its parameter

    def params_with(self, values: tuple) -> tuple:
        params = list(self.params)
        ops = connections[self.queryset.db].ops
        for positions, value in zip(self.places, values, strict=True):
            adapted = _adapted(ops, value)
            for position in positions:
                params[position] = adapted
        return tuple(params)


class CompiledQuery(Generic[T]):
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._alias: str | None = None  # the database the queryset reads, as the routers say
        self._compiled = kept_per_process(maxsize=4)(self._compile)

    def __call__(self, *values: int | datetime.date | datetime.datetime) -> list[T]:
        """The rows of `build(*values)`, as a list."""
        kinds = tuple(type(value) for value in values)
        if len(values) > ARGUMENTS or any(kind not in _UNUSED for kind in kinds) or _without_time_zone(values):
            raise TypeError(
                f"compiled queries take up to {ARGUMENTS} whole numbers, dates and datetimes with a time zone, "
                f"not {values!r}"
            )
        if self._alias is None:
            self._alias = self.build(*_unused(_UNUSED, kinds)).db
        compiled = self._compiled(kinds, self._alias, connections[self._alias].vendor)
        return list(_runnable(compiled, compiled.params_with(values)))

    def _compile(self, kinds: tuple[type, ...], alias: str, vendor: str) -> _Compiled:
        unused, unused_too = _unused(_UNUSED, kinds), _unused(_UNUSED_TOO, kinds)
        queryset = self.build(*unused)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
            other_sql, other_params = self.build(*unused_too).query.get_compiler(using=alias).as_sql()
        except EmptyResultSet as empty:
            raise ValueError("this queryset is empty before it asks the database: nothing to compile") from empty
        ops = connections[alias].ops
        places, other_places = _places(ops, params, unused), _places(ops, other_params, unused_too)
        if (
            other_sql != sql
            or other_places != places
            or not all(places)
            or _rest(params, places) != _rest(other_params, places)
        ):
            raise ValueError(f"this queryset's SQL depends on its values; it cannot be compiled once: {sql}")
        return _Compiled(queryset=queryset, compiler=compiler, sql=sql, params=tuple(params), places=places)


def compiled_once(build: Callable[..., QuerySet]) -> CompiledQuery:
    """`build` (a function of whole numbers, dates and datetimes that returns a queryset), compiled once per process,
    database and kinds of arguments."""
    return CompiledQuery(build)


def _unused(values: dict[type, tuple], kinds: tuple[type, ...]) -> tuple:
    """Values nobody uses of these kinds, each different from the others."""
    return tuple(values[kind][position] for position, kind in enumerate(kinds))


def _without_time_zone(values: tuple) -> bool:
    return any(type(value) is datetime.datetime and value.utcoffset() is None for value in values)


def _adapted(ops, value):
    """The value as the backend hands a date or datetime field's value to the database (itself on PostgreSQL, text on
    SQLite)."""
    if type(value) is datetime.datetime:
        return ops.adapt_datetimefield_value(value)
    if type(value) is datetime.date:
        return ops.adapt_datefield_value(value)
    return value


def _places(ops, params, values: tuple) -> tuple[tuple[int, ...], ...]:
    """For each value, the positions of the parameters that are that value as the backend adapts it."""
    return tuple(
        tuple(i for i, param in enumerate(params) if type(param) is type(adapted) and param == adapted)
        for adapted in (_adapted(ops, value) for value in values)
    )


def _rest(params, places: tuple[tuple[int, ...], ...]) -> list:
    """The parameters that are not the arguments: the same whatever the arguments, or one was made of an argument
    (`now - a week`, `pk + 1`) and would be kept as it was made of the values nobody uses."""
    placed = {position for positions in places for position in positions}
    return [param for position, param in enumerate(params) if position not in placed]


def _runnable(compiled: _Compiled, params: tuple) -> QuerySet:
    """A queryset like the compiled one whose compiler hands over the kept SQL with these parameters."""
    compiler = copy.copy(compiled.compiler)
    compiler.connection = connections[compiled.queryset.db]  # this thread's: each thread has its own connection
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    original: Any = compiled.queryset  # its private parts, as QuerySet._clone copies them
    query: Any = copy.copy(original.query)
    query.get_compiler = lambda using=None, connection=None, elide_empty=True: compiler
    runnable = original.__class__(model=original.model, query=query, using=original._db, hints=original._hints)
    runnable._prefetch_related_lookups = original._prefetch_related_lookups[:]
    runnable._known_related_objects = original._known_related_objects
    runnable._iterable_class = original._iterable_class
    runnable._fields = original._fields
    return runnable
