"""Yearly figures by name, for the apps beside the one that records them.

An app registers how it computes some of its figures of a programme's year (matching: matches made;
procurement: suppliers verified, ...) under the names the council letter's figure catalogue gives them.
An app that may not import it, such as programmes for an indicator that takes its actual from matches made,
reads them here by name. A provider is `function(programme, year) -> {name: number}`, registered for the
names it returns; `compute` calls each provider once per year, however many names it asks of it.
"""

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

Number = int | Decimal | float | None
Provider = Callable[[Any, int], Mapping[str, Number]]

_providers: dict[str, Provider] = {}


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
    wanted = [name for name in dict.fromkeys(names) if name in _providers]
    result: dict[tuple[str, int], Number] = {}
    for year in years:
        computed: dict[Provider, Mapping[str, Number]] = {}
        for name in wanted:
            provider = _providers[name]
            if provider not in computed:
                computed[provider] = provider(programme, year)
            result[(name, year)] = computed[provider].get(name)
    return result
