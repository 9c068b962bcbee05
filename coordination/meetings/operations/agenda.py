"""The open agenda: when items may be proposed, proposing and ordering them."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.models import (
    PLANNED,
    AgendaItem,
    Meeting,
)
from coordination.meetings.operations.common import MeetingError, lock_meeting, log_change
from coordination.meetings.operations.participants import participating_ids
from coordination.timezone import local_text

# --- agenda -----------------------------------------------------------------------------


def agenda_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """Ordinary items may be proposed until the meeting starts."""
    now = now or utcnow()
    return meeting.status == PLANNED and (meeting.starts_at is None or now < meeting.starts_at)


def urgent_open(meeting: Meeting) -> bool:
    """Urgent items may be added at any time while the meeting is not over, even that day."""
    return meeting.status == PLANNED


def agenda_items(meeting_id: int) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .options(
                sa.orm.joinedload(AgendaItem.proposer_association),
                sa.orm.joinedload(AgendaItem.proposed_by),
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def propose_item(
    meeting: Meeting,
    by,
    *,
    title: str,
    description: str = "",
    topic: str = "",
    duration_minutes: int = 15,
    links: str = "",
    urgent: bool = False,
    proposer_association_id: int | None = None,
    now: datetime | None = None,
) -> AgendaItem:
    proposer = proposer_association_id or by.association_id
    participants = participating_ids(meeting)
    if by.association_id not in participants:
        raise MeetingError(_l("Your association does not take part in this meeting."))
    if proposer not in participants:
        raise MeetingError(_l("The proposing association must take part in the meeting."))
    if urgent:
        if not urgent_open(meeting):
            raise MeetingError(_l("This meeting is over: its agenda is closed."))
    elif not agenda_open(meeting, now):
        raise MeetingError(
            _l("The meeting has started: only urgent items can still be added.")
            if meeting.is_planned
            else _l("This meeting is over: its agenda is closed.")
        )
    lock_meeting(meeting.id)
    last = db.session.scalar(
        sa.select(sa.func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
    )
    item = AgendaItem(
        coalition_id=meeting.coalition_id,
        meeting_id=meeting.id,
        title=title.strip(),
        description=description.strip(),
        topic=topic.strip(),
        duration_minutes=duration_minutes,
        links="\n".join(line.strip() for line in links.splitlines() if line.strip()),
        urgent=urgent,
        position=(last or 0) + 1,
        proposer_association_id=proposer,
        proposed_by_id=by.id,
    )
    db.session.add(item)
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.urgent_item_added" if urgent else "meeting.item_proposed",
        f"{item.title} — {local_text(meeting.starts_at)}",
        user=by,
        obj=item,
    )
    return item


def move_item(item: AgendaItem, direction: str, by) -> bool:
    """Swap the item with its neighbour above ("up") or below ("down")."""
    lock_meeting(item.meeting_id)
    items = agenda_items(item.meeting_id)
    index = next(i for i, each in enumerate(items) if each.id == item.id)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return False  # already first or last: nothing changes
    for position, each in enumerate(items, start=1):
        each.position = position  # normalise any gaps first
    a, b = items[index], items[other]
    a.position, b.position = b.position, a.position
    db.session.flush()
    return True
