"""Reminders of an open action item: due tomorrow, then overdue every week."""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.coalitions.models import Association, Coalition, Membership
from coordination.db import columns_of
from coordination.extensions import db
from coordination.meetings.models import (
    OPEN_ACTION,
    ActionItem,
    Meeting,
)
from coordination.meetings.reminders.recipients import _users_of, delegates_by_association
from coordination.notifications import due_dates, timing
from coordination.notifications.registry import Occasion, coalition_by_coalition, short_title
from coordination.notifications.timing import reminder_time

WHAT_LENGTH = 300  # an action item's text in a reminder


def weekly_overdue_day(due_on: date, now: datetime, at: time) -> date | None:
    """The latest overdue reminder day not after `now`: the day after `due_on`, then every
    seven days; None before the first one (at `at` o'clock, local time)."""
    first = due_on + timedelta(days=1)
    day = timing.effective_day(now, at)
    if day < first:
        return None
    return first + timedelta(days=7 * ((day - first).days // 7))


# --- action items -----------------------------------------------------------------------


def labelled_columns(model, prefix: str, names: str) -> tuple:
    """columns_of(model, names), each labelled `prefix` + its name: the columns of a joined
    row named after the role it plays ("assignee_name" for the assignee's User.name)."""
    return tuple(column.label(prefix + column.key) for column in columns_of(model, names))


def open_actions(condition) -> list[sa.Row]:
    """Open action items matching `condition` whose association still takes part in the
    coalition, with what the reminder shows. One query."""
    still_in = (
        sa.select(Membership.id)
        .where(
            Membership.coalition_id == ActionItem.coalition_id,
            Membership.association_id == ActionItem.association_id,
            Membership.is_current,
        )
        .exists()
    )
    return db.session.execute(
        sa.select(
            *columns_of(ActionItem, "id coalition_id meeting_id what due_on association_id"),
            Association.name.label("association_name"),
            *labelled_columns(User, "assignee_", "id name active association_id"),
            *labelled_columns(Meeting, "meeting_", "title starts_at"),
            Coalition.name.label("coalition_name"),
        )
        .join(Association, Association.id == ActionItem.association_id)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .join(Coalition, Coalition.id == ActionItem.coalition_id)
        .outerjoin(User, User.id == ActionItem.assignee_id)
        .where(
            coalition_by_coalition(ActionItem.coalition_id),
            ActionItem.status == OPEN_ACTION,
            condition,
            still_in,
        )
        .order_by(ActionItem.due_on, ActionItem.id)
    ).all()


def _assignee_named(item: sa.Row) -> bool:
    return bool(
        item.assignee_id
        and item.assignee_active
        and item.assignee_association_id == item.association_id
    )


def action_occasions(items: list[tuple[sa.Row, str]]) -> list[Occasion]:
    """(item, occasion key) → occasions for the delegate in charge, or for every active
    delegate of the association in charge when none is named. One query at most."""
    delegates = delegates_by_association(
        {item.association_id for item, _key in items if not _assignee_named(item)}
    )
    occasions = []
    for item, key in items:
        recipients = (
            [item.assignee_id]
            if _assignee_named(item)
            else _users_of([item.association_id], delegates)
        )
        if not recipients:
            continue
        occasions.append(
            Occasion.named_by(
                "action_item",
                "action_id",
                key,
                recipients,
                {
                    "action_id": item.id,
                    "meeting_id": item.meeting_id,
                    "coalition_id": item.coalition_id,
                    "coalition_name": item.coalition_name,
                    "what": short_title(item.what, WHAT_LENGTH),
                    "due_on": item.due_on,
                    "association_name": item.association_name,
                    "assignee_name": item.assignee_name if _assignee_named(item) else "",
                    "meeting_title": item.meeting_title,
                    "meeting_starts_at": item.meeting_starts_at,
                },
            )
        )
    return occasions


def due_action_due(now: datetime) -> list[Occasion]:
    """An open action item from 9:00 the day before its due date until the end of that day."""
    today = timing.local_date(now)
    items = open_actions(ActionItem.due_on.between(today, today + timedelta(days=1)))
    return action_occasions(due_dates.coming_due(items, now, reminder_time(), 1))


def due_action_overdue(now: datetime) -> list[Occasion]:
    """An open action item, 9:00 the day after its due date, then every week."""
    items = open_actions(ActionItem.due_on < timing.local_date(now))
    return action_occasions(due_dates.overdue(items, now, reminder_time(), weekly_overdue_day))


def action_state(ctx: dict) -> dict:
    """{"state": current | rescheduled | done | dropped | gone, "due_on": …} now."""
    return due_dates.state_of(
        ActionItem, ctx.get("action_id"), ctx.get("coalition_id"), ctx, OPEN_ACTION
    )
