"""The planning rules that used to sit in the views, called directly: which meetings are
upcoming, the next regular meeting to suggest (meetings list) and the meeting the rotation
page proposes roles for."""

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


def test_the_next_regular_meeting_is_suggested_after_the_last_one_held():
    held = meeting(1, HELD, at(1, 13))
    older = meeting(2, HELD, at(11, 11))
    last, when = operations.next_meeting_suggestion(COALITION, [], [held, older])
    assert last is held
    # two months later at the same Paris wall-clock time (14:00, still winter time)
    assert when == datetime(2026, 3, 13, 13, 0, tzinfo=UTC)


def test_the_cadence_keeps_the_paris_wall_clock_time_across_the_time_change():
    held = meeting(1, HELD, at(2, 10))  # 14:00 in Paris, winter time
    _, when = operations.next_meeting_suggestion(COALITION, [], [held])
    assert when == datetime(2026, 4, 10, 12, 0, tzinfo=UTC)  # 14:00 in Paris, summer time


def test_no_suggestion_when_a_meeting_is_planned_after_the_last_one_held():
    held = meeting(1, HELD, at(2, 10))
    planned = meeting(2, PLANNED, at(4, 10))
    assert operations.next_meeting_suggestion(COALITION, [planned], [held]) is None


def test_no_suggestion_while_an_upcoming_meeting_waits_for_its_date():
    held = meeting(1, HELD, at(2, 10))
    undated = meeting(2, PLANNED, None)
    assert operations.next_meeting_suggestion(COALITION, [undated], [held]) is None


def test_no_suggestion_without_a_meeting_held():
    cancelled = meeting(1, CANCELLED, at(2, 10))
    undated_held = meeting(2, HELD, None)
    assert operations.next_meeting_suggestion(COALITION, [], [cancelled, undated_held]) is None
    assert operations.next_meeting_suggestion(COALITION, [], []) is None


def test_the_rotation_proposes_for_the_first_upcoming_meeting_without_a_host():
    history = [  # latest first, as the rotation page reads it
        meeting(4, PLANNED, at(6, 9)),
        meeting(3, PLANNED, at(5, 12)),
        meeting(2, PLANNED, at(4, 14), host=7),
        meeting(1, HELD, at(2, 10)),
    ]
    target, when = operations.rotation_target(COALITION, history, NOW)
    assert target.id == 3
    assert when == at(5, 12)


def test_the_rotation_proposes_for_the_regular_meeting_after_the_latest_one():
    history = [meeting(2, PLANNED, at(4, 14), host=7), meeting(1, HELD, at(2, 10))]
    target, when = operations.rotation_target(COALITION, history, NOW)
    assert target is None
    assert when == datetime(2026, 6, 14, 13, 0, tzinfo=UTC)  # 15:00 in Paris, both times


def test_a_past_meeting_without_host_is_not_a_target():
    history = [meeting(1, HELD, at(2, 10))]
    target, when = operations.rotation_target(COALITION, history, NOW)
    assert target is None
    assert when == datetime(2026, 4, 10, 12, 0, tzinfo=UTC)


def test_without_history_the_rotation_proposes_for_now():
    assert operations.rotation_target(COALITION, [], NOW) == (None, NOW)
