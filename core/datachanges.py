"""A mark of the data that moves with every committed write to the watched tables, whatever wrote it.

Work that depends only on the data and is read far more often than the data changes (a draft letter's live
figures) is kept per mark: `kept_until_data_changes` works it out once per change instead of once per request.

Signals would not do: `QuerySet.update()`, bulk inserts, raw SQL and migrations pass them by, and a kept figure
that lags the data is a wrong figure. So the database writes the mark itself. A trigger on each watched table
(`watch`, installed after every migrate) adds a row to `core_datachange` for each write statement (each written
row on SQLite, whose triggers are per row). The mark is the sum of the rows' weights and their highest id:
- It is read before the work it keys, in a statement of its own: whatever the work then reads is at least as new
  as the mark, and any later commit moves the mark, so nobody is shown what was kept before that commit.
- A sum of rows each transaction adds, not one counter row: writers never queue behind one another's lock, and a
  transaction that commits late (whose row has a lower id) still moves it.
- Nothing is kept inside a transaction (`connection.in_atomic_block`): what it wrote and may roll back must not be
  kept under a mark that other writes could reach.
- `compact` folds the rows into one of their summed weight (hourly, and after the demo data is made), in one
  statement, so the sum never moves back.

The kept values live in the memory of each process (`core.kept`): a deploy starts with nothing kept, and nothing
kept outlives the code that worked it out.
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.db import connection, connections, transaction

from core.kept import kept_per_process
from core.models import DataChange

T = TypeVar("T")

TABLE = DataChange._meta.db_table  # "core_datachange", as the statements below write it
TRIGGERED_VENDORS = ("postgresql", "sqlite")
READ_MARK = 'SELECT COALESCE(SUM("weight"), 0), COALESCE(MAX("id"), 0) FROM "core_datachange"'
# PostgreSQL: the rows deleted are exactly those summed (rows committed meanwhile stay as they are).
COMPACT_IN_ONE_STATEMENT = (
    'WITH gone AS (DELETE FROM "core_datachange" RETURNING "weight") '
    'INSERT INTO "core_datachange" ("weight") SELECT SUM("weight") FROM gone HAVING COUNT(*) > 0'
)
ADD_ROW_FUNCTION = (
    "CREATE OR REPLACE FUNCTION core_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
    'BEGIN INSERT INTO "core_datachange" DEFAULT VALUES; RETURN NULL; END $$'
)
_WATCHED: set[str] = set()


def watch(*model_labels: str) -> None:
    """Watch the tables of these models ("app_label.Model") and of their many-to-many relations (called from the
    apps' `ready`, before the first migrate installs the triggers)."""
    for label in model_labels:
        model = apps.get_model(label)
        _WATCHED.add(model._meta.db_table)
        _WATCHED.update(field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many)


def watched_tables() -> frozenset[str]:
    return frozenset(_WATCHED)


def current_mark() -> tuple[int, int] | None:
    """The data's mark now; None inside a transaction, where nothing may be kept."""
    if connection.in_atomic_block or connection.vendor not in TRIGGERED_VENDORS:
        return None
    with connection.cursor() as cursor:
        cursor.execute(READ_MARK)
        total, highest = cursor.fetchone()
    return int(total), int(highest)


def kept_until_data_changes(maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Keep what `function` returns per arguments (hashable, like `functools.lru_cache`) and mark of the data, in
    this process, for the `maxsize` last used. What it returns is shared: callers must not change it."""

    def keep(function: Callable[..., T]) -> Callable[..., T]:
        kept = kept_per_process(maxsize)(lambda _mark, *args: function(*args))

        @functools.wraps(function)
        def wrapper(*args: Any) -> T:
            mark = current_mark()
            return function(*args) if mark is None else kept(mark, *args)

        return wrapper

    return keep


def compact(using: str = "default") -> None:
    """Fold every row into one of their summed weight, in one statement, so that no reader sees the sum move back
    and no row committed meanwhile is lost (on SQLite, writes take turns)."""
    if connections[using].vendor == "postgresql":
        with connections[using].cursor() as cursor:
            cursor.execute(COMPACT_IN_ONE_STATEMENT)
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute('SELECT SUM("weight"), MAX("id"), COUNT(*) FROM "core_datachange"')
        total, highest, rows = cursor.fetchone()
        if rows > 1:
            cursor.execute('DELETE FROM "core_datachange" WHERE "id" <= %s', [highest])
            cursor.execute('INSERT INTO "core_datachange" ("weight") VALUES (%s)', [total])


def install_triggers(sender=None, using: str = "default", **kwargs: Any) -> None:
    """Put the trigger on every watched table that exists (post_migrate: also after a partial migrate or a
    flush). Idempotent."""
    database = connections[using]
    existing = set(database.introspection.table_names())
    if TABLE not in existing:
        return
    with database.cursor() as cursor:
        if database.vendor == "postgresql":
            cursor.execute(ADD_ROW_FUNCTION)
        for table in sorted(_WATCHED & existing):
            for statement in _trigger_statements(database.vendor, table):
                cursor.execute(statement)


def _trigger_statements(vendor: str, table: str) -> list[str]:
    """The statements that put the trigger on `table`, a watched model's table (its name is ours, not a user's)."""
    if vendor == "postgresql":
        return [
            f'CREATE OR REPLACE TRIGGER core_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION core_data_changed()"
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER IF NOT EXISTS "core_data_changed_{table}_{event}" AFTER {event} ON "{table}" '  # noqa: S608
            'BEGIN INSERT INTO "core_datachange" ("weight") VALUES (1); END'
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    return []
