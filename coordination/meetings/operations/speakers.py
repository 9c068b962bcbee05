"""Guest speakers: the invitation's state machine (TRANSITIONS) and its history."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions.memberships import member_ids
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.models import (
    CAME,
    CONFIRMED,
    DECLINED,
    GUEST_CANCELLED,
    INVITED,
    TO_CONTACT,
    AgendaItem,
    GuestInvitation,
    GuestStatusChange,
    Meeting,
)
from coordination.meetings.operations.common import MeetingError, log_change

# --- guest speakers ---------------------------------------------------------------------

# Allowed changes of an invitation's status (anything else is refused), the next natural
# steps first and cancelling last: the status list offers them in this order.
TRANSITIONS = {
    TO_CONTACT: (INVITED, GUEST_CANCELLED),
    INVITED: (CONFIRMED, DECLINED, GUEST_CANCELLED),
    CONFIRMED: (CAME, GUEST_CANCELLED),
    DECLINED: (INVITED,),
    CAME: (),
    GUEST_CANCELLED: (TO_CONTACT,),
}
GUEST_FIELDS = (
    "agenda_item_id",
    "organisation",
    "person",
    "role",
    "email",
    "phone",
    "postal_address",
    "topic",
    "delegate_id",
)


def _check_guest_fields(meeting: Meeting, fields: dict) -> None:
    item_id = fields.get("agenda_item_id")
    if item_id is not None:
        item = db.session.get(AgendaItem, item_id)
        if item is None or item.meeting_id != meeting.id:
            raise MeetingError(_l("Choose an item of this meeting's agenda."))
    delegate_id = fields.get("delegate_id")
    if delegate_id is not None:
        user = db.session.get(User, delegate_id)
        if user is None or user.association_id not in member_ids(meeting.coalition_id):
            raise MeetingError(_l("Choose a delegate of a member association."))


def invite_speaker(meeting: Meeting, by, **fields) -> GuestInvitation:
    fields = {k: v for k, v in fields.items() if k in GUEST_FIELDS}
    _check_guest_fields(meeting, fields)
    invitation = GuestInvitation(
        coalition_id=meeting.coalition_id, meeting_id=meeting.id, status=TO_CONTACT, **fields
    )
    db.session.add(invitation)
    db.session.flush()
    db.session.add(
        GuestStatusChange(
            coalition_id=meeting.coalition_id,
            invitation_id=invitation.id,
            status=TO_CONTACT,
            at=invitation.status_changed_at,
            by_id=by.id,
        )
    )
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.speaker_added",
        f"{invitation.organisation} — {invitation.topic}",
        user=by,
        obj=invitation,
    )
    return invitation


def update_speaker(invitation: GuestInvitation, by, **fields) -> GuestInvitation:
    fields = {k: v for k, v in fields.items() if k in GUEST_FIELDS}
    _check_guest_fields(db.session.get(Meeting, invitation.meeting_id), fields)
    for key, value in fields.items():
        setattr(invitation, key, value)
    db.session.flush()
    return invitation


def change_speaker_status(
    invitation: GuestInvitation, status: str, by, *, now: datetime | None = None
) -> GuestInvitation:
    if status not in TRANSITIONS.get(invitation.status, ()):
        raise MeetingError(_l("This change of status is not possible from the current status."))
    now = now or utcnow()
    invitation.status = status
    invitation.status_changed_at = now
    db.session.add(
        GuestStatusChange(
            coalition_id=invitation.coalition_id,
            invitation_id=invitation.id,
            status=status,
            at=now,
            by_id=by.id,
        )
    )
    db.session.flush()
    log_change(
        invitation.coalition_id,
        "meeting.speaker_status",
        f"{invitation.organisation} → {status}",
        user=by,
        obj=invitation,
    )
    return invitation
