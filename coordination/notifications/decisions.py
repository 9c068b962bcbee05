"""Reminder kinds of the foundation: collective decisions waiting for an association.

- decision.waiting: a decision (or a new round of it) waits for your association's
  answer — due as soon as it opens, for the delegates of every member association that
  has not answered yet (and of the guest associations the decision invites to answer,
  e.g. to co-sign a statement); it covers every kind of decision, sign-offs included;
- decision.deadline: its deadline is near — due at NOTIFICATIONS_REMINDER_TIME (9:00,
  Paris time) NOTIFICATIONS_DEADLINE_DAYS (2) calendar days before the deadline's day,
  to the delegates of the associations that still have not answered. A decision opened
  after that moment gets no such reminder: its opening reminder already gave the date.
"""

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from coordination.accounts.models import User
from coordination.coalitions.models import MEMBER, Coalition, Membership
from coordination.consent import service as consent
from coordination.consent.models import OPEN, Decision, DecisionAnswer
from coordination.extensions import db
from coordination.notifications import timing
from coordination.notifications.registry import FeatureReminders, Occasion, object_link, user_ids_by

WAITING = "decision.waiting"
DEADLINE = "decision.deadline"


def _open_decisions(now: datetime, deadline_before: datetime | None = None) -> list[Decision]:
    query = sa.select(Decision).where(
        Decision.status == OPEN, Decision.deadline > now, Decision.opened_at <= now
    )
    if deadline_before is not None:
        query = query.where(Decision.deadline <= deadline_before)
    return list(db.session.scalars(query.order_by(Decision.id)))


def waiting_delegates(decisions: list[Decision]) -> dict[int, list[int]]:
    """For each decision, the active delegates of the associations that have not answered
    its current round: the member associations, and the guest associations when the
    decision invites them (e.g. to co-sign a statement). Four queries, however many."""
    if not decisions:
        return {}
    coalition_ids = {d.coalition_id for d in decisions}
    members: dict[int, set[int]] = defaultdict(set)
    guests: dict[int, set[int]] = defaultdict(set)
    for coalition_id, association_id, role in db.session.execute(
        sa.select(Membership.coalition_id, Membership.association_id, Membership.role).where(
            Membership.coalition_id.in_(coalition_ids), Membership.is_current
        )
    ):
        (members if role == MEMBER else guests)[coalition_id].add(association_id)
    answered: dict[int, set[int]] = defaultdict(set)
    for decision_id, association_id in db.session.execute(
        sa.select(DecisionAnswer.decision_id, DecisionAnswer.association_id)
        .join(Decision, Decision.id == DecisionAnswer.decision_id)
        .where(
            DecisionAnswer.decision_id.in_([d.id for d in decisions]),
            DecisionAnswer.round == Decision.round,
        )
    ):
        answered[decision_id].add(association_id)
    missing = {}
    for d in decisions:
        missing[d.id] = consent.not_answered(
            members[d.coalition_id],
            guests[d.coalition_id],
            answered[d.id],
            payload=d.payload,
            guests_may_answer=d.guests_may_answer,
        )
    associations = set().union(*missing.values())
    delegates = user_ids_by(
        associations,
        lambda ids: sa.select(User.association_id, User.id).where(
            User.association_id.in_(ids), User.active.is_(True)
        ),
    )
    return {d.id: sorted(u for a in missing[d.id] for u in delegates[a]) for d in decisions}


def _context(decision: Decision, coalition_names: dict[int, str]) -> dict:
    return {
        "decision_id": decision.id,
        "coalition_id": decision.coalition_id,
        "coalition_name": coalition_names.get(decision.coalition_id, ""),
        "title": decision.title,
        "deadline": decision.deadline,
        "round": decision.round,
    }


def _occasions(decisions: list[Decision], occasion_of) -> list[Occasion]:
    recipients = waiting_delegates(decisions)
    names = (
        dict(
            db.session.execute(
                sa.select(Coalition.id, Coalition.name).where(
                    Coalition.id.in_({d.coalition_id for d in decisions})
                )
            ).all()
        )
        if decisions
        else {}
    )
    return [
        Occasion.named_by(
            "decision", "decision_id", occasion_of(d), recipients[d.id], _context(d, names)
        )
        for d in decisions
        if recipients[d.id]
    ]


def due_waiting(now: datetime) -> list[Occasion]:
    """Every open decision, once per round, as soon as it is open."""
    return _occasions(_open_decisions(now), lambda d: f"round-{d.round}")


def deadline_reminder_at(decision: Decision) -> datetime:
    config = current_app.config
    return timing.days_before_at(
        decision.deadline,
        config["NOTIFICATIONS_DEADLINE_DAYS"],
        timing.parse_hhmm(config["NOTIFICATIONS_REMINDER_TIME"]),
    )


def due_deadline(now: datetime) -> list[Occasion]:
    """Open decisions whose reminder moment has come (a bounded window of deadlines)."""
    window = now + timedelta(days=current_app.config["NOTIFICATIONS_DEADLINE_DAYS"] + 2)
    decisions = [
        d
        for d in _open_decisions(now, deadline_before=window)
        if d.opened_at < deadline_reminder_at(d) <= now
    ]
    return _occasions(decisions, lambda d: f"deadline-{timing.local_date(d.deadline).isoformat()}")


def register() -> None:
    kinds = FeatureReminders(
        "notifications/reminders", first_order=10, link=object_link("consent.detail", "decision_id")
    )
    kinds.add(
        WAITING,
        label=_l("A collective decision waits for your association's answer"),
        description=_l("When a proposal is opened (or reopened) in one of your coalitions."),
        due=due_waiting,
        title=lambda ctx: _("Your association's answer is awaited: %(title)s", title=ctx["title"]),
    )
    kinds.add(
        DEADLINE,
        label=_l("The deadline of a decision is near and your association has not answered"),
        description=_l("Two days before the deadline, at 9:00."),
        due=due_deadline,
        title=lambda ctx: _("Deadline approaching: %(title)s", title=ctx["title"]),
    )
