"""The home-page panel: stale contacts and (counted by the commitments feature, through
`directory.extras`) overdue commitments in the delegate's coalitions."""

from coordination.coalitions.operations import coalitions_of
from coordination.directory import operations
from coordination.directory.extras import extra


def panel_context(user, coalitions):
    members_of = {c.id for c in coalitions_of(user.association_id, include_guest=False)}
    visible = [c for c in coalitions if c.id in members_of or c.guests_see_directory]
    if not visible:
        return None
    stale = operations.stale_counts(visible)
    overdue = extra("overdue_counts", [c.id for c in visible], default={})
    rows = [
        (c, stale.get(c.id, 0), overdue.get(c.id, 0))
        for c in visible
        if stale.get(c.id) or overdue.get(c.id)
    ]
    return {"directory_rows": rows}
