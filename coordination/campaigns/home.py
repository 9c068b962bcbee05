"""The home page's panel: the campaigns in progress in the delegate's coalitions (where
they see the directory, as the campaigns), each with its last and its next step."""

from coordination.campaigns import reads
from coordination.coalitions.operations import coalitions_of
from coordination.timezone import local_today


def panel_context(user, coalitions) -> dict | None:
    members_of = {c.id for c in coalitions_of(user.association_id, include_guest=False)}
    visible = {c.id: c for c in coalitions if c.id in members_of or c.guests_see_directory}
    campaigns = reads.running(list(visible), local_today()) if visible else []
    if not campaigns:
        return None
    return {"running_campaigns": campaigns, "campaign_coalitions": visible}
