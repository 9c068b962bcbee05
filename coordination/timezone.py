"""Paris time: the one place where wall-clock times in Europe/Paris meet stored UTC.

Every date a user reads or types is a Paris wall-clock date or time; the database keeps
aware UTC datetimes (`coordination.db.UTCDateTime`). This leaf module imports nothing
from the package, so any feature may use it without creating a cycle.
"""

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def to_utc(local: datetime) -> datetime:
    """A wall-clock time in Paris (naive, from a form) to an aware UTC datetime."""
    return local.replace(tzinfo=PARIS).astimezone(UTC)


def to_local(value: datetime | None) -> datetime | None:
    """Aware UTC to naive Paris wall-clock time (to pre-fill a form)."""
    return value.astimezone(PARIS).replace(tzinfo=None) if value else None


def local_text(value: datetime | None) -> str:
    """A Paris time as fixed text for the transparency log (no language involved)."""
    return value.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") if value else "—"


def local_today() -> date:
    """Today's date in Paris (not UTC's: between midnight and 1 or 2 a.m. they differ)."""
    return datetime.now(PARIS).date()


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` (negative goes back), the day clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
