"""The due-date rules shared by action items and commitments, called directly."""

from datetime import UTC, date, datetime, time
from types import SimpleNamespace as Row

from coordination.notifications import due_dates

NINE = time(9, 0)


def at_paris(*args):  # Paris is UTC+1 in winter
    return datetime(*args, tzinfo=UTC)


def test_coming_due_from_the_reminder_hour_n_days_before(app):
    item = Row(due_on=date(2026, 12, 10))
    with app.app_context():
        assert due_dates.coming_due([item], at_paris(2026, 12, 9, 7, 59), NINE, 1) == []
        assert due_dates.coming_due([item], at_paris(2026, 12, 9, 8, 0), NINE, 1) == [
            (item, "due-2026-12-10")
        ]


def test_overdue_keys_follow_the_schedule_and_skip_items_not_yet_due(app):
    late, early = Row(due_on=date(2026, 12, 1)), Row(due_on=date(2026, 12, 20))

    def every_day(due_on, now, at):
        return None if now.date() <= due_on else now.date()

    with app.app_context():
        keys = due_dates.overdue([late, early], at_paris(2026, 12, 5, 10), NINE, every_day)
    assert keys == [(late, "overdue-2026-12-05")]


def test_state_now_tells_what_became_of_the_item():
    ctx = {"due_on": "2026-12-10"}
    assert due_dates.state_now(None, ctx, "open") == {"state": "gone", "due_on": None}
    done = Row(status="done", due_on=date(2026, 12, 10))
    assert due_dates.state_now(done, ctx, "open")["state"] == "done"
    moved = Row(status="open", due_on=date(2026, 12, 17))
    assert due_dates.state_now(moved, ctx, "open") == {
        "state": "rescheduled",
        "due_on": date(2026, 12, 17),
    }
    same = Row(status="open", due_on=date(2026, 12, 10))
    assert due_dates.state_now(same, ctx, "open")["state"] == "current"
