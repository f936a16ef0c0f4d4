"""Querysets the ORM compiles once per process, then runs with other numbers.

Building a queryset and compiling it to SQL costs the ORM far more than the database spends answering a small query:
loading the signed-in user with their municipality and organisation costs 2 ms of Python to compile against 0.4 ms
to run. A query asked on every page, always of the same shape, need not pay that each time.

`compiled_once(build)` takes a function that builds a queryset from whole numbers (primary keys, years). On the first
call in a process, for each database, it builds the queryset with numbers nobody uses, compiles it, and notes where
those numbers stand among the SQL's parameters. Every call after that puts its own numbers in those places and runs
the kept SQL; the rows become model instances, dictionaries or tuples exactly as the queryset's own iteration makes
them (its iterable class, its select_related, its prefetch_related).

It refuses what it cannot keep faithfully: a number that does not end up as a parameter of its own (it shaped the SQL
instead, e.g. an `IN` list or a slice), a queryset whose SQL differs with other numbers, and values that are not whole
numbers. `build` must depend on its arguments only: no `now()`, no request, no translation.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .kept import kept_per_process

T = TypeVar("T")

# Numbers no primary key, year or count of this portal takes; two sets, to see that the SQL does not depend on them.
_UNUSED = (-7_301_947_113, -7_301_947_114, -7_301_947_115, -7_301_947_116)
_UNUSED_TOO = (-8_412_058_224, -8_412_058_225, -8_412_058_226, -8_412_058_227)


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    compiler: Any
    sql: str
    params: tuple
    places: tuple[tuple[int, ...], ...]  # for each argument, the positions of its parameter

    def params_with(self, values: tuple[int, ...]) -> tuple:
        params = list(self.params)
        for positions, value in zip(self.places, values, strict=True):
            for position in positions:
                params[position] = value
        return tuple(params)


class CompiledQuery(Generic[T]):
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._alias: str | None = None  # the database the queryset reads, as the routers say
        self._compiled = kept_per_process(maxsize=4)(self._compile)

    def __call__(self, *values: int) -> list[T]:
        """The rows of `build(*values)`, as a list."""
        if any(type(value) is not int for value in values) or len(values) > len(_UNUSED):
            raise TypeError(f"compiled queries take up to {len(_UNUSED)} whole numbers, not {values!r}")
        if self._alias is None:
            self._alias = self.build(*_UNUSED[: len(values)]).db
        compiled = self._compiled(len(values), self._alias, connections[self._alias].vendor)
        return list(_runnable(compiled, compiled.params_with(values)))

    def _compile(self, arity: int, alias: str, vendor: str) -> _Compiled:
        queryset = self.build(*_UNUSED[:arity])
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
            other_sql, other_params = self.build(*_UNUSED_TOO[:arity]).query.get_compiler(using=alias).as_sql()
        except EmptyResultSet as empty:
            raise ValueError("this queryset is empty before it asks the database: nothing to compile") from empty
        places, other_places = _places(params, _UNUSED[:arity]), _places(other_params, _UNUSED_TOO[:arity])
        if other_sql != sql or other_places != places or not all(places):
            raise ValueError(f"this queryset's SQL depends on its numbers; it cannot be compiled once: {sql}")
        return _Compiled(queryset=queryset, compiler=compiler, sql=sql, params=tuple(params), places=places)


def compiled_once(build: Callable[..., QuerySet]) -> CompiledQuery:
    """`build` (a function of whole numbers that returns a queryset), compiled once per process and database."""
    return CompiledQuery(build)


def _places(params, numbers: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """For each number, the positions of the parameters that are that number."""
    return tuple(tuple(i for i, param in enumerate(params) if type(param) is int and param == n) for n in numbers)


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
