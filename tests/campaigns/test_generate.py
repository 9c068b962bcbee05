"""`demo generate` creates campaigns in proportion: 3 per coalition, 6 steps each, two of
the coalition's commitments linked, all found by the search."""

import sqlalchemy as sa

from coordination.campaigns import timeline
from coordination.campaigns.models import Campaign, CampaignCommitment, CampaignTarget
from coordination.demo.generate import generate
from coordination.search.models import SearchDocument
from coordination.timezone import local_today


def test_generate_creates_campaigns_in_proportion(db):
    counts = generate(scale=0.05, seed=7)
    assert counts["campaign"] == 15 and counts["campaign_step"] == 90
    assert counts["campaign_target"] == 15 and counts["campaign_commitment"] == 30
    campaign = db.session.scalars(sa.select(Campaign).where(Campaign.status == "won")).first()
    target = db.session.scalar(
        sa.select(CampaignTarget).where(CampaignTarget.campaign_id == campaign.id)
    )
    assert target.coalition_id == campaign.coalition_id
    kinds = {e.kind for e in timeline.compose(campaign, local_today())}
    assert {"negotiation", "action", "commitment", "decision"} <= kinds
    mismatched = db.session.scalar(
        sa.select(sa.func.count(CampaignCommitment.id))
        .join(Campaign, Campaign.id == CampaignCommitment.campaign_id)
        .where(CampaignCommitment.coalition_id != Campaign.coalition_id)
    )
    assert mismatched == 0
    indexed = db.session.scalar(
        sa.select(sa.func.count(SearchDocument.id)).where(SearchDocument.kind == "campaign")
    )
    assert indexed == 15
