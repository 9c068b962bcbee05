"""The campaigns' part of the large fictional dataset (`flask demo generate --scale S`):
per coalition, 3 campaigns aimed at one of its institutions (one in preparation, one in
progress, one won), each with 6 steps (negotiation meetings and actions) and 2 of the
coalition's generated commitments linked to it. At scale 1 (100 coalitions): 300
campaigns, 1,800 steps."""

from datetime import timedelta

import sqlalchemy as sa

from coordination.campaigns.models import (
    ACTION,
    ACTIVE,
    BUILTIN_ACTION_TYPES,
    NEGOTIATION,
    PREPARING,
    WON,
    Campaign,
    CampaignCommitment,
    CampaignStep,
    CampaignTarget,
)
from coordination.commitments.models import Commitment
from coordination.directory.generate import max_id
from coordination.directory.models import Institution
from coordination.extensions import db

CAMPAIGNS_PER_COALITION = 3
STEPS_PER_CAMPAIGN = 6
DEMANDS = [
    "Rouvrir l'accueil sans rendez-vous",
    "Une permanence dans le quartier chaque semaine",
    "Des délais de traitement ramenés à un mois",
    "Un interlocuteur dédié aux associations",
]


def generate(ctx) -> None:
    rng, now = ctx.rng, ctx.now
    today = now.date()
    institutions = ctx.by_coalition(Institution.id)
    promises = ctx.by_coalition(Commitment.id)
    first = max_id(Campaign)
    campaigns, plans = [], []
    for coalition_id in ctx.coalition_ids:
        if not institutions.get(coalition_id):
            continue
        for k, status in enumerate((PREPARING, ACTIVE, WON)[:CAMPAIGNS_PER_COALITION]):
            started = today - timedelta(days=rng.randint(60, 900))
            campaigns.append(
                {
                    "coalition_id": coalition_id,
                    "name": f"{rng.choice(DEMANDS)} ({k + 1})",
                    "demand": rng.choice(DEMANDS),
                    "description": "",
                    "status": status,
                    "started_on": None if status == PREPARING else started,
                    "closed_on": today - timedelta(days=5) if status == WON else None,
                    "outcome_note": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            plans.append((coalition_id, started, rng.choice(institutions[coalition_id])))
    ctx.insert(Campaign, campaigns)
    ids = list(
        db.session.scalars(sa.select(Campaign.id).where(Campaign.id > first).order_by(Campaign.id))
    )
    targets, steps, links = [], [], []
    for campaign_id, (coalition_id, started, institution_id) in zip(ids, plans, strict=True):
        targets.append(
            {
                "coalition_id": coalition_id,
                "campaign_id": campaign_id,
                "institution_id": institution_id,
                "role": "La direction",
            }
        )
        for n in range(STEPS_PER_CAMPAIGN):
            kind = NEGOTIATION if n % 2 == 0 else ACTION
            steps.append(
                {
                    "coalition_id": coalition_id,
                    "campaign_id": campaign_id,
                    "kind": kind,
                    "on": started + timedelta(days=30 * n + rng.randint(0, 20)),
                    "title": "Rencontre avec la direction" if kind == NEGOTIATION else "Action",
                    "action_type": rng.choice(BUILTIN_ACTION_TYPES) if kind == ACTION else None,
                    "institution_id": institution_id if kind == NEGOTIATION else None,
                    "met": "La direction" if kind == NEGOTIATION else "",
                    "place": "",
                    "text": "Compte rendu de l'étape.",
                    "links": "",
                    "created_at": now,
                }
            )
        pool = promises.get(coalition_id, [])
        for _ in range(2):
            if pool:
                links.append(
                    {
                        "coalition_id": coalition_id,
                        "campaign_id": campaign_id,
                        "commitment_id": pool.pop(),
                    }
                )
    ctx.insert(CampaignTarget, targets)
    ctx.insert(CampaignStep, steps)
    ctx.insert(CampaignCommitment, links)
    _index(ctx, first)


def _index(ctx, first: int) -> None:
    """Search documents of the new campaigns and their steps."""
    from coordination.search import indexing

    ids = list(db.session.scalars(sa.select(Campaign.id).where(Campaign.id > first)))
    step_ids = list(
        db.session.scalars(sa.select(CampaignStep.id).where(CampaignStep.campaign_id.in_(ids)))
    )
    for kind, objects in (("campaign", ids), ("campaign_step", step_ids)):
        key = f"search_document ({kind})"
        ctx.counts[key] = ctx.counts.get(key, 0) + indexing.reindex_objects(
            db.session, kind, objects
        )
