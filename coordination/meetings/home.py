"""The home page's "Your next meetings" panel."""

import sqlalchemy as sa

from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings import operations
from coordination.meetings.models import PLANNED, Meeting

PANEL_SIZE = 5


def panel_context(user, coalitions) -> dict | None:
    if not coalitions:
        return None
    names = {c.id: c.name for c in coalitions}
    meetings = db.session.scalars(
        operations.meetings_for_association(user.association_id, since=utcnow())
        .where(Meeting.status == PLANNED)
        .options(sa.orm.joinedload(Meeting.host))
        .order_by(Meeting.starts_at)
        .limit(PANEL_SIZE)
    ).all()
    return {"next_meetings": meetings, "coalition_names": names}
