"""The first draft of a new letter, written from the year's records: a starting point to edit.

- The subject: "Update actieprogramma <the programme's name without its period> <year>".
- Each action line's section: the line's progress text of the year (programmes' ActionLineProgress), then its
  activities of the year: how many of each kind were held, and how many were held, cancelled and still planned
  with their participants, as figure tokens of the catalogue (``[[line1_activities_held]]``) so the numbers stay live;
  the line of a challenge that ended with financed participants gets a sentence about its financing table.
- The section on purchasing (the procurement figures' action line) ends with one sentence on the accepted impact
  reports of the municipality's suppliers about the year, when there are any.
- The Inleiding, Ontwikkelingen and Tot slot: those of the programme's latest earlier letter, or a plain
  starting text when there is none.

Everything is written in the letter's language (translation.override by the caller). Reads only, through
programmes' selectors; the services save what this module writes.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procurement.selectors import municipality_impact
from programmes.challenges.selectors import challenge_figures
from programmes.models import Activity, Programme
from programmes.selectors import action_lines_in_year, activity_figures, held_kinds_per_line

from .figures import GROUPS, line_figure_name
from .models import Letter

PROGRAMME_WORDS = ("actieprogramma", "actieplan", "programma", "action programme", "action plan", "programme")


@dataclass(frozen=True)
class Draft:
    introduction: str
    developments: str
    closing: str
    sections: dict[int, str]  # action line number: narrative


def programme_title(programme: Programme) -> str:
    """The programme's name without its period: "Ondernemen met impact 2019-2022" → "Ondernemen met impact"."""
    start, end = programme.start_year, programme.end_year
    period = rf"\(?\b{start}\s*(?:-|–|—|/|t/m|tot en met)\s*(?:{end}|{end % 100:02d})\b\)?"
    name = re.sub(period, " ", programme.name)
    if start == end:
        name = re.sub(rf"\(?\b{start}\b\)?", " ", name)
    name = " ".join(name.split()).strip(" -–—,:")
    return name or programme.name


def subject(programme: Programme, year: int) -> str:
    """The default subject, in the active language, for any programme name and period."""
    title = programme_title(programme)
    if title.lower().startswith(PROGRAMME_WORDS):
        text = _("Update %(programme)s %(year)s") % {"programme": title, "year": year}
    else:
        text = _("Update action programme %(programme)s %(year)s") % {"programme": title, "year": year}
    return text[:200]


