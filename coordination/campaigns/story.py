"""The campaigns' own timeline sources (see timeline.py): each runs a fixed number of
queries whatever the campaign's length.

- "negotiation" and "action": the campaign's steps (1 query), who went for which
  association (1 query);
- "commitment": each promise made to the campaign, each of its follow-ups (kept, broken,
  postponed: from which due date to which), its due date still ahead or its overdue state
  (2 queries);
- "statement": attached statements, their adoption and their fate (2 queries);
- "decision": the start, the collective decisions of launch and closing, the outcome
  (1 query).
"""

from dataclasses import replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from coordination.campaigns import labels
from coordination.campaigns.models import (
    ACTION,
    NEGOTIATION,
    CampaignActionType,
    CampaignCommitment,
    CampaignDelegation,
    CampaignStatement,
    CampaignStep,
)
from coordination.campaigns.operations import CLOSE, LAUNCH
from coordination.campaigns.timeline import Entry, register_timeline_source
from coordination.coalitions.models import Association
from coordination.commitments.deadlines import BROKEN, KEPT, PARTIAL, PENDING, is_overdue
from coordination.commitments.filters import due_date_moved
from coordination.commitments.models import Commitment, CommitmentFollowUp
from coordination.consent.models import BLOCKED, PASSED, WITHDRAWN, Decision
from coordination.db import columns_of, read_rows
from coordination.directory.filters import labeller
from coordination.directory.models import Institution
from coordination.statements.models import EVENT_LABELS, Statement, StatementEvent
from coordination.timezone import to_local

FOLLOW_UP_LABELS = {
    PENDING: _l("Promise pending again"),
    KEPT: _l("Promise kept"),
    PARTIAL: _l("Promise partly kept"),
    BROKEN: _l("Promise broken"),
}
follow_up_label = labeller("campaign follow-up", FOLLOW_UP_LABELS)
statement_event_label = labeller("statement event", EVENT_LABELS)


# --- steps: negotiation meetings and actions ------------------------------------------------


def _steps(campaign, kind: str) -> list[Entry]:
    rows = read_rows(
        sa.select(
            *columns_of(CampaignStep, "id kind on at title action_type"),
            CampaignActionType.name.label("type_name"),
            Institution.name.label("institution"),
            *columns_of(CampaignStep, "met place text links"),
        )
        .outerjoin(CampaignActionType, CampaignActionType.id == CampaignStep.action_type_id)
        .outerjoin(Institution, Institution.id == CampaignStep.institution_id)
        .where(CampaignStep.campaign_id == campaign.id, CampaignStep.kind == kind)
    )
    if not rows:
        return []
    who: dict[int, list[str]] = {}
    for step_id, name, people in read_rows(
        sa.select(CampaignDelegation.step_id, Association.name, CampaignDelegation.people)
        .join(Association, Association.id == CampaignDelegation.association_id)
        .where(CampaignDelegation.step_id.in_([r.id for r in rows]))
        .order_by(CampaignDelegation.id)
    ):
        who.setdefault(step_id, []).append(_("For %(name)s: %(people)s", name=name, people=people))
    entries = []
    for r in rows:
        lines = list(who.get(r.id, []))
        if r.institution:
            lines.insert(0, _("With: %(institution)s", institution=r.institution))
        if r.met:
            lines.append(_("Met: %(who)s", who=r.met))
        if r.place:
            lines.append(_("Where: %(place)s", place=r.place))
        if r.kind == NEGOTIATION:
            label = labels.step_label(NEGOTIATION)
        else:
            label = r.type_name or labels.action_type_label(r.action_type)
        entries.append(
            Entry(
                on=r.on,
                at=r.at,
                kind=kind,
                title=r.title,
                label=label,
                text=r.text,
                lines=tuple(lines),
                links=tuple(line.strip() for line in r.links.splitlines() if line.strip()),
                status=kind,
                uid=f"campaign-step-{r.id}",
                rank=20,
                calendar=True,
            )
        )
    return entries


