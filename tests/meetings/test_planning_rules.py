"""The planning rules that used to sit in the views, called directly: which meetings are
upcoming. The next meeting's proposal: tests/meetings/test_next_meeting.py."""

from datetime import UTC, datetime
from types import SimpleNamespace

from coordination.meetings import operations
from coordination.meetings.models import CANCELLED, HELD, PLANNED

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
COALITION = SimpleNamespace(cadence_months=2)


def meeting(id, status, starts_at, host=None):
    return SimpleNamespace(id=id, status=status, starts_at=starts_at, host_association_id=host)


def at(month, day, hour=13):  # 13:00 UTC is 14:00 in Paris in winter, 15:00 in summer
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def test_upcoming_are_planned_meetings_still_to_come_soonest_first_undated_last():
    undated = meeting(1, PLANNED, None)
    soon = meeting(2, PLANNED, at(3, 20))
    later = meeting(3, PLANNED, at(4, 20))
    held = meeting(4, HELD, at(2, 10))
    missed = meeting(5, PLANNED, at(3, 1))  # planned, but its date is gone
    cancelled = meeting(6, CANCELLED, at(5, 1))
    upcoming, past = operations.upcoming_and_past(
        [undated, later, soon, cancelled, missed, held], NOW
    )
    assert [m.id for m in upcoming] == [2, 3, 1]
    assert [m.id for m in past] == [6, 5, 4]
