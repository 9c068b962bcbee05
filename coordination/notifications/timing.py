"""Time arithmetic for reminders, in the coalitions' time zone (Europe/Paris).

Reminders are promised in local terms ("two days before, at 9:00"); computing them in
UTC would shift them by an hour across the summer and winter time changes. These helpers
work on local calendar days and give back aware UTC datetimes.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Paris"


def zone() -> ZoneInfo:
    name = current_app.config.get("DISPLAY_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_ZONE)


def local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


def local_date(moment: datetime) -> date:
    return local(moment).date()


def at_local_time(day: date, at: time) -> datetime:
    """That wall-clock time on that local day, as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=zone()).astimezone(UTC)


def days_before_at(moment: datetime, days: int, at: time) -> datetime:
    """`at` o'clock, local time, `days` calendar days before the local day of `moment`
    (e.g. the day before a meeting at 9:00 Paris time, whatever the season)."""
    return at_local_time(local_date(moment) - timedelta(days=days), at)


def parse_hhmm(value: str) -> time:
    hours, _, minutes = str(value).partition(":")
    return time(int(hours), int(minutes or 0))


def reminder_time() -> time:
    """The hour of day reminders go out (NOTIFICATIONS_REMINDER_TIME, local time)."""
    return parse_hhmm(current_app.config["NOTIFICATIONS_REMINDER_TIME"])


def effective_day(now: datetime, at: time) -> date:
    """The local day whose reminder hour is the latest one not after `now`."""
    today = local_date(now)
    return today if now >= at_local_time(today, at) else today - timedelta(days=1)


# Occasion contexts are stored as JSON: dates come back as ISO strings.
def iso_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def iso_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
