"""Approving a meeting's minutes at the meeting that has their approval on its agenda.

Who and when: any delegate of a member association of the coalition, from the day of
that meeting on (in Paris time), and not at a cancelled meeting. Corrections agreed
there are saved first, as a new revision of the minutes marked as corrected at that
meeting; the approval is then recorded as one of that meeting's decisions. Minutes
changed afterwards are a draft again (minutes_history.record_revision).
"""

from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from coordination.coalitions.memberships import member_ids
from coordination.db import utcnow
from coordination.meetings.models import CANCELLED, Meeting
from coordination.meetings.models_minutes import MinutesApproval
from coordination.meetings.operations.common import MeetingError, log_change
from coordination.meetings.operations.minutes import record_decision, save_minutes
from coordination.meetings.operations.minutes_history import latest_number, latest_round
from coordination.timezone import local_text, local_today, to_local
from coordination.web.textdiff import normalise


class MinutesChanged(MeetingError):
    def __init__(self):
        super().__init__(
            _l("The minutes changed while you were reading them: read them again, then approve.")
        )


def approval_round(meeting: Meeting, at_meeting: Meeting) -> MinutesApproval | None:
    """The open round of `meeting`'s minutes whose item is on `at_meeting`'s agenda."""
    current = latest_round(meeting.id)
    if current is None or not current.is_open or current.at_meeting_id != at_meeting.id:
        return None
    return current


def may_approve_on(at_meeting: Meeting, today=None) -> bool:
    """From the day of the meeting on, if it is not cancelled."""
    if at_meeting.starts_at is None or at_meeting.status == CANCELLED:
        return False
    return (today or local_today()) >= to_local(at_meeting.starts_at).date()


def approve_minutes(
    meeting: Meeting,
    at_meeting: Meeting,
    by,
    *,
    base_number: int,
    text: str | None = None,
    now: datetime | None = None,
) -> MinutesApproval:
    """Record that `at_meeting` approves `meeting`'s minutes as they are at revision
    `base_number` (refused if they changed since), with `text` as corrections agreed
    there when it differs from them."""
    current = approval_round(meeting, at_meeting)
    if current is None:
        raise MeetingError(_l("These minutes are not waiting for approval at this meeting."))
    if by.association_id not in member_ids(meeting.coalition_id):
        raise MeetingError(_l("Only delegates of member associations approve the minutes."))
    now = now or utcnow()
    if not may_approve_on(at_meeting, to_local(now).date()):
        raise MeetingError(_l("The minutes can be approved from the day of the meeting on."))
    if base_number != latest_number(meeting.id):
        raise MinutesChanged()
    corrected = text is not None and normalise(text).strip() != normalise(meeting.minutes).strip()
    if corrected:
        if not normalise(text).strip():
            raise MeetingError(_l("The corrected minutes cannot be empty."))
        save_minutes(
            meeting, by, text, meeting.minutes_version, corrected_at_meeting_id=at_meeting.id
        )
    number = latest_number(meeting.id)
    day = format_date(to_local(meeting.starts_at).date(), "long")
    decision = record_decision(
        at_meeting,
        by,
        _(
            "The minutes of %(date)s are approved, with the corrections agreed at this meeting.",
            date=day,
        )
        if corrected
        else _("The minutes of %(date)s are approved.", date=day),
    )
    current.revision_number = number
    current.approved_at = now
    current.approved_by_id = by.id
    current.decision_id = decision.id
    log_change(
        meeting.coalition_id,
        "meeting.minutes_approved",
        f"{local_text(meeting.starts_at)} #{number} → {local_text(at_meeting.starts_at)}",
        user=by,
        obj=meeting,
    )
    return current
