"""The SDG page's charts: per goal that something contributes to, the activities held and the matches made, and the
spend with impact suppliers (in whole euros, a chart of its own since euros and counts do not share an axis)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import charts

from .selectors import GoalContribution


def _label(contribution: GoalContribution) -> str:
    return _("%(number)s. %(name)s") % {"number": contribution.goal.number, "name": contribution.goal.name}


def counts_chart(contributions: list[GoalContribution]) -> charts.Chart | None:
    rows = [one for one in contributions if one.contributes]
    return charts.labelled_bar_chart(
        chart_id="goal-counts-chart",
        title=_("Bar chart of activities held and matches made per goal; the table below gives the numbers."),
        caption=_("Activities held and matches made per goal"),
        categories=[_label(one) for one in rows],
        series=[
            charts.Series(
                _("activities held"),
                [one.activities_held for one in rows],
                counted=lambda n: ngettext("activity held", "activities held", n),
            ),
            charts.Series(
                _("matches made"),
                [one.matches_made for one in rows],
                counted=lambda n: ngettext("match made", "matches made", n),
            ),
        ],
        legend=[
            (_("activities held (upper bar)"), "portal-chart__series-1"),
            (_("matches made (lower bar)"), "portal-chart__series-2"),
        ],
    )


def spend_chart(contributions: list[GoalContribution]) -> charts.Chart | None:
    rows = [one for one in contributions if one.suppliers]
    return charts.labelled_bar_chart(
        chart_id="goal-spend-chart",
        title=_("Bar chart of the spend with impact suppliers per goal; the table below gives the amounts."),
        caption=_("Spend with impact suppliers per goal (euros)"),
        categories=[_label(one) for one in rows],
        series=[charts.Series(_("euros"), [int(one.spend) for one in rows])],
    )
