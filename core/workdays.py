"""Working days: Monday to Friday, except the Dutch national holidays on which municipal offices are closed
(New Year's Day, Easter Monday, King's Day, Liberation Day in a lustrum year, Ascension Day, Whit Monday and the
two Christmas days). Good Friday is not counted as a holiday: most municipalities are open then."""

from datetime import date, datetime, time, timedelta
from functools import cache

from django.utils import timezone


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def national_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday King's Day is kept the day before
        kings_day = date(year, 4, 26)
    days = {
        date(year, 1, 1),
        easter + timedelta(days=1),
        kings_day,
        easter + timedelta(days=39),
        easter + timedelta(days=50),
        date(year, 12, 25),
        date(year, 12, 26),
    }
    if year % 5 == 0:
        days.add(date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in national_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day after `day` (a question of Friday with two days: Tuesday)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def overdue_before(count: int, *, now: datetime | None = None) -> datetime:
    """The moment before which something had to be done within `count` working days and is late now: whatever
    came in before it has its `count`th working day before today (local time)."""
    today = timezone.localdate(now)
    day = today
    # the last day whose deadline has passed; the deadline grows with the day, so walk back until it has
    while add_working_days(day, count) >= today:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
