"""Who may see a meeting: the small public API other features use (commitments, search).

Every member association sees every meeting of its coalition; a guest association sees
only the meetings it is invited to, while it is still a guest of the coalition.
"""

import sqlalchemy as sa

from coordination.coalitions.models import GUEST, MEMBER, Coalition, Membership
from coordination.extensions import db
from coordination.meetings.models import Meeting, MeetingGuest


def still_guest():
    """How a meeting's invited association joins its Membership: the invitation counts
    while the association is still a guest of the coalition (SQL join condition)."""
    return sa.and_(
        Membership.association_id == MeetingGuest.association_id,
        Membership.coalition_id == MeetingGuest.coalition_id,
        Membership.role == GUEST,
        Membership.is_current,
    )


def guest_ids(meeting: Meeting) -> set[int]:
    """Guest associations invited to this meeting and still guests of the coalition."""
    return set(
        db.session.scalars(
            sa.select(MeetingGuest.association_id)
            .join(Membership, still_guest())
            .where(MeetingGuest.meeting_id == meeting.id)
        )
    )


def may_see(meeting: Meeting, coalition: Coalition, association_id: int) -> bool:
    """May this association see this meeting (members always; guests when invited)?"""
    if getattr(coalition, "viewer_role", MEMBER) == MEMBER:
        return True
    return association_id in guest_ids(meeting)


def visible_meetings_filter(coalition: Coalition, association_id: int):
    """SQL condition: every meeting for members; only invited ones for a guest."""
    if getattr(coalition, "viewer_role", MEMBER) == MEMBER:
        return sa.true()
    invited = (
        sa.select(MeetingGuest.id)
        .where(MeetingGuest.meeting_id == Meeting.id, MeetingGuest.association_id == association_id)
        .exists()
    )
    return invited
