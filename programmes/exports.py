"""Activities, service-point questions and indicator figures as CSV (for the spreadsheets municipalities keep),
and activities as an iCalendar feed (RFC 5545)."""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event, vText

from .models import Activity, Indicator, Question
from .selectors import IndicatorYear


def activities_table(activities: Iterable[Activity]) -> tuple[list[str], Iterator[list]]:
    """The header and a row per activity of the CSV export (core.csv writes it), dates as dd-mm-yyyy."""
    header = [
        _("Date"),
        _("Time"),
        _("Title"),
        _("Kind"),
        _("Action line"),
        _("Programme"),
        _("Status"),
        _("Physical or online"),
        _("Moved online"),
        _("Participants"),
        _("Organised by"),
        _("Location"),
        _("Reason for cancelling"),
    ]
    return header, (_activity_row(activity) for activity in activities)


def _activity_row(activity: Activity) -> list:
    starts_at = timezone.localtime(activity.starts_at)
    return [
        starts_at.strftime("%d-%m-%Y"),
        starts_at.strftime("%H:%M"),
        activity.title,
        activity.get_kind_display(),
        f"{activity.action_line.number}. {activity.action_line.title}",
        activity.action_line.programme.name,
        activity.get_status_display(),
        activity.get_mode_display(),
        _("yes") if activity.moved_online else _("no"),
        "" if activity.participants is None else activity.participants,
        activity.organiser.name if activity.organiser else "",
        activity.location,
        activity.cancellation_reason,
    ]


def _date(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else str(_("Yes") if value else _("No"))


def questions_table(questions: Iterable[Question]) -> tuple[list[str], Iterator[list]]:
    """The header and a row per question of the service point's export: who asked what and how it went,
    without the texts of the question and the answer (those stay in the portal)."""
    header = [
        _("Asked at"),
        _("Subject"),
        _("Name"),
        _("Organisation"),
        _("E-mail address"),
        _("Status"),
        _("Picked up by"),
        _("Answered at"),
        _("Closed at"),
        _("Overdue"),
        _("Handed over to"),
        _("Helped"),
    ]
    rows = (
        [
            _date(question.asked_at),
            question.subject,
            question.name,
            question.organisation_name,
            question.email,
            question.get_status_display(),
            str(question.handler) if question.handler_id else "",
            _date(question.answered_at),
            _date(question.closed_at),
            _yes_no(getattr(question, "overdue", None)),
            str(question.desk) if question.desk_id else "",
            _yes_no(question.helped),
        ]
        for question in questions
    )
    return header, rows


def indicators_table(
    indicators: Iterable[tuple[Indicator, IndicatorYear]], year: int
) -> tuple[list[str], Iterator[list]]:
    """The dashboard's indicator table of `year`: a row per indicator with its target and actual, and
    whether the actual was typed in or counted from the portal's data."""
    header = [_("Year"), _("Action line"), _("Indicator"), _("Unit"), _("Target"), _("Actual"), _("Measured by")]
    rows = (
        [
            year,
            f"{indicator.action_line.number}. {indicator.action_line.title}",
            indicator.name,
            indicator.unit,
            "" if value.target is None else value.target,
            "" if value.actual is None else value.actual,
            pgettext("indicator actual", "typed in") if value.typed else indicator.get_source_display(),
        ]
        for indicator, value in indicators
    )
    return header, rows


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def activities_ical(activities: Iterable[Activity], *, calendar_name: str) -> str:
    """An iCalendar feed of the activities; cancelled ones stay in it, marked CANCELLED, so that
    subscribers' calendars drop them. The icalendar library escapes and folds the lines (RFC 5545)."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "impactportaal"
    now = _utc(timezone.now())
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Impactportaal//Activities//NL")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(calendar_name))
    calendar.add("x-wr-timezone", vText("Europe/Amsterdam"))
    for activity in activities:
        description = f"{activity.get_kind_display()} · {activity.action_line}"
        if activity.organiser:
            description += "\n" + _("Organised by %(partner)s") % {"partner": activity.organiser.name}
        if activity.description:
            description += "\n\n" + activity.description
        if activity.status == Activity.Status.CANCELLED and activity.cancellation_reason:
            description += "\n\n" + _("Cancelled: %(reason)s") % {"reason": activity.cancellation_reason}
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", now)
        event.add("last-modified", _utc(activity.updated_at))
        event.add("dtstart", _utc(activity.starts_at))
        event.add("dtend", _utc(activity.end))
        event.add("summary", activity.title)
        event.add("description", description)
        event.add("categories", [activity.get_kind_display()])
        event.add("status", "CANCELLED" if activity.status == Activity.Status.CANCELLED else "CONFIRMED")
        if activity.location:
            event.add("location", activity.location)
        calendar.add_component(event)
    return calendar.to_ical().decode()
