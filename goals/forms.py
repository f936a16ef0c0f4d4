"""The goals as a choice of checkbox tiles, for the forms of the objects that contribute to them.

A form takes `GoalsFormMixin` as its first base: it gains the field `goals`, filled in from the object's tags when it
is edited. The field's choice is kept out of `cleaned_data` (in `chosen_goals`), so the form's own services never
see it; after the object is saved the view calls `form.save_goals(obj)`."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Goal
from .selectors import goals_of, numbers_in
from .services import goal_tags_set


class GoalTilesWidget(forms.CheckboxSelectMultiple):
    template_name = "goals/widgets/goal_tiles.html"
    option_template_name = "goals/widgets/goal_tile_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        option["goal"] = getattr(value, "instance", None)
        return option


class GoalsField(forms.ModelMultipleChoiceField):
    widget = GoalTilesWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Sustainable development goals"))
        kwargs.setdefault("help_text", _("Choose the goals of the United Nations this contributes to, if any."))
        super().__init__(queryset=Goal.objects.order_by("number"), required=False, **kwargs)

    def label_from_instance(self, obj: Goal) -> str:
        return obj.name

    def _check_values(self, value):
        """Refuse what cannot be a goal's number before the database is asked (a huge number overflows it)."""
        for one in value:
            if not is_goal_number(one):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(one)[:20]}
                )
        return super()._check_values(value)


def is_goal_number(value) -> bool:
    return re.fullmatch(r"[0-9]{1,2}", str(value).strip()) is not None


class GoalChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not is_goal_number(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class GoalsFormMixin(forms.Form):
    """Adds the goals, as tiles, to a (model) form; see the module's description."""

    goals = GoalsField()
    chosen_goals: list[int]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_goals = []
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "goals" not in self.initial:
            self.initial["goals"] = numbers_in(goals_of(instance))

    def clean(self):
        cleaned = super().clean()
        if cleaned is None:
            cleaned = self.cleaned_data
        self.chosen_goals = numbers_in(cleaned.pop("goals", None) or [])
        return cleaned

    def save_goals(self, obj: models.Model) -> None:
        goal_tags_set(obj=obj, goals=self.chosen_goals)


class LocalTargetForm(forms.Form):
    goal = GoalChoiceField(label=_("Goal"), queryset=Goal.objects.order_by("number"), empty_label=None)
    text = forms.CharField(
        label=_("Local target"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('What the municipality itself aims at for this goal, e.g. "150 people in work in 2026".'),
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        required=False,
        help_text=_('How you measure it, e.g. "people in work through social return per year".'),
    )