def negotiations(campaign, today: date) -> list[Entry]:
    return _steps(campaign, NEGOTIATION)


def actions(campaign, today: date) -> list[Entry]:
    return _steps(campaign, ACTION)


# --- promises and their follow-ups ----------------------------------------------------------


def promises(campaign, today: date) -> list[Entry]:
    rows = read_rows(
        sa.select(
            *columns_of(Commitment, "id title promised_on promised_by due_on status"),
            Institution.name.label("institution"),
        )
        .join(CampaignCommitment, CampaignCommitment.commitment_id == Commitment.id)
        .join(Institution, Institution.id == Commitment.institution_id)
        .where(CampaignCommitment.campaign_id == campaign.id)
    )
    if not rows:
        return []
    titles = {r.id: r.title for r in rows}
    entries = []
    for r in rows:
        url = ("commitments.commitment", {"commitment_id": r.id})
        lines = [_("Promised by: %(who)s", who=r.promised_by)] if r.promised_by else []
        lines.append(_("Institution: %(name)s", name=r.institution))
        if r.due_on:
            lines.append(_("To be done by %(date)s", date=_long(r.due_on)))
        promise = Entry(
            on=r.promised_on,
            kind="commitment",
            title=r.title,
            label=_("Promise"),
            lines=tuple(lines),
            status=r.status,
            url=url,
            uid=f"campaign-promise-{r.id}",
            rank=30,
        )
        entries.append(promise)
        deadline = _deadline(r, today)
        if deadline is not None:  # the same promise, on the day it is due or overdue
            on, label, status, calendar = deadline
            uid = f"campaign-promise-{status}-{r.id}"
            changes = {"on": on, "label": label, "status": status, "calendar": calendar}
            entries.append(replace(promise, lines=(), uid=uid, rank=35, **changes))
    for f in read_rows(
        sa.select(
            *columns_of(
                CommitmentFollowUp,
                "id commitment_id happened_on note new_status old_due_on new_due_on",
            ),
        )
        .where(CommitmentFollowUp.commitment_id.in_(list(titles)))
        .order_by(CommitmentFollowUp.id)
    ):
        if f.new_status:
            label = follow_up_label(f.new_status)
        elif f.new_due_on:
            label = _("Promise postponed")
        else:
            label = _("Promise followed up")
        entries.append(
            Entry(
                on=f.happened_on,
                kind="commitment",
                title=titles[f.commitment_id],
                label=label,
                text=f.note,
                lines=(due_date_moved(f.old_due_on, f.new_due_on),) if f.new_due_on else (),
                status=f.new_status or ("rescheduled" if f.new_due_on else ""),
                url=("commitments.commitment", {"commitment_id": f.commitment_id}),
                uid=f"campaign-follow-up-{f.id}",
                rank=40,
            )
        )
    return entries


def _deadline(promise, today: date) -> tuple[date, str, str, bool] | None:
    """(day, label, status, worth a calendar entry) of a promise's due date still ahead, or
    of its overdue state from the day after the due date; None when neither."""
    if promise.due_on and promise.status == PENDING and promise.due_on >= today:
        return promise.due_on, _("Promise due"), "due", True
    if is_overdue(promise.due_on, promise.status, today):
        return promise.due_on + timedelta(days=1), _("Promise overdue"), "overdue", False
    return None


def _long(day: date) -> str:
    return format_date(day, "long")


# --- statements and their fate ---------------------------------------------------------------


