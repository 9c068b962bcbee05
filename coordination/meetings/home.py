"""The home page's "Your next meetings" panel."""

import sqlalchemy as sa

from coordination.coalitions.models import Association
from coordination.db import read_rows, utcnow
from coordination.meetings import operations
from coordination.meetings.models import PLANNED, Meeting

PANEL_SIZE = 5


def panel_context(user, coalitions) -> dict | None:
    if not coalitions:
        return None
    names = {c.id: c.name for c in coalitions}
    meetings = read_rows(
        sa.select(
            Meeting.id,
            Meeting.coalition_id,
            Meeting.title,
            Meeting.starts_at,
            Association.name.label("host_name"),
        )
        .outerjoin(Association, Association.id == Meeting.host_association_id)
        .where(
            operations.visible_to(user.association_id),
            Meeting.starts_at >= utcnow(),
            Meeting.status == PLANNED,
        )
        .order_by(Meeting.starts_at)
        .limit(PANEL_SIZE)
    )
    return {"next_meetings": meetings, "coalition_names": names}
