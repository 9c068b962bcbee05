"""Reminders about things with a due date — a meeting's action items, an institution's
commitments: "coming due" before the date, "overdue" after it on a repeating schedule,
and, when a reminder is shown, what became of the thing since."""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from coordination.extensions import db
from coordination.notifications import timing

# (due date, now, reminder hour) -> the latest overdue reminder day, or None before the first
OverdueSchedule = Callable[[date, datetime, time], date | None]


def coming_due(items: Iterable, now: datetime, at: time, days_before: int) -> list[tuple]:
    """(item, occasion key) for each item whose "coming due" reminder time has come:
    `at` o'clock, `days_before` days before its due date."""
    return [
        (item, f"due-{item.due_on.isoformat()}")
        for item in items
        if timing.at_local_time(item.due_on - timedelta(days=days_before), at) <= now
    ]


def overdue(items: Iterable, now: datetime, at: time, schedule: OverdueSchedule) -> list[tuple]:
    """(item, occasion key) for each overdue item, one key per reminder day of `schedule`,
    so that each repetition is sent once."""
    pending = []
    for item in items:
        day = schedule(item.due_on, now, at)
        if day is not None:
            pending.append((item, f"overdue-{day.isoformat()}"))
    return pending


def state_now(row, ctx: dict, open_status: str) -> dict:
    """What became of a reminded item (`row`: its status and due_on now, or None):
    {"state": "gone" | its closing status | "rescheduled" | "current", "due_on": …}."""
    if row is None:
        return {"state": "gone", "due_on": None}
    if row.status != open_status:
        return {"state": row.status, "due_on": row.due_on}
    if ctx.get("due_on") and row.due_on != timing.iso_date(ctx["due_on"]):
        return {"state": "rescheduled", "due_on": row.due_on}
    return {"state": "current", "due_on": row.due_on}


def state_of(model, object_id, coalition_id, ctx: dict, open_status: str) -> dict:
    """state_now() of the `model` row (with status and due_on) of that id in that coalition."""
    row = db.session.execute(
        sa.select(model.status, model.due_on).where(
            model.id == object_id, model.coalition_id == coalition_id
        )
    ).first()
    return state_now(row, ctx, open_status)
