"""The open agenda: when items may be proposed, proposing, correcting, withdrawing and
ordering them.

An item is always proposed in the name of the proposing delegate's own association (a
delegate represents exactly one association). Until the meeting starts, the delegate who
proposed an item — and the meeting's facilitator, who prepares the agenda — may correct
or withdraw it; a withdrawn item leaves the agenda, and the collective's history keeps a
trace of it (what, proposed by whom, withdrawn by whom)."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.coalitions.models import Association
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.models import (
    PLANNED,
    AgendaItem,
    Meeting,
)
from coordination.meetings.operations.common import (
    MeetingError,
    add_logged,
    lock_meeting,
    log_change,
)
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
    now: datetime | None = None,
) -> AgendaItem:
    """Put an item on the agenda in the name of `by`'s own association."""
    if by.association_id not in participating_ids(meeting):
        raise MeetingError(_l("Your association does not take part in this meeting."))
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
        links=_links(links),
        urgent=urgent,
        position=(last or 0) + 1,
        proposer_association_id=by.association_id,
        proposed_by_id=by.id,
    )
    action = "meeting.urgent_item_added" if urgent else "meeting.item_proposed"
    return add_logged(item, action, f"{item.title} — {local_text(meeting.starts_at)}", by=by)


def _links(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def may_change_item(proposed_by_id, facilitator_id, user_id: int) -> bool:
    """Whether a delegate may correct or withdraw an item (while the agenda is open): the
    delegate who proposed it, or the meeting's facilitator."""
    return user_id is not None and user_id in (proposed_by_id, facilitator_id)


def item_change_refusal(item: AgendaItem, meeting, user_id: int, now: datetime | None = None):
    """Why this delegate may not correct or withdraw the item now (a message), or None."""
    if not agenda_open(meeting, now):
        return (
            _l("The meeting has started: its agenda items can no longer be changed.")
            if meeting.status == PLANNED
            else _l("This meeting is over: its agenda is closed.")
        )
    if not may_change_item(item.proposed_by_id, meeting.facilitator_id, user_id):
        return _l(
            "Only the delegate who proposed this item, or the meeting's facilitator, can change it."
        )
    return None


def _check_change(item: AgendaItem, meeting: Meeting, by, now: datetime | None) -> None:
    refusal = item_change_refusal(item, meeting, by.id, now)
    if refusal is not None:
        raise MeetingError(refusal)


ITEM_FIELDS = ("title", "description", "topic", "duration_minutes", "links")


def update_item(
    item: AgendaItem, meeting: Meeting, by, *, now: datetime | None = None, **fields
) -> AgendaItem:
    """Correct an item (its proposer or the facilitator, until the meeting starts)."""
    _check_change(item, meeting, by, now)
    values = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    for key in ("title", "description", "topic"):
        if key in values:
            values[key] = (values[key] or "").strip()
    if "links" in values:
        values["links"] = _links(values["links"] or "")
    changed = [k for k, v in values.items() if getattr(item, k) != v]
    for key in changed:
        setattr(item, key, values[key])
    db.session.flush()
    if changed:
        log_change(
            meeting.coalition_id,
            "meeting.item_updated",
            f"{item.title} — {local_text(meeting.starts_at)}: {', '.join(changed)}",
            user=by,
            obj=item,
        )
    return item


def withdraw_item(item: AgendaItem, meeting: Meeting, by, *, now: datetime | None = None) -> None:
    """Take an item off the agenda (its proposer or the facilitator, until the meeting
    starts). The item is deleted; the collective's history keeps what it was, who had
    proposed it and who withdrew it."""
    _check_change(item, meeting, by, now)
    lock_meeting(meeting.id)
    proposer = db.session.get(Association, item.proposer_association_id)
    log_change(
        meeting.coalition_id,
        "meeting.item_withdrawn",
        f"{item.title} ({proposer.name if proposer else '—'}) — {local_text(meeting.starts_at)}",
        user=by,
        obj=item,
    )
    db.session.delete(item)
    db.session.flush()


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