def statements(campaign, today: date) -> list[Entry]:
    rows = read_rows(
        sa.select(Statement.id, Statement.title, Statement.recipient, Statement.adopted_at)
        .join(CampaignStatement, CampaignStatement.statement_id == Statement.id)
        .where(CampaignStatement.campaign_id == campaign.id)
    )
    if not rows:
        return []
    titles = {r.id: r.title for r in rows}
    entries = [
        Entry(
            on=to_local(r.adopted_at).date(),
            kind="statement",
            title=r.title,
            label=_("Joint statement adopted"),
            lines=(_("To: %(recipient)s", recipient=r.recipient),) if r.recipient else (),
            status="adopted",
            url=("statements.show", {"statement_id": r.id}),
            uid=f"campaign-statement-{r.id}",
            rank=10,
        )
        for r in rows
        if r.adopted_at is not None
    ]
    for e in read_rows(
        sa.select(
            *columns_of(StatementEvent, "id statement_id kind on note"),
        ).where(StatementEvent.statement_id.in_(list(titles)))
    ):
        entries.append(
            Entry(
                on=e.on,
                kind="statement",
                title=titles[e.statement_id],
                label=statement_event_label(e.kind),
                text=e.note,
                status=e.kind,
                url=("statements.show", {"statement_id": e.statement_id}),
                uid=f"campaign-statement-event-{e.id}",
                rank=15,
            )
        )
    return entries


# --- the start, the collective decisions, the outcome -------------------------------------


DECISION_LABELS = {
    (LAUNCH, "open"): _l("Launch proposed to the associations"),
    (LAUNCH, PASSED): _l("Launch decided together"),
    (LAUNCH, BLOCKED): _l("Launch blocked by an objection"),
    (CLOSE, "open"): _l("Closing proposed to the associations"),
    (CLOSE, PASSED): _l("Closing decided together"),
    (CLOSE, BLOCKED): _l("Closing blocked by an objection"),
}
decision_label = labeller("campaign decision", DECISION_LABELS)


def _day(moment: datetime) -> date:
    return to_local(moment).date()


def decisions(campaign, today: date) -> list[Entry]:
    entries = []
    for d in read_rows(
        sa.select(
            *columns_of(Decision, "id kind title status opened_at closed_at"),
        ).where(
            Decision.coalition_id == campaign.coalition_id,
            Decision.subject_type == "Campaign",
            Decision.subject_id == campaign.id,
            Decision.status != WITHDRAWN,
        )
    ):
        url = ("consent.detail", {"decision_id": d.id})
        entries.append(
            Entry(
                on=_day(d.opened_at),
                kind="decision",
                title=d.title,
                label=decision_label((d.kind, "open")),
                url=url,
                uid=f"campaign-decision-{d.id}",
                rank=50,
            )
        )
        if d.status in (PASSED, BLOCKED) and d.closed_at is not None:
            entries.append(
                Entry(
                    on=_day(d.closed_at),
                    kind="decision",
                    title=d.title,
                    label=decision_label((d.kind, d.status)),
                    status=d.status,
                    url=url,
                    uid=f"campaign-decision-{d.id}-{d.status}",
                    rank=80,
                )
            )
    if campaign.started_on:
        entries.append(
            Entry(
                on=campaign.started_on,
                kind="decision",
                title=campaign.demand,
                label=_("Start of the campaign"),
                status="active",
                uid=f"campaign-start-{campaign.id}",
                rank=0,
            )
        )
    if campaign.is_closed and campaign.closed_on:
        entries.append(
            Entry(
                on=campaign.closed_on,
                kind="decision",
                title=campaign.demand,
                label=_("Outcome: %(status)s", status=labels.status_label(campaign.status)),
                text=campaign.outcome_note,
                status=campaign.status,
                uid=f"campaign-outcome-{campaign.id}",
                rank=90,
            )
        )
    return entries


def register() -> None:
    register_timeline_source("negotiation", _l("Negotiation meetings"), negotiations, order=10)
    register_timeline_source("action", _l("Actions"), actions, order=20)
    register_timeline_source("commitment", _l("Promises"), promises, order=30)
    register_timeline_source("statement", _l("Statements"), statements, order=40)
    register_timeline_source("decision", _l("Decisions and outcome"), decisions, order=90)
