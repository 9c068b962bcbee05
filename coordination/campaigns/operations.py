"""Campaigns: create and edit them, their targets, who takes part, and the two collective
decisions of their life — the launch, and the closing as won, lost or abandoned — taken by
consent (coordination/consent, as a statement's adoption): a member delegate proposes,
every member association answers, and the decision's effect (below) changes the
campaign's status when it passes. Suspending and resuming need no decision.

Functions flush; the caller commits once (`coordination.web.writes.perform`).
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.campaigns.models import (
    ABANDONED,
    ACTIVE,
    CLOSED,
    LOST,
    PREPARING,
    SUSPENDED,
    WON,
    Campaign,
    CampaignParticipant,
    CampaignTarget,
)
from coordination.coalitions import transparency
from coordination.coalitions.memberships import member_ids
from coordination.coalitions.models import GUEST, Coalition
from coordination.coalitions.operations import add_logged
from coordination.consent import service as consent
from coordination.consent.models import OPEN, Decision
from coordination.directory import reads as directory
from coordination.errors import Refused
from coordination.extensions import db
from coordination.timezone import local_today

LAUNCH, CLOSE = "campaign.launch", "campaign.close"
CLOSINGS = (WON, LOST, ABANDONED)


class CampaignError(Refused):
    """A refused change to a campaign, with a message for the user."""


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def refuse_duplicate(existing, refusal) -> None:
    """Refuse with `refusal` when the select `existing` (of one column) finds a row: the
    campaign already has that target, statement, commitment or kind of action."""
    if db.session.scalar(existing) is not None:
        raise CampaignError(refusal)


# --- the campaign and its targets ---------------------------------------------------------


def check_target(coalition_id: int, institution_id: int, contact_id: int | None) -> None:
    if not directory.institution_in(coalition_id, institution_id):
        raise CampaignError(_l("Choose an institution of this coalition's directory."))
    if contact_id is not None and not directory.contact_in(coalition_id, contact_id):
        raise CampaignError(_l("Choose a contact of this coalition's directory."))


def create_campaign(
    coalition,
    *,
    by,
    name: str,
    demand: str,
    institution_id: int,
    contact_id: int | None = None,
    role: str = "",
    description: str = "",
) -> Campaign:
    """A campaign in preparation, aimed at one institution (more can be added)."""
    if not name.strip() or not demand.strip():
        raise CampaignError(_l("Give the campaign a name and its demand."))
    campaign = Campaign(
        coalition_id=coalition.id,
        name=name.strip(),
        demand=demand.strip(),
        description=description.strip(),
        status=PREPARING,
        created_by_id=by.id,
        created_by_association_id=by.association_id,
    )
    db.session.add(campaign)
    db.session.flush()
    add_target(campaign, by=by, institution_id=institution_id, contact_id=contact_id, role=role)
    transparency.record(coalition.id, "campaign.created", campaign.name, user=by, obj=campaign)
    return campaign


def update_campaign(campaign: Campaign, *, by, **fields) -> Campaign:
    for key in ("name", "demand", "description"):
        if key in fields:
            setattr(campaign, key, _clean(fields[key]) or "")
    if not campaign.name or not campaign.demand:
        raise CampaignError(_l("Give the campaign a name and its demand."))
    db.session.flush()
    transparency.record(
        campaign.coalition_id, "campaign.changed", campaign.name, user=by, obj=campaign
    )
    return campaign


def add_target(
    campaign: Campaign, *, by, institution_id: int, contact_id: int | None = None, role: str = ""
) -> CampaignTarget:
    """An institution the campaign addresses, and its decision-maker (a contact, a role)."""
    check_target(campaign.coalition_id, institution_id, contact_id)
    refuse_duplicate(
        sa.select(CampaignTarget.id).where(
            CampaignTarget.campaign_id == campaign.id,
            CampaignTarget.institution_id == institution_id,
            CampaignTarget.contact_id.is_(contact_id)
            if contact_id is None
            else CampaignTarget.contact_id == contact_id,
            CampaignTarget.role == role.strip(),
        ),
        _l("The campaign already targets them."),
    )
    target = CampaignTarget(
        coalition_id=campaign.coalition_id,
        campaign_id=campaign.id,
        institution_id=institution_id,
        contact_id=contact_id,
        role=role.strip(),
    )
    db.session.add(target)
    db.session.flush()
    return target


def remove_target(target: CampaignTarget, *, by) -> None:
    others = db.session.scalar(
        sa.select(sa.func.count(CampaignTarget.id)).where(
            CampaignTarget.campaign_id == target.campaign_id, CampaignTarget.id != target.id
        )
    )
    if not others:
        raise CampaignError(_l("A campaign targets at least one institution."))
    db.session.delete(target)
    db.session.flush()


# --- who takes part: the members lead it, guests join -------------------------------------


def join(campaign: Campaign, *, by) -> CampaignParticipant:
    """A guest association of the coalition joins the campaign."""
    if by.association_id not in member_ids(campaign.coalition_id, GUEST):
        raise CampaignError(_l("Member associations already lead every campaign."))
    if campaign.is_closed:
        raise CampaignError(_l("This campaign is over."))
    row = db.session.scalar(
        sa.select(CampaignParticipant).where(
            CampaignParticipant.campaign_id == campaign.id,
            CampaignParticipant.association_id == by.association_id,
        )
    )
    if row is None:
        row = CampaignParticipant(
            coalition_id=campaign.coalition_id,
            campaign_id=campaign.id,
            association_id=by.association_id,
        )
        add_logged(row, "campaign.joined", campaign.name, by=by, obj=campaign)
    return row


def leave(campaign: Campaign, *, by) -> None:
    db.session.execute(
        sa.delete(CampaignParticipant).where(
            CampaignParticipant.campaign_id == campaign.id,
            CampaignParticipant.association_id == by.association_id,
        )
    )
    db.session.flush()


# --- the collective decisions: launch and closing -----------------------------------------


def open_decision_of(campaign: Campaign) -> Decision | None:
    return db.session.scalar(
        sa.select(Decision).where(
            Decision.coalition_id == campaign.coalition_id,
            Decision.subject_type == "Campaign",
            Decision.subject_id == campaign.id,
            Decision.status == OPEN,
        )
    )


def _propose(campaign: Campaign, kind: str, title: str, *, by, payload: dict, note: str):
    if open_decision_of(campaign) is not None:
        raise CampaignError(_l("A decision about this campaign is already open."))
    coalition = db.session.get(Coalition, campaign.coalition_id)
    return consent.open_decision(
        coalition,
        kind,
        title,
        by=by,
        payload={"campaign_id": campaign.id, **payload},
        description=(note or "").strip(),
        subject=campaign,
    )


def propose_launch(campaign: Campaign, *, by, started_on: date | None = None, note: str = ""):
    """Ask the member associations to launch the campaign (from `started_on`, else the
    day the decision passes)."""
    if campaign.status != PREPARING:
        raise CampaignError(_l("Only a campaign in preparation can be launched."))
    payload = {"started_on": started_on.isoformat() if started_on else None}
    title = str(_l("Launch the campaign “%(name)s”", name=campaign.name))
    return _propose(campaign, LAUNCH, title, by=by, payload=payload, note=note)


def propose_closing(campaign: Campaign, *, by, outcome: str, note: str = ""):
    """Ask the member associations to close the campaign as won, lost or abandoned."""
    if outcome not in CLOSINGS:
        raise CampaignError(_l("Choose how the campaign ends."))
    if campaign.status in CLOSED:
        raise CampaignError(_l("This campaign is over."))
    titles = {
        WON: _l("Close the campaign “%(name)s”: won"),
        LOST: _l("Close the campaign “%(name)s”: lost"),
        ABANDONED: _l("Close the campaign “%(name)s”: abandoned"),
    }
    title = str(titles[outcome]) % {"name": campaign.name}
    payload = {"outcome": outcome, "note": (note or "").strip()}
    return _propose(campaign, CLOSE, title, by=by, payload=payload, note=note)


def _campaign_of(decision: Decision) -> Campaign | None:
    campaign = db.session.get(Campaign, decision.payload.get("campaign_id"))
    if campaign is None or campaign.coalition_id != decision.coalition_id:
        return None
    return campaign


def _launched(decision: Decision) -> None:
    campaign = _campaign_of(decision)
    if campaign is None or campaign.status != PREPARING:
        return
    started = decision.payload.get("started_on")
    campaign.status = ACTIVE
    campaign.started_on = date.fromisoformat(started) if started else local_today()
    db.session.flush()
    transparency.record(campaign.coalition_id, "campaign.launched", campaign.name, obj=decision)


def _closed(decision: Decision) -> None:
    campaign = _campaign_of(decision)
    if campaign is None or campaign.is_closed:
        return
    campaign.status = decision.payload["outcome"]
    campaign.closed_on = local_today()
    campaign.outcome_note = decision.payload.get("note", "")
    db.session.flush()
    transparency.record(campaign.coalition_id, "campaign.closed", campaign.name, obj=decision)


def _switch(campaign: Campaign, by, was: str, becomes: str, action: str, refusal):
    """`campaign` from status `was` to `becomes` (else `refusal`), logged as `action`."""
    if campaign.status != was:
        raise CampaignError(refusal)
    campaign.status = becomes
    db.session.flush()
    transparency.record(campaign.coalition_id, action, campaign.name, user=by, obj=campaign)
    return campaign


def suspend(campaign: Campaign, *, by) -> Campaign:
    refusal = _l("Only a campaign in progress can be suspended.")
    return _switch(campaign, by, ACTIVE, SUSPENDED, "campaign.suspended", refusal)


def resume(campaign: Campaign, *, by) -> Campaign:
    refusal = _l("Only a suspended campaign can resume.")
    return _switch(campaign, by, SUSPENDED, ACTIVE, "campaign.resumed", refusal)


def register_decision_kinds() -> None:
    consent.register_kind(LAUNCH, _l("Campaign launch"), on_passed=_launched)
    consent.register_kind(CLOSE, _l("Campaign closing"), on_passed=_closed)
