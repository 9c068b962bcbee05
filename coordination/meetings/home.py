"""The home page's "Your next meetings" panel (its query: reads.next_meetings)."""

from coordination.db import utcnow
from coordination.meetings import reads


def panel_context(user, coalitions) -> dict | None:
    if not coalitions:
        return None
    meetings = reads.next_meetings(user.association_id, utcnow())
    return {"next_meetings": meetings, "coalition_names": {c.id: c.name for c in coalitions}}
