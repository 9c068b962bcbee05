"""Who comes from each association, within the coalition's quota."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.extensions import db
from coordination.meetings.models import (
    CANCELLED,
    Attendance,
    Meeting,
)
from coordination.meetings.operations.common import MeetingError, lock_meeting, log_change
from coordination.meetings.operations.participants import delegates_of, participating_ids

# --- attendance -------------------------------------------------------------------------


def attendance(meeting_id: int) -> list[Attendance]:
    return list(
        db.session.scalars(
            sa.select(Attendance)
            .where(Attendance.meeting_id == meeting_id)
            .options(sa.orm.joinedload(Attendance.user), sa.orm.joinedload(Attendance.association))
            .order_by(Attendance.association_id, Attendance.id)
        )
    )


def set_attendance(
    meeting: Meeting,
    by,
    *,
    user_ids: list[int],
    extra_names: list[str],
    quota: int,
    via: str = "",
) -> list[Attendance]:
    """Replace who comes for `by`'s association, within the coalition's quota; `via` says
    how the answer came in when not through the site (transparency.EMAIL_LINK)."""
    association_id = by.association_id
    if association_id not in participating_ids(meeting):
        raise MeetingError(_l("Your association does not take part in this meeting."))
    if meeting.status == CANCELLED:
        raise MeetingError(_l("This meeting is cancelled."))
    own = {u.id for u in delegates_of([association_id])}
    user_ids = list(dict.fromkeys(user_ids))
    if any(uid not in own for uid in user_ids):
        raise MeetingError(_l("Choose delegates of your own association."))
    extra_names = [n.strip()[:120] for n in extra_names if n.strip()]
    total = len(user_ids) + len(extra_names)
    if total > quota:
        raise MeetingError(
            _l(
                "Each association comes with at most %(quota)d people (the coalition's rule); "
                "you named %(count)d. Remove %(excess)d, or propose to change the rule.",
                quota=quota,
                count=total,
                excess=total - quota,
            )
        )
    lock_meeting(meeting.id)
    db.session.execute(
        sa.delete(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.association_id == association_id
        )
    )
    whose = {
        "coalition_id": meeting.coalition_id,
        "meeting_id": meeting.id,
        "association_id": association_id,
    }
    rows = [Attendance(**whose, user_id=uid) for uid in user_ids] + [
        Attendance(**whose, extra_name=name) for name in extra_names
    ]
    db.session.add_all(rows)
    db.session.flush()
    log_change(
        meeting.coalition_id,
        "meeting.attendance_set",
        f"{meeting.title or meeting.id}: {len(rows)}",
        user=by,
        obj=meeting,
        via=via,
    )
    return rows
