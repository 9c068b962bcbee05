"""Opening hours: "open now" and "next opening" across days, exceptions, Europe/Paris
wall-clock time across the DST changes (29 March and 25 October 2026)."""

from datetime import UTC, date, datetime, time

import pytest

from coordination.directory.hours import (
    PARIS,
    Closure,
    Slot,
    intervals_on,
    is_open,
    next_opening,
    status,
)

# The CPAM office: Tuesday and Thursday, 8:30–12:00 and 13:30–17:00.
CPAM = [
    Slot(day, start, end)
    for day in (1, 3)
    for start, end in ((time(8, 30), time(12)), (time(13, 30), time(17)))
]


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    "moment, expected",
    [
        (paris(2026, 3, 3, 8, 29), False),  # Tuesday, just before opening
        (paris(2026, 3, 3, 8, 30), True),
        (paris(2026, 3, 3, 11, 59), True),
        (paris(2026, 3, 3, 12, 0), False),  # lunch break
        (paris(2026, 3, 3, 13, 30), True),
        (paris(2026, 3, 3, 17, 0), False),  # closed at closing time
        (paris(2026, 3, 4, 10, 0), False),  # Wednesday
        (paris(2026, 3, 5, 16, 0), True),  # Thursday afternoon
    ],
)
def test_open_now(moment, expected):
    assert is_open(moment, CPAM) is expected


def test_a_utc_moment_is_read_in_paris_time():
    # 07:45 UTC on a winter Tuesday is 08:45 in Paris: open.
    assert is_open(datetime(2026, 3, 3, 7, 45, tzinfo=UTC), CPAM)
    # 07:45 UTC on a summer Tuesday is 09:45 in Paris: open; 06:15 UTC is 08:15: closed.
    assert is_open(datetime(2026, 6, 2, 7, 45, tzinfo=UTC), CPAM)
    assert not is_open(datetime(2026, 6, 2, 6, 15, tzinfo=UTC), CPAM)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        is_open(datetime(2026, 3, 3, 9, 0), CPAM)


def test_next_opening_later_the_same_day_and_across_days():
    assert next_opening(paris(2026, 3, 3, 7, 0), CPAM) == paris(2026, 3, 3, 8, 30)
    assert next_opening(paris(2026, 3, 3, 12, 15), CPAM) == paris(2026, 3, 3, 13, 30)
    # Tuesday evening → Thursday morning; while open → the next opening after this one.
    assert next_opening(paris(2026, 3, 3, 18, 0), CPAM) == paris(2026, 3, 5, 8, 30)
    assert next_opening(paris(2026, 3, 3, 9, 0), CPAM) == paris(2026, 3, 3, 13, 30)
    # Thursday evening → next Tuesday.
    assert next_opening(paris(2026, 3, 5, 17, 30), CPAM) == paris(2026, 3, 10, 8, 30)


def test_next_opening_across_the_spring_dst_change():
    # Thursday 26 March 2026 evening (UTC+1) → Tuesday 31 March 8:30 (UTC+2, after the change).
    found = next_opening(paris(2026, 3, 26, 18, 0), CPAM)
    assert found == paris(2026, 3, 31, 8, 30)
    assert found.utcoffset().total_seconds() == 2 * 3600
    assert found.astimezone(UTC) == datetime(2026, 3, 31, 6, 30, tzinfo=UTC)


def test_next_opening_across_the_autumn_dst_change():
    found = next_opening(paris(2026, 10, 22, 18, 0), CPAM)
    assert found == paris(2026, 10, 27, 8, 30)
    assert found.astimezone(UTC) == datetime(2026, 10, 27, 7, 30, tzinfo=UTC)


def test_opening_on_the_night_of_the_change_keeps_wall_clock_times():
    night = [Slot(6, time(1, 0), time(4, 0))]  # Sunday 1:00–4:00, the night clocks change
    assert is_open(paris(2026, 3, 29, 3, 30), night)  # 3:30 exists (after the jump)
    assert is_open(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), night)  # 1:30 Paris, UTC+1
    assert not is_open(datetime(2026, 3, 29, 2, 0, tzinfo=UTC), night)  # 4:00 Paris, UTC+2


HOLIDAYS = Closure(date(2026, 4, 4), date(2026, 4, 19), closed=True, label="Vacances scolaires")


def test_closed_during_school_holidays():
    assert not is_open(paris(2026, 4, 7, 9, 0), CPAM, [HOLIDAYS])  # a Tuesday in the holidays
    assert intervals_on(date(2026, 4, 9), CPAM, [HOLIDAYS]) == []
    # Next opening skips the whole range: Tuesday 21 April.
    assert next_opening(paris(2026, 4, 2, 18, 0), CPAM, [HOLIDAYS]) == paris(2026, 4, 21, 8, 30)
    assert is_open(paris(2026, 4, 21, 9, 0), CPAM, [HOLIDAYS])  # first day after


def test_special_hours_replace_the_weekly_slots():
    summer = Closure(
        date(2026, 7, 1),
        date(2026, 8, 31),
        closed=False,
        start=time(9, 0),
        end=time(12, 0),
        label="Horaires d'été",
    )
    tuesday = date(2026, 7, 7)
    assert intervals_on(tuesday, CPAM, [summer]) == [(time(9), time(12))]
    assert not is_open(paris(2026, 7, 7, 14, 0), CPAM, [summer])
    # Special hours open the office even on a day without weekly slots (a Wednesday).
    assert is_open(paris(2026, 7, 8, 10, 0), CPAM, [summer])
    # A closure wins over special hours on the days both cover.
    strike = Closure(date(2026, 7, 8), date(2026, 7, 8), closed=True)
    assert not is_open(paris(2026, 7, 8, 10, 0), CPAM, [summer, strike])


def test_status_combines_everything():
    now = status(paris(2026, 3, 3, 10, 0), CPAM)
    assert now.open_now and now.closes_at == paris(2026, 3, 3, 12, 0)
    assert now.next_opening == paris(2026, 3, 3, 13, 30)
    later = status(paris(2026, 4, 7, 10, 0), CPAM, [HOLIDAYS])
    assert not later.open_now and later.exception == HOLIDAYS
    assert later.next_opening == paris(2026, 4, 21, 8, 30)


def test_no_hours_means_no_next_opening():
    assert next_opening(paris(2026, 3, 3, 10, 0), []) is None
    forever = Closure(date(2026, 1, 1), date(2030, 1, 1))
    assert next_opening(paris(2026, 3, 3, 10, 0), CPAM, [forever]) is None
