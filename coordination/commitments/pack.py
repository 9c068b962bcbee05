"""The meeting pack's chapter on commitments coming due (registered with
meetings.sections.register_pack_section): what institutions promised and have not kept
yet, overdue or due within three months of the meeting, for the meeting to follow up."""

from flask_babel import lazy_gettext as _l

from coordination.commitments import reads
from coordination.commitments.models import Commitment
from coordination.directory.pages import may_see_directory
from coordination.timezone import add_months, local_today, to_local

TITLE = _l("Commitments due")
MONTHS_AHEAD = 3


def pack_section(coalition, meeting) -> dict | None:
    """One query. Left out for those who may not see the directory."""
    if not may_see_directory(coalition.viewer_role, coalition):
        return None
    day = to_local(meeting.starts_at).date() if meeting.starts_at else local_today()
    until = add_months(day, MONTHS_AHEAD)
    rows = reads.pending_commitments(
        (Commitment.coalition_id == coalition.id) & (Commitment.due_on <= until)
    )
    return {"rows": rows, "day": day, "until": until}
