"""The home page's "Your next meetings" panel."""

import sqlalchemy as sa

from coordination.coalitions.models import Association
from coordination.db import read_rows, utcnow
from coordination.meetings import operations
from coordination.meetings.models import PLANNED, Meeting

PANEL_SIZE = 5

_NEXT_MEETINGS = (
    sa.select(
        Meeting.id,
        Meeting.coalition_id,
        Meeting.title,
        Meeting.starts_at,
        Association.name.label("host_name"),
    )
    .outerjoin(Association, Association.id == Meeting.host_association_id)
    .where(operations.VISIBLE, Meeting.starts_at >= sa.bindparam("now"), Meeting.status == PLANNED)
    .order_by(Meeting.starts_at)
    .limit(PANEL_SIZE)
)


def panel_context(user, coalitions) -> dict | None:
    if not coalitions:
        return None
    meetings = read_rows(
        _NEXT_MEETINGS, {**operations.visibility(user.association_id), "now": utcnow()}
    )
    return {"next_meetings": meetings, "coalition_names": {c.id: c.name for c in coalitions}}
