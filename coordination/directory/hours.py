"""Opening hours of an office: "open now?" and "when does it next open?".

Pure functions over plain values, so they are tested without a database. Opening hours
are wall-clock times in Europe/Paris: "8:30" means 8:30 in Paris whatever the season, so
every comparison happens on local dates and times, and only the answers are turned into
aware datetimes (which then survive DST changes: 8:30 in March is 07:30 UTC before the
change and 06:30 UTC after it).

- A weekly slot: a weekday (0 = Monday) with a start and an end time.
- An exception covers a range of dates (both included): either closed all day (school
  holidays, works), or open with special hours that replace the weekly slots those days.
  When exceptions overlap, a closure wins over special hours.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from coordination.timezone import PARIS

HORIZON_DAYS = 400  # how far ahead "next opening" looks before giving up


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday … 6 = Sunday
    start: time
    end: time


@dataclass(frozen=True)
class Closure:
    """An exception to the weekly hours, from `first` to `last` (both included)."""

    first: date
    last: date
    closed: bool = True
    start: time | None = None  # special hours when not closed
    end: time | None = None
    label: str = ""

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Status:
    open_now: bool
    closes_at: datetime | None  # when open: the end of the current opening (Paris time)
    next_opening: datetime | None  # the next opening after now (Paris time), if any
    exception: Closure | None  # the exception in force today, if any


def intervals_on(day: date, slots: Iterable[Slot], exceptions: Iterable[Closure]) -> list:
    """The (start, end) opening intervals of one local day, sorted."""
    todays = [e for e in exceptions if e.covers(day)]
    if any(e.closed for e in todays):
        return []
    special = [(e.start, e.end) for e in todays if e.start and e.end and e.start < e.end]
    if special:
        return sorted(special)
    return sorted((s.start, s.end) for s in slots if s.weekday == day.weekday() and s.start < s.end)


def _local(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("opening hours need an aware datetime")
    return at.astimezone(PARIS)


def _aware(day: date, moment: time) -> datetime:
    # Wall-clock time in Paris; a time skipped by the spring change (02:30) is normalised.
    return datetime.combine(day, moment, tzinfo=PARIS).astimezone(PARIS)


def status(at: datetime, slots: Sequence[Slot], exceptions: Sequence[Closure] = ()) -> Status:
    """Whether the office is open at `at`, until when, and when it next opens."""
    local = _local(at)
    today, now = local.date(), local.time().replace(tzinfo=None)
    todays_exception = next((e for e in exceptions if e.covers(today)), None)
    closed_today = [e for e in exceptions if e.covers(today) and e.closed]
    if closed_today:
        todays_exception = closed_today[0]
    closes_at = None
    for start, end in intervals_on(today, slots, exceptions):
        if start <= now < end:
            closes_at = _aware(today, end)
            break
    return Status(
        open_now=closes_at is not None,
        closes_at=closes_at,
        next_opening=next_opening(at, slots, exceptions),
        exception=todays_exception,
    )


def is_open(at: datetime, slots: Sequence[Slot], exceptions: Sequence[Closure] = ()) -> bool:
    local = _local(at)
    now = local.time().replace(tzinfo=None)
    return any(start <= now < end for start, end in intervals_on(local.date(), slots, exceptions))


def next_opening(
    at: datetime, slots: Sequence[Slot], exceptions: Sequence[Closure] = ()
) -> datetime | None:
    """The start of the first opening strictly after `at` (Paris time), or None when the
    office has no opening in the next HORIZON_DAYS days (no hours, or closed for good)."""
    if not slots and not any(not e.closed and e.start and e.end for e in exceptions):
        return None
    local = _local(at)
    today, now = local.date(), local.time().replace(tzinfo=None)
    for offset in range(HORIZON_DAYS):
        day = today + timedelta(days=offset)
        for start, _end in intervals_on(day, slots, exceptions):
            if offset or start > now:
                return _aware(day, start)
    return None


def weekly_table(slots: Iterable[Slot]) -> list[tuple[int, list[tuple[time, time]]]]:
    """Monday to Sunday, each with its sorted intervals (empty when closed)."""
    by_day: dict[int, list] = {d: [] for d in range(7)}
    for s in slots:
        by_day[s.weekday].append((s.start, s.end))
    return [(d, sorted(by_day[d])) for d in range(7)]
