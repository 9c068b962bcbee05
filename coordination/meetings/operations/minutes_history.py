"""The minutes' revisions, and the approval item put on the next meeting's agenda.

Minutes are a draft until a later meeting approves them (meetings/operations/approval.py).
Which meeting approves them, once and for all:

- the first meeting of the coalition after them that is not cancelled, if it is still
  to be held (planned); if that one was held already (minutes written late), the next
  planned meeting. (Minutes older than this feature whose next meeting was held count as
  approved there: see the migration 0009. `place_pending_items`, which runs when any
  meeting is planned, moved or cancelled, leaves such minutes alone.)
- the item is added once: it stays on that meeting even if the meeting is moved, or if
  another meeting is planned in between (people have already seen it on that agenda);
- it moves only if its meeting is cancelled (to the next planned meeting), or if the
  item was withdrawn (a new one is added on the next planned meeting);
- minutes changed after their approval need a new one: a new round, with its item on
  the next planned meeting.

Every function here flushes and never commits.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.models import CANCELLED, HELD, PLANNED, AgendaItem, Meeting
from coordination.meetings.models_minutes import MinutesApproval, MinutesRevision
from coordination.meetings.operations.common import lock_meeting, log_change
from coordination.timezone import local_text, to_local

APPROVAL_ITEM_MINUTES = 10


# --- revisions ----------------------------------------------------------------------------


def latest_number(meeting_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.max(MinutesRevision.number)).where(
                MinutesRevision.meeting_id == meeting_id
            )
        )
        or 0
    )


def record_revision(
    meeting: Meeting, by, *, corrected_at_meeting_id: int | None = None
) -> MinutesRevision | None:
    """Keep the meeting's current minutes as a new revision (None if the text is the same
    as the last revision's). When the minutes were approved, they are a draft again: the
    change is logged, and the next planned meeting gets a new approval item."""
    last = db.session.scalars(
        sa.select(MinutesRevision)
        .where(MinutesRevision.meeting_id == meeting.id)
        .order_by(MinutesRevision.number.desc())
        .limit(1)
    ).first()
    if last is not None and last.text == meeting.minutes:
        return None
    revision = MinutesRevision(
        coalition_id=meeting.coalition_id,
        meeting_id=meeting.id,
        number=(last.number if last else 0) + 1,
        text=meeting.minutes,
        corrected_at_meeting_id=corrected_at_meeting_id,
        author_id=by.id if by is not None else None,
    )
    db.session.add(revision)
    db.session.flush()
    current = latest_round(meeting.id)
    if current is not None and not current.is_open and corrected_at_meeting_id is None:
        # Approved minutes changed: a new round, whose item goes on the next planned
        # meeting (now, or as soon as one is planned: place_pending_items).
        db.session.add(MinutesApproval(coalition_id=meeting.coalition_id, meeting_id=meeting.id))
        db.session.flush()
        log_change(
            meeting.coalition_id,
            "meeting.minutes_back_to_draft",
            f"{local_text(meeting.starts_at)} #{revision.number}",
            user=by,
            obj=meeting,
        )
    return revision


# --- approval rounds and their agenda item --------------------------------------------------


def latest_round(meeting_id: int) -> MinutesApproval | None:
    return db.session.scalars(
        sa.select(MinutesApproval)
        .where(MinutesApproval.meeting_id == meeting_id)
        .order_by(MinutesApproval.id.desc())
        .limit(1)
    ).first()


def _next_meeting(meeting: Meeting, after: datetime, *, planned_only: bool) -> Meeting | None:
    """The coalition's first meeting starting after `after` that is not cancelled (only a
    planned one if `planned_only`); None if that first one was held already."""
    stmt = (
        sa.select(Meeting)
        .where(
            Meeting.coalition_id == meeting.coalition_id,
            Meeting.id != meeting.id,
            Meeting.starts_at > after,
            Meeting.status == PLANNED if planned_only else Meeting.status != CANCELLED,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )
    found = db.session.scalars(stmt).first()
    return found if found is not None and found.status == PLANNED else None


def approval_title(meeting: Meeting) -> str:
    day = to_local(meeting.starts_at).date()
    return _("Approval of the minutes of %(date)s", date=format_date(day, "long"))


def place_approval_item(meeting: Meeting, by) -> MinutesApproval | None:
    """Make sure minutes awaiting approval have their item on the agenda of the meeting
    that approves them (see the module's rules). Idempotent: calling it again changes
    nothing. Returns the open round, or None (nothing to approve, or no meeting to come)."""
    if not (meeting.minutes or "").strip() or meeting.starts_at is None:
        return None
    # Two requests placing the same minutes' item (a meeting planned while another is
    # moved) wait for each other here, then the second finds the item placed: once.
    lock_meeting(meeting.id)
    current = latest_round(meeting.id)
    if current is not None and not current.is_open:
        if current.revision_number == latest_number(meeting.id):
            return None  # approved as they are
        current = None  # changed since: a new round
        target = _next_meeting(meeting, max(meeting.starts_at, utcnow()), planned_only=True)
    elif current is not None:
        item = db.session.get(AgendaItem, current.agenda_item_id or 0)
        at = db.session.get(Meeting, current.at_meeting_id or 0)
        if item is not None and at is not None and at.status != CANCELLED:
            return current  # already on an agenda: once
        target = _next_meeting(meeting, max(meeting.starts_at, utcnow()), planned_only=True)
    else:
        target = _next_meeting(meeting, meeting.starts_at, planned_only=False) or _next_meeting(
            meeting, max(meeting.starts_at, utcnow()), planned_only=True
        )
    if target is None:
        return current
    if current is None:
        current = MinutesApproval(coalition_id=meeting.coalition_id, meeting_id=meeting.id)
        db.session.add(current)
    lock_meeting(target.id)
    first = db.session.scalar(
        sa.select(sa.func.min(AgendaItem.position)).where(AgendaItem.meeting_id == target.id)
    )
    item = db.session.get(AgendaItem, current.agenda_item_id or 0)
    if item is None:
        item = AgendaItem(
            coalition_id=meeting.coalition_id,
            title=approval_title(meeting),
            duration_minutes=APPROVAL_ITEM_MINUTES,
            proposer_association_id=_proposer(meeting, target, by),
            proposed_by_id=None,  # added by the platform, not proposed by a person
        )
        db.session.add(item)
    # The approval of the minutes opens the meeting: first on its agenda.
    item.meeting_id = target.id
    item.position = (first or 1) - 1
    db.session.flush()
    current.at_meeting_id, current.agenda_item_id = target.id, item.id
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.minutes_approval_planned",
        f"{local_text(meeting.starts_at)} → {local_text(target.starts_at)}",
        user=by,
        obj=target,
    )
    return current


def _proposer(meeting: Meeting, target: Meeting, by) -> int:
    """The association shown as proposing the item: the acting delegate's, else the host
    of either meeting (an item always has one)."""
    for candidate in (
        getattr(by, "association_id", None),
        target.host_association_id,
        meeting.host_association_id,
    ):
        if candidate is not None:
            return candidate
    raise LookupError("no association to propose the approval item")


def place_pending_items(coalition_id: int, by) -> list[MinutesApproval]:
    """After a meeting is planned, moved, cancelled or planned again: every minutes of the
    coalition still waiting for their approval item get it (each at most once). One
    query when nothing is waiting, whatever the coalition's history."""
    at, later = aliased(Meeting, name="at_meeting"), aliased(Meeting, name="later")
    rounds = sa.select(MinutesApproval.id).where(MinutesApproval.meeting_id == Meeting.id)
    open_round = rounds.where(MinutesApproval.approved_at.is_(None))
    live_item = (
        open_round.join(AgendaItem, AgendaItem.id == MinutesApproval.agenda_item_id)
        .join(at, at.id == MinutesApproval.at_meeting_id)
        .where(at.status != CANCELLED)
    )
    later_held = sa.select(later.id).where(
        later.coalition_id == Meeting.coalition_id,
        later.starts_at > Meeting.starts_at,
        later.status == HELD,
    )
    candidates = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.coalition_id == coalition_id,
            Meeting.starts_at.is_not(None),
            Meeting.status != CANCELLED,
            Meeting.minutes != "",
            # no round yet and not followed by a held meeting, or an open round whose
            # item is gone or on a cancelled meeting
            sa.or_(
                sa.and_(~rounds.exists(), ~later_held.exists()),
                sa.and_(open_round.exists(), ~live_item.exists()),
            ),
        )
        .order_by(Meeting.starts_at)
    ).all()
    return [r for m in candidates if (r := place_approval_item(m, by)) is not None]
