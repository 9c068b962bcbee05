"""Every read of the campaigns outside the timeline (timeline sources are in story.py).

Rows come back in one shape (NamedTuples named by the templates). Lists run a fixed number
of queries whatever their length: the campaigns, then their last and next steps each in one
windowed query.
"""

from datetime import date
from typing import NamedTuple

import sqlalchemy as sa

from coordination.campaigns.models import (
    ACTIVE,
    RUNNING,
    Campaign,
    CampaignActionType,
    CampaignCommitment,
    CampaignParticipant,
    CampaignStatement,
    CampaignStep,
    CampaignTarget,
)
from coordination.coalitions.models import Association, Membership
from coordination.db import columns_of, read_rows
from coordination.extensions import db
from coordination.statements.models import Statement
from coordination.web.filters import local_date

CAMPAIGN_PAGE = (
    sa.orm.selectinload(Campaign.targets).joinedload(CampaignTarget.institution),
    sa.orm.selectinload(Campaign.targets).joinedload(CampaignTarget.contact),
)


class Step(NamedTuple):
    on: date
    title: str


class CampaignSummary(NamedTuple):
    id: int
    coalition_id: int
    name: str
    demand: str
    status: str
    started_on: date | None
    last: Step | None
    next: Step | None


def _edge_steps(campaign_ids: list[int], today: date, *, ahead: bool) -> dict[int, Step]:
    """The last step on or before today (ahead=False) or the next one after it, per campaign."""
    order = (
        (CampaignStep.on.asc(), CampaignStep.id.asc())
        if ahead
        else (CampaignStep.on.desc(), CampaignStep.id.desc())
    )
    ranked = (
        sa.select(
            *columns_of(CampaignStep, "campaign_id on title"),
            sa.func.row_number()
            .over(partition_by=CampaignStep.campaign_id, order_by=order)
            .label("n"),
        )
        .where(
            CampaignStep.campaign_id.in_(campaign_ids),
            CampaignStep.on > today if ahead else CampaignStep.on <= today,
        )
        .subquery()
    )
    rows = read_rows(
        sa.select(ranked.c.campaign_id, ranked.c.on, ranked.c.title).where(ranked.c.n == 1)
    )
    return {r.campaign_id: Step(r.on, r.title) for r in rows}


def summaries(coalition_ids: list[int], today: date, statuses=None) -> list[CampaignSummary]:
    """The campaigns of these coalitions (in progress first, then by name), each with its
    last and next step. Three queries."""
    if not coalition_ids:
        return []
    stmt = sa.select(
        *columns_of(Campaign, "id coalition_id name demand status started_on"),
    ).where(Campaign.coalition_id.in_(coalition_ids))
    if statuses:
        stmt = stmt.where(Campaign.status.in_(statuses))
    stmt = stmt.order_by(sa.case((Campaign.status == ACTIVE, 0), else_=1), Campaign.name)
    rows = read_rows(stmt)
    if not rows:
        return []
    ids = [r.id for r in rows]
    last = _edge_steps(ids, today, ahead=False)
    coming = _edge_steps(ids, today, ahead=True)
    return [CampaignSummary(*r, last.get(r.id), coming.get(r.id)) for r in rows]


def running(coalition_ids: list[int], today: date) -> list[CampaignSummary]:
    return summaries(coalition_ids, today, statuses=RUNNING)


# --- what the directory's pages show ------------------------------------------------------


class CampaignName(NamedTuple):
    id: int
    name: str
    status: str


def _targeting(condition) -> list[CampaignName]:
    return [
        CampaignName(*r)
        for r in read_rows(
            sa.select(Campaign.id, Campaign.name, Campaign.status)
            .where(Campaign.id.in_(sa.select(CampaignTarget.campaign_id).where(condition)))
            .order_by(Campaign.name)
        )
    ]


def of_institution(institution_id: int) -> list[CampaignName]:
    """The campaigns that target an institution (its page in the directory)."""
    return _targeting(CampaignTarget.institution_id == institution_id)


def of_contact(contact_id: int) -> list[CampaignName]:
    """The campaigns that target a contact as their decision-maker."""
    return _targeting(CampaignTarget.contact_id == contact_id)


# --- who takes part ------------------------------------------------------------------------


class Participant(NamedTuple):
    id: int
    name: str
    guest: bool


def participants(campaign: Campaign) -> list[Participant]:
    """The coalition's current member associations, then the guests that joined. One query."""
    joined = sa.select(CampaignParticipant.association_id).where(
        CampaignParticipant.campaign_id == campaign.id
    )
    rows = read_rows(
        sa.select(Association.id, Association.name, Membership.role)
        .join(Membership, Membership.association_id == Association.id)
        .where(
            Membership.coalition_id == campaign.coalition_id,
            Membership.is_current,
            sa.or_(Membership.role == "member", Association.id.in_(joined)),
        )
        .order_by(Membership.role.desc(), Association.name)
    )
    return [Participant(r.id, r.name, r.role != "member") for r in rows]


# --- choices for the forms -----------------------------------------------------------------


def action_types(coalition_id: int) -> list[tuple[str, int | None, str]]:
    """(form value, custom type id, name) of the coalition's own kinds of action."""
    return [
        (f"t{r.id}", r.id, r.name)
        for r in db.session.execute(
            sa.select(CampaignActionType.id, CampaignActionType.name)
            .where(CampaignActionType.coalition_id == coalition_id)
            .order_by(CampaignActionType.name)
        )
    ]


def statement_choices(campaign: Campaign) -> list[tuple[int, str]]:
    """The coalition's statements not yet attached to the campaign, latest first."""
    attached = sa.select(CampaignStatement.statement_id).where(
        CampaignStatement.campaign_id == campaign.id
    )
    return [
        (r.id, r.title)
        for r in db.session.execute(
            sa.select(Statement.id, Statement.title)
            .where(Statement.coalition_id == campaign.coalition_id, Statement.id.not_in(attached))
            .order_by(Statement.id.desc())
            .limit(100)
        )
    ]


def negotiation_choices(campaign: Campaign) -> list[tuple[int, str]]:
    """The campaign's negotiation meetings, latest first (where a promise was made)."""
    return [
        (r.id, f"{local_date(r.on)} — {r.title}")  # the date in words, in the reader's language
        for r in db.session.execute(
            sa.select(CampaignStep.id, CampaignStep.on, CampaignStep.title)
            .where(CampaignStep.campaign_id == campaign.id, CampaignStep.kind == "negotiation")
            .order_by(CampaignStep.on.desc(), CampaignStep.id.desc())
        )
    ]


def campaign_of_commitments(commitment_ids: list[int]) -> dict[int, tuple[int, str]]:
    """commitment id -> (campaign id, campaign name), for the reminders' context."""
    if not commitment_ids:
        return {}
    return {
        r.commitment_id: (r.id, r.name)
        for r in read_rows(
            sa.select(CampaignCommitment.commitment_id, Campaign.id, Campaign.name)
            .join(Campaign, Campaign.id == CampaignCommitment.campaign_id)
            .where(CampaignCommitment.commitment_id.in_(commitment_ids))
        )
    }
