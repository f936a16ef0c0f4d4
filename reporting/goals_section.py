"""The council letter's section "Contribution to the sustainable development goals", written from the figures that
a version freezes (figures.collect puts them under the chart GOALS_CHART): per goal something contributed to in the
year, one sentence with the action lines, activities held, challenges, matches made and spend, in the letter's
language. No section when nothing contributed (or the version was frozen before the goals were counted)."""

from decimal import Decimal

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .markup import format_value

GOALS_CHART = "sustainable_development_goals"


def _name(row: dict) -> str:
    english = (get_language() or "nl").startswith("en")
    return str(row.get("name_en") if english else row.get("name_nl")) or str(row.get("title", ""))


def _parts(row: dict) -> list[str]:
    parts = []
    lines, held = row.get("action_lines", 0), row.get("activities_held", 0)
    if lines:
        with_held = ngettext("with %(held)s activity held", "with %(held)s activities held", held) % {"held": held}
        counted = ngettext("%(count)s action line", "%(count)s action lines", lines) % {"count": lines}
        parts.append(f"{counted} {with_held}")
    if row.get("challenges"):
        parts.append(
            ngettext("%(count)s challenge", "%(count)s challenges", row["challenges"]) % {"count": row["challenges"]}
        )
    if row.get("matches_made"):
        made = row["matches_made"]
        parts.append(ngettext("%(count)s match made", "%(count)s matches made", made) % {"count": made})
    if row.get("suppliers"):
        parts.append(
            ngettext(
                "%(amount)s spent with %(count)s impact supplier",
                "%(amount)s spent with %(count)s impact suppliers",
                row["suppliers"],
            )
            % {"amount": format_value(str(Decimal(row.get("spend") or "0")), "euros"), "count": row["suppliers"]}
        )
    return parts


def _joined(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def goals_section(figures: dict) -> dict | None:
    """{"sentences": [...], "data": the chart's frozen data} for the letter, or None when there is nothing to say."""
    data = figures.get("charts", {}).get(GOALS_CHART)
    rows = [row for row in (data or {}).get("rows", []) if _parts(row)]
    if not rows:
        return None
    sentences = [
        _("Goal %(number)s (%(name)s): %(contributions)s.")
        % {"number": row["label"], "name": _name(row), "contributions": _joined(_parts(row))}
        for row in rows
    ]
    opening = _(
        "In %(year)s the programme contributed to %(count)s of the seventeen sustainable development goals of the "
        "United Nations. Per goal, what the action lines, challenges, needs, offers and impact suppliers that "
        "contribute to it brought about:"
    ) % {"year": data.get("year", ""), "count": len(rows)}
    return {"opening": opening, "sentences": sentences, "data": {**data, "rows": rows}}
