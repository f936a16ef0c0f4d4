"""Activities as CSV (for the spreadsheets municipalities keep) and as an iCalendar feed (RFC 5545)."""

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from io import StringIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity


def activities_csv(activities: Iterable[Activity]) -> str:
    """One row per activity, separated by semicolons as Dutch spreadsheets expect, dates as dd-mm-yyyy."""
    out = StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
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
    )
    for activity in activities:
        starts_at = timezone.localtime(activity.starts_at)
        writer.writerow(
            [
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
        )
    return "\ufeff" + out.getvalue()  # the byte order mark makes Excel read UTF-8


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545, 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def activities_ical(activities: Iterable[Activity], *, calendar_name: str) -> str:
    """An iCalendar feed of the activities; cancelled ones stay in it, marked CANCELLED, so that
    subscribers' calendars drop them."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "impactportaal"
    now = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Impactportaal//Activities//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(calendar_name)}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
    ]
    for activity in activities:
        description = f"{activity.get_kind_display()} · {activity.action_line}"
        if activity.organiser:
            description += "\n" + _("Organised by %(partner)s") % {"partner": activity.organiser.name}
        if activity.description:
            description += "\n\n" + activity.description
        if activity.status == Activity.Status.CANCELLED and activity.cancellation_reason:
            description += "\n\n" + _("Cancelled: %(reason)s") % {"reason": activity.cancellation_reason}
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.pk}@{host}",
            f"DTSTAMP:{now}",
            f"LAST-MODIFIED:{_utc(activity.updated_at)}",
            f"DTSTART:{_utc(activity.starts_at)}",
            f"DTEND:{_utc(activity.end)}",
            f"SUMMARY:{_escape(activity.title)}",
            f"DESCRIPTION:{_escape(description)}",
            f"CATEGORIES:{_escape(activity.get_kind_display())}",
            "STATUS:" + ("CANCELLED" if activity.status == Activity.Status.CANCELLED else "CONFIRMED"),
        ]
        if activity.location:
            lines.append(f"LOCATION:{_escape(activity.location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
