"""The campaigns' search sources: a campaign (its name, demand, background, outcome, the
institutions and roles it targets) and each of its steps (negotiation meetings and
actions: title, who was met, what was said). Seen where the directory is seen, as the
campaigns themselves."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.campaigns.models import Campaign, CampaignStep, CampaignTarget
from coordination.db import columns_of
from coordination.directory.models import Institution
from coordination.directory.search_sources import directory_coalitions
from coordination.search.registry import (
    indexed,
    register_source,
    texts_of,
    watch_children,
    watch_parent,
)


def register() -> None:
    register_source(
        indexed(
            kind="campaign",
            label=_l("Campaign"),
            model=Campaign,
            rows=sa.select(
                *columns_of(Campaign, "id coalition_id name demand description outcome_note")
            ),
            related={
                "targets": texts_of(
                    CampaignTarget.campaign_id, Institution.name, CampaignTarget.role
                ).join(Institution, Institution.id == CampaignTarget.institution_id)
            },
            title=lambda r: r.name,
            body=lambda r: (r.demand, *r.targets, r.description, r.outcome_note),
            endpoint="campaigns.show",
            url=lambda r: {"campaign_id": r.id},
            watch={
                CampaignTarget: watch_parent("campaign_id"),
                Institution: watch_children(
                    CampaignTarget.institution_id, CampaignTarget.campaign_id
                ),
            },
            coalitions=directory_coalitions,
            order=35,
        )
    )
    register_source(
        indexed(
            kind="campaign_step",
            label=_l("Campaign step"),
            model=CampaignStep,
            rows=sa.select(
                *columns_of(CampaignStep, "id coalition_id campaign_id title met place text"),
                Campaign.name.label("campaign"),
            ).join(Campaign, Campaign.id == CampaignStep.campaign_id),
            title=lambda r: r.title,
            body=lambda r: (r.campaign, r.met, r.place, r.text),
            endpoint="campaigns.show",
            url=lambda r: {"campaign_id": r.campaign_id, "_anchor": f"step-{r.id}"},
            watch={Campaign: watch_children(CampaignStep.campaign_id)},
            coalitions=directory_coalitions,
            order=36,
        )
    )
