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
from coordination.search.registry import Document, Source, join_text, register_source


def campaign_documents(session, ids):
    rows = session.execute(
        sa.select(
            *columns_of(Campaign, "id coalition_id name demand description outcome_note"),
        ).where(Campaign.id.in_(ids))
    ).all()
    targets: dict[int, list[str]] = {}
    for campaign_id, name, role in session.execute(
        sa.select(CampaignTarget.campaign_id, Institution.name, CampaignTarget.role)
        .join(Institution, Institution.id == CampaignTarget.institution_id)
        .where(CampaignTarget.campaign_id.in_(ids))
        .order_by(CampaignTarget.id)
    ):
        targets.setdefault(campaign_id, []).append(join_text(name, role))
    return [
        Document.of(
            r,
            "campaign",
            "campaigns.show",
            r.name,
            r.demand,
            *targets.get(r.id, []),
            r.description,
            r.outcome_note,
            campaign_id=r.id,
        )
        for r in rows
    ]


def step_documents(session, ids):
    rows = session.execute(
        sa.select(
            *columns_of(CampaignStep, "id coalition_id campaign_id title met place text"),
            Campaign.name.label("campaign"),
        )
        .join(Campaign, Campaign.id == CampaignStep.campaign_id)
        .where(CampaignStep.id.in_(ids))
    ).all()
    return [
        Document.of(
            r,
            "campaign_step",
            "campaigns.show",
            r.title,
            r.campaign,
            r.met,
            r.place,
            r.text,
            campaign_id=r.campaign_id,
            _anchor=f"step-{r.id}",
        )
        for r in rows
    ]


def register() -> None:
    register_source(
        Source(
            kind="campaign",
            label=_l("Campaign"),
            model=Campaign,
            build=campaign_documents,
            watch={
                CampaignTarget: lambda objs: [o.campaign_id for o in objs],
                Institution: lambda objs: sa.select(CampaignTarget.campaign_id).where(
                    CampaignTarget.institution_id.in_([o.id for o in objs])
                ),
            },
            coalitions=directory_coalitions,
            order=35,
        )
    )
    register_source(
        Source(
            kind="campaign_step",
            label=_l("Campaign step"),
            model=CampaignStep,
            build=step_documents,
            watch={
                Campaign: lambda objs: sa.select(CampaignStep.id).where(
                    CampaignStep.campaign_id.in_([o.id for o in objs])
                )
            },
            coalitions=directory_coalitions,
            order=36,
        )
    )
