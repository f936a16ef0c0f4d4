"""Filters of the list pages (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality
from core.filters import KeptFilterSet
from core.forms import FilterForm

from .models import ActionLine, Activity, Question


class ActivityFilter(django_filters.FilterSet):
    """Activities by action line, year, kind, status and mode; the list, the CSV export and the
    calendar feed all take these parameters."""

    action_line = django_filters.ModelChoiceFilter(
        label=_("Action line"), queryset=ActionLine.objects.none(), empty_label=_("All action lines")
    )
    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"), method="filter_year")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Activity.Kind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("All statuses")
    )
    mode = django_filters.ChoiceFilter(
        label=_("Physical or online"), choices=Activity.Mode.choices, empty_label=_("Physical and online")
    )

    class Meta:
        model = Activity
        form = FilterForm
        fields = ["action_line", "year", "kind", "status", "mode"]

    def __init__(self, data=None, queryset=None, *, municipality: Municipality, years: list[int], **kwargs):
        super().__init__(data, queryset, **kwargs)
        action_lines = ActionLine.objects.filter(programme__municipality=municipality).select_related("programme")
        self.filters["action_line"].queryset = action_lines
        if "year" in self.filters:
            self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]
        self.form.fields["action_line"].label_from_instance = lambda line: f"{line.programme.period} · {line}"

    def filter_year(self, queryset, name, value):
        return queryset.filter(starts_at__year=int(value))


class CalendarFilter(ActivityFilter):
    """The public calendar page's filters: by action line and kind (the feed takes the same parameters)."""

    year = None
    status = None
    mode = None

    class Meta:
        model = Activity
        fields = ["action_line", "kind"]
        form = FilterForm

    def __init__(self, data=None, queryset=None, *, municipality: Municipality, **kwargs):
        super().__init__(data, queryset, municipality=municipality, years=[], **kwargs)


class QuestionFilter(KeptFilterSet):
    """The service point's queue: by default the questions that still wait for an answer, oldest first."""

    OPEN = "open"
    STATES = {
        OPEN: [Question.Status.NEW, Question.Status.IN_PROGRESS],
        "answered": [Question.Status.ANSWERED],
        "closed": [Question.Status.CLOSED],
    }

    state = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            (OPEN, _("Waiting for an answer")),
            ("answered", _("Answered")),
            ("closed", _("Closed")),
        ],
        empty_label=_("All questions"),
        method="filter_state",
    )

    class Meta:
        model = Question
        fields = ["state"]
        form = FilterForm

    def filter_state(self, queryset, name, value):
        return queryset.filter(status__in=self.STATES[value]) if value in self.STATES else queryset