def _and_list(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _lower_first(text: str) -> str:
    """ "Impactcafé" → "impactcafé", but "MKB-avond" stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _activities_text(number: int, year: int, figures, kinds: list[tuple[str, int]]) -> str:
    """What the line's activities of the year were, with its numbers as figure tokens."""
    if figures is None or figures.total == 0:
        return _("No activities have been recorded under this action line for %(year)s yet.") % {"year": year}

    def token(name: str) -> str:
        return f"[[{line_figure_name(number, name)}]]"

    sentences = []
    if figures.held:
        sentences.append(
            ngettext(
                "In %(year)s, %(held)s activity was held under this action line, with %(participants)s "
                "participants in all.",
                "In %(year)s, %(held)s activities were held under this action line, with %(participants)s "
                "participants in all.",
                figures.held,
            )
            % {"year": year, "held": token("activities_held"), "participants": token("activity_participants")}
        )
        held_per_kind = [
            _("%(kind)s (%(held)s)")
            % {"kind": _lower_first(str(Activity.Kind(kind).label)), "held": token(f"{kind}_held")}
            for kind, _count in kinds
        ]
        if held_per_kind:
            sentences.append(_("Held: %(kinds)s.") % {"kinds": _and_list(held_per_kind)})
    if figures.cancelled:
        sentences.append(
            ngettext("%(n)s activity was cancelled.", "%(n)s activities were cancelled.", figures.cancelled)
            % {"n": token("activities_cancelled")}
        )
    if figures.planned:
        sentences.append(
            ngettext("%(n)s activity is still planned.", "%(n)s activities are still planned.", figures.planned)
            % {"n": token("activities_planned")}
        )
    return " ".join(sentences)


def _section_text(line, year: int, figures, kinds: list[tuple[str, int]]) -> str:
    if line.progress.strip():
        opening = line.progress.strip()
    else:
        opening = _("The progress of %(year)s has not been described yet.") % {"year": year}
        if line.goal.strip():
            opening += " " + _("The goal of this action line: %(goal)s") % {"goal": line.goal.strip()}
    return f"{opening}\n\n{_activities_text(line.number, year, figures, kinds)}"


def _impact_sentence(programme: Programme, year: int) -> str:
    """One sentence with the accepted impact of the municipality's suppliers, as figure tokens; '' without any."""
    if not municipality_impact(programme.municipality, year).reports:
        return ""
    return _(
        "The impact suppliers of our municipality reported, checked by us, that in %(year)s they employed "
        "%(persons)s people with a distance to the labour market (%(fte)s FTE)."
    ) % {"year": year, "persons": "[[impact_persons_employed]]", "fte": "[[impact_fte]]"}


def _starting_texts(programme: Programme, year: int, held: int) -> dict[str, str]:
    """The Inleiding, Ontwikkelingen and Tot slot when no earlier letter offers them."""
    introduction = _(
        "With this letter we inform your council about the progress of the action programme %(programme)s in %(year)s."
    ) % {"programme": programme_title(programme), "year": year}
    if programme.ambition.strip():
        introduction += "\n\n" + programme.ambition.strip()
    developments = _("Together with our partners we work along these action lines:")
    if held:
        developments = (
            ngettext(
                "In %(year)s, %(held)s activity was held under the programme, with %(participants)s participants "
                "in all.",
                "In %(year)s, %(held)s activities were held under the programme, with %(participants)s "
                "participants in all.",
                held,
            )
            % {"year": year, "held": "[[activities_held]]", "participants": "[[activity_participants]]"}
            + " "
            + developments
        )
    closing = _(
        "We will continue to carry out the action programme with our partners and will inform your council "
        "of its progress again next year."
    )
    return {"introduction": introduction, "developments": developments, "closing": closing}


def _financed_lines(programme: Programme, year: int) -> set[int]:
    """The action lines whose challenges of the year ended with financed participants."""
    return {funnel.action_line_number for funnel in challenge_figures(programme, year).challenges if funnel.financed}


def _financing_sentence() -> str:
    return _(
        "At the financing table, financiers pledged [[challenge_financed_amount]] to [[challenge_financed]] of the "
        "[[challenge_presented]] plans presented to them."
    )


def first_draft(programme: Programme, year: int) -> Draft:
    """The draft of the programme's letter about `year`, in the active language. Ten queries (four of them the
    challenges' figures, for the sentence about their financing table)."""
    figures = activity_figures(programme, year)
    per_line = {line.number: line for line in figures.action_lines}
    kinds = held_kinds_per_line(programme, year)
    sections = {
        line.number: _section_text(line, year, per_line.get(line.number), kinds.get(line.number, []))
        for line in action_lines_in_year(programme, year)
    }
    impact = _impact_sentence(programme, year)
    if impact:  # in the section that reports on purchasing
        for number in sections:
            if GROUPS["procurement"].default_for(number):
                sections[number] += f" {impact}"
    texts = _starting_texts(programme, year, figures.held)
    earlier = (
        Letter.objects.filter(programme=programme, year__lt=year)
        .order_by("-year")
        .values("introduction", "developments", "closing")
        .first()
    )
    for number in _financed_lines(programme, year):
        if number in sections:
            sections[number] += "\n\n" + _financing_sentence()
    for name, text in (earlier or {}).items():
        if isinstance(text, str) and text.strip():
            texts[name] = text
    return Draft(sections=sections, **texts)
