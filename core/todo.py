"""A list of open work for a start page: each item says what waits, since when, and links to the page where it is
done. Each app builds its own lists from one query (`todo_list`); the start page only puts them together."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

LIMIT = 20  # the oldest items of a kind; the rest are on the page that `more_url` names


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    since: datetime.datetime | datetime.date | None = None  # shown as the age: "waiting 3 weeks"
    note: str = ""  # e.g. "overdue", or the call's deadline
    urgent: bool = False
    answered: bool = False  # `since` is when it was answered ("answered 3 days ago"), not how long it waits


@dataclass
class TodoList:
    kind: str  # a stable name for tests and anchors
    heading: str | Promise
    items: list[Todo] = field(default_factory=list)
    more_url: str = ""  # the full list, shown when there are more than LIMIT items
    has_more: bool = False


def todo_list(
    kind: str, heading: str | Promise, rows: QuerySet[Any], item: Callable[[Any], Todo], *, more_url: str = ""
) -> TodoList:
    """The first LIMIT `rows` (a queryset ordered oldest first: one query) as Todos."""
    fetched = list(rows[: LIMIT + 1])
    return TodoList(
        kind=kind,
        heading=heading,
        items=[item(row) for row in fetched[:LIMIT]],
        more_url=more_url,
        has_more=len(fetched) > LIMIT,
    )
