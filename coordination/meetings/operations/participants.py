"""Who takes part in a meeting: the coalition's member associations and the guest
associations invited to it; their active delegates; inviting and uninviting a guest
association."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions.memberships import member_ids
from coordination.coalitions.models import GUEST, Association
from coordination.extensions import db
from coordination.meetings.access import guest_ids
from coordination.meetings.models import (
    Meeting,
    MeetingGuest,
)
from coordination.meetings.operations.common import MeetingError, log_change
from coordination.timezone import local_text


def participating_ids(meeting: Meeting) -> set[int]:
    return member_ids(meeting.coalition_id) | guest_ids(meeting)


def delegates_of(association_ids) -> list[User]:
    if not association_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.association_id.in_(association_ids), User.active.is_(True))
            .order_by(User.name)
        )
    )


def invite_guest_association(meeting: Meeting, association_id: int, by) -> MeetingGuest:
    guests = member_ids(meeting.coalition_id, GUEST)
    if association_id not in guests:
        raise MeetingError(_l("Only guest associations of the coalition can be invited."))
    existing = db.session.scalars(
        sa.select(MeetingGuest).where(
            MeetingGuest.meeting_id == meeting.id, MeetingGuest.association_id == association_id
        )
    ).first()
    if existing:
        return existing
    row = MeetingGuest(
        coalition_id=meeting.coalition_id, meeting_id=meeting.id, association_id=association_id
    )
    db.session.add(row)
    db.session.flush()
    name = db.session.get(Association, association_id).name
    _log_guest_change(meeting, "meeting.guest_association_invited", name, by)
    return row


def uninvite_guest_association(meeting: Meeting, association_id: int, by) -> None:
    row = db.session.scalars(
        sa.select(MeetingGuest).where(
            MeetingGuest.meeting_id == meeting.id, MeetingGuest.association_id == association_id
        )
    ).first()
    if row is None:
        return
    name = row.association.name
    db.session.delete(row)
    db.session.flush()
    _log_guest_change(meeting, "meeting.guest_association_uninvited", name, by)


def _log_guest_change(meeting: Meeting, action: str, association_name: str, by) -> None:
    """The log says which guest association and which meeting (by its Paris time)."""
    summary = f"{association_name} — {local_text(meeting.starts_at)}"
    log_change(meeting.coalition_id, action, summary, user=by, obj=meeting)
