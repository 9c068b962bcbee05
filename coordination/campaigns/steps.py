"""The steps of a campaign: negotiation meetings with the institution (who went for which
association, who was met, what was said, what was promised) and actions (a letter, a
rally, a press article, a petition, or a type the coalition adds); the promises — each a
commitment of the commitments feature, created through its operations and linked to the
campaign; the joint statements that serve it.

Functions flush; the caller commits once.
"""

from datetime import date, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from coordination.campaigns.models import (
    ACTION,
    BUILTIN_ACTION_TYPES,
    NEGOTIATION,
    STEP_KINDS,
    Campaign,
    CampaignActionType,
    CampaignCommitment,
    CampaignDelegation,
    CampaignStatement,
    CampaignStep,
    web_links,
)
from coordination.campaigns.operations import CampaignError, refuse_duplicate
from coordination.coalitions import transparency
from coordination.coalitions.models import Coalition
from coordination.coalitions.operations import add_logged
from coordination.commitments import operations as commitments
from coordination.commitments.models import Commitment
from coordination.directory import reads as directory
from coordination.extensions import db
from coordination.statements.models import Statement


def _check_running(campaign: Campaign) -> None:
    if campaign.is_closed:
        raise CampaignError(_l("This campaign is over: its story is written."))


def _action_type(coalition_id: int, value: str | None) -> tuple[str | None, int | None]:
    """A form's action type value ("letter", or "t12" for the coalition's type 12)."""
    if value in BUILTIN_ACTION_TYPES:
        return value, None
    if value and value.startswith("t") and value[1:].isdigit():
        row = db.session.get(CampaignActionType, int(value[1:]))
        if row is not None and row.coalition_id == coalition_id:
            return None, row.id
    raise CampaignError(_l("Choose the kind of action."))


def record_step(
    campaign: Campaign,
    *,
    by,
    kind: str,
    on: date,
    title: str,
    at: time | None = None,
    text: str = "",
    met: str = "",
    place: str = "",
    links: str = "",
    institution_id: int | None = None,
    action_type: str | None = None,
    delegations: dict[int, str] | None = None,
) -> CampaignStep:
    """A negotiation meeting or an action, past or planned (a date ahead is the next step
    the calendar shows). `delegations`: association id -> who went for it."""
    _check_running(campaign)
    if kind not in STEP_KINDS:
        raise CampaignError(_l("Unknown kind of step."))
    if not title.strip():
        raise CampaignError(_l("Say in a few words what this step is."))
    if not web_links(links):
        raise CampaignError(_l("Each link starts with https://."))
    if institution_id is not None and not directory.institution_in(
        campaign.coalition_id, institution_id
    ):
        raise CampaignError(_l("Choose an institution of this coalition's directory."))
    builtin, type_id = (
        _action_type(campaign.coalition_id, action_type)
        if kind == ACTION
        else (
            None,
            None,
        )
    )
    step = CampaignStep(
        coalition_id=campaign.coalition_id,
        campaign_id=campaign.id,
        kind=kind,
        on=on,
        at=at,
        title=title.strip(),
        action_type=builtin,
        action_type_id=type_id,
        institution_id=institution_id,
        met=met.strip(),
        place=place.strip(),
        text=text.strip(),
        links=links.strip(),
        created_by_id=by.id,
        created_by_association_id=by.association_id,
    )
    db.session.add(step)
    db.session.flush()
    for association_id, people in (delegations or {}).items():
        if people and people.strip():
            db.session.add(
                CampaignDelegation(
                    coalition_id=campaign.coalition_id,
                    step_id=step.id,
                    association_id=association_id,
                    people=people.strip()[:300],
                )
            )
    db.session.flush()
    code = "campaign.negotiation" if kind == NEGOTIATION else "campaign.action"
    transparency.record(campaign.coalition_id, code, step.title, user=by, obj=campaign)
    return step


def promise(
    campaign: Campaign,
    *,
    by,
    title: str,
    institution_id: int,
    promised_on: date,
    step: CampaignStep | None = None,
    due_on: date | None = None,
    promised_by: str = "",
    contact_id: int | None = None,
) -> Commitment:
    """What the institution promised the campaign: a commitment (through the commitments'
    operations), linked to the campaign and to the negotiation meeting it was made at."""
    _check_running(campaign)
    if step is not None and step.campaign_id != campaign.id:
        raise CampaignError(_l("Choose a step of this campaign."))
    coalition = _coalition_ref(campaign)
    commitment = commitments.create_commitment(
        coalition,
        by=by,
        title=title,
        institution_id=institution_id,
        promised_on=promised_on,
        due_on=due_on,
        promised_by=promised_by,
        contact_id=contact_id,
        context=step.title if step is not None else campaign.name,
    )
    link(campaign, commitment, step=step)
    return commitment


def _coalition_ref(campaign: Campaign) -> Coalition:
    return db.session.get(Coalition, campaign.coalition_id)


def link(campaign: Campaign, commitment: Commitment, *, step=None) -> CampaignCommitment:
    """Attach a commitment of the coalition to the campaign (at most one campaign each)."""
    if commitment.coalition_id != campaign.coalition_id:
        raise CampaignError(_l("Choose a commitment of this coalition."))
    refuse_duplicate(
        sa.select(CampaignCommitment.campaign_id).where(
            CampaignCommitment.commitment_id == commitment.id
        ),
        _l("This commitment already belongs to a campaign."),
    )
    row = CampaignCommitment(
        coalition_id=campaign.coalition_id,
        campaign_id=campaign.id,
        commitment_id=commitment.id,
        step_id=step.id if step is not None else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def attach_statement(campaign: Campaign, *, by, statement_id: int) -> CampaignStatement:
    statement = db.session.get(Statement, statement_id)
    if statement is None or statement.coalition_id != campaign.coalition_id:
        raise CampaignError(_l("Choose a statement of this coalition."))
    refuse_duplicate(
        sa.select(CampaignStatement.id).where(
            CampaignStatement.campaign_id == campaign.id,
            CampaignStatement.statement_id == statement_id,
        ),
        _l("This statement is already attached."),
    )
    row = CampaignStatement(
        coalition_id=campaign.coalition_id, campaign_id=campaign.id, statement_id=statement_id
    )
    return add_logged(row, "campaign.statement_attached", statement.title, by=by, obj=campaign)


def add_action_type(coalition, *, by, name: str) -> CampaignActionType:
    """A kind of action the coalition uses beside letters, rallies, press and petitions."""
    name = " ".join(name.split())
    if not name:
        raise CampaignError(_l("Name the kind of action."))
    refuse_duplicate(
        sa.select(CampaignActionType.id).where(
            CampaignActionType.coalition_id == coalition.id,
            sa.func.lower(CampaignActionType.name) == name.lower(),
        ),
        _l("This kind of action already exists."),
    )
    row = CampaignActionType(coalition_id=coalition.id, name=name[:80])
    db.session.add(row)
    db.session.flush()
    return row
