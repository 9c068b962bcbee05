"""Minutes (saved with optimistic versioning), decisions and action items."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings import search_sources
from coordination.meetings.models import (
    ACTION_STATUSES,
    OPEN_ACTION,
    ActionItem,
    Meeting,
    MeetingDecision,
)
from coordination.meetings.operations import minutes_history
from coordination.meetings.operations.common import (
    MeetingError,
    MinutesConflict,
    add_logged,
    log_change,
)
from coordination.meetings.operations.participants import participating_ids
from coordination.timezone import local_text

# --- minutes, decisions, action items ---------------------------------------------------


def save_minutes(
    meeting: Meeting, by, text: str, base_version: int, *, corrected_at_meeting_id=None
) -> Meeting:
    """Save unless someone else saved since `base_version` (then MinutesConflict). The text
    is kept as a new revision; minutes awaiting approval get their item on the agenda of
    the meeting that approves them (minutes_history)."""
    if base_version != meeting.minutes_version:
        raise MinutesConflict(meeting)
    result = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.minutes_version == base_version)
        .values(
            minutes=text.strip(),
            minutes_version=base_version + 1,
            minutes_updated_at=utcnow(),
            minutes_updated_by_id=by.id,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(meeting)
        raise MinutesConflict(meeting)
    db.session.refresh(meeting)
    search_sources.reindex_minutes(db.session, meeting.id)  # the UPDATE bypassed the session
    minutes_history.record_revision(meeting, by, corrected_at_meeting_id=corrected_at_meeting_id)
    log_change(
        meeting.coalition_id,
        "meeting.minutes_saved",
        local_text(meeting.starts_at),
        user=by,
        obj=meeting,
    )
    minutes_history.place_approval_item(meeting, by)
    return meeting


def record_decision(meeting: Meeting, by, text: str) -> MeetingDecision:
    decision = MeetingDecision(
        coalition_id=meeting.coalition_id,
        meeting_id=meeting.id,
        text=text.strip(),
        recorded_by_id=by.id,
    )
    summary = decision.text[:300]
    return add_logged(decision, "meeting.decision_recorded", summary, by=by, obj=meeting)


def add_action(
    meeting: Meeting,
    by,
    *,
    what: str,
    association_id: int,
    assignee_id: int | None = None,
    due_on: date | None = None,
) -> ActionItem:
    if association_id not in participating_ids(meeting):
        raise MeetingError(_l("The association in charge must take part in the meeting."))
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or assignee.association_id != association_id:
            raise MeetingError(_l("The delegate in charge must belong to that association."))
    item = ActionItem(
        coalition_id=meeting.coalition_id,
        meeting_id=meeting.id,
        what=what.strip(),
        association_id=association_id,
        assignee_id=assignee_id,
        due_on=due_on,
    )
    return add_logged(item, "meeting.action_added", item.what[:300], by=by)


def set_action_status(item: ActionItem, status: str, by) -> ActionItem:
    if status not in ACTION_STATUSES:
        raise MeetingError(_l("Unknown status."))
    if status == item.status:
        return item
    item.status = status
    item.closed_at = None if status == OPEN_ACTION else utcnow()
    db.session.flush()
    log_change(
        item.coalition_id,
        "meeting.action_status",
        f"{item.what[:200]} → {status}",
        user=by,
        obj=item,
    )
    return item
