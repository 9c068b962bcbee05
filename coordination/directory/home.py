"""The home-page panel: overdue commitments (counted by the commitments feature, through
`directory.extras`) in the delegate's coalitions, and the search box. Stale contacts are
in the "À faire" list (directory/todo.py)."""

from coordination.coalitions.operations import coalitions_of
from coordination.directory.extras import extra


def directory_coalitions(user, coalitions) -> list:
    """The coalitions whose directory this delegate sees: as a member, or as a guest where
    the coalition lets guests see it."""
    members_of = {c.id for c in coalitions_of(user.association_id, include_guest=False)}
    return [c for c in coalitions if c.id in members_of or c.guests_see_directory]


def panel_context(user, coalitions):
    visible = directory_coalitions(user, coalitions)
    if not visible:
        return None
    overdue = extra("overdue_counts", [c.id for c in visible], default={})
    return {"directory_rows": [(c, overdue[c.id]) for c in visible if overdue.get(c.id)]}
