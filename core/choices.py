"""The labels of a choices class (TextChoices) in the active language, translated once per language."""

import functools

from django.db import models
from django.utils import translation


@functools.cache
def _labels(choices: type[models.Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


def choice_labels(choices: type[models.Choices]) -> dict:
    """Every label of `choices` by value, in the active language: for lists that show a label per row, where
    `get_FOO_display()` translates every choice's label on each call (it hashes the lazy labels)."""
    return _labels(choices, translation.get_language())
