"""What a process works out once and keeps: values that depend only on their arguments and on what does not change
while the process serves (the settings, the URLconf, the templates, the translations).

`@kept_per_process(maxsize)` is `functools.lru_cache` (bounded, thread-safe) with one addition: everything kept is
forgotten when a setting changes (tests override settings) and when the development server's autoreloader sees a
file change that it handles without a restart (a template, a translation catalogue).
"""

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.autoreload import file_changed

T = TypeVar("T")

_KEPT: list["functools._lru_cache_wrapper[Any]"] = []


def kept_per_process(maxsize: int) -> Callable[[Callable[..., T]], "functools._lru_cache_wrapper[T]"]:
    def keep(function: Callable[..., T]) -> "functools._lru_cache_wrapper[T]":
        kept = functools.lru_cache(maxsize=maxsize)(function)
        _KEPT.append(kept)
        return kept

    return keep


def forget_all() -> None:
    for kept in _KEPT:
        kept.cache_clear()


@receiver(setting_changed, dispatch_uid="core_kept_setting_changed")
def _forget_on_setting_changed(**kwargs: Any) -> None:
    forget_all()


@receiver(file_changed, dispatch_uid="core_kept_file_changed")
def _forget_on_file_changed(**kwargs: Any) -> None:
    forget_all()  # returns None: the autoreloader still restarts for what nobody else handles (Python modules)
