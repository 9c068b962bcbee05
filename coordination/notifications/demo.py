"""Demo data: the reminders due when the demo world is loaded, varied delivery choices;
and, for `flask demo generate`, a history of notifications and sent e-mails."""

from datetime import timedelta

import sqlalchemy as sa

from coordination.coalitions.models import Coalition
from coordination.consent.models import Decision
from coordination.extensions import db
from coordination.notifications import preferences
from coordination.notifications.decisions import WAITING
from coordination.notifications.models import DIGEST, IMMEDIATE, SENT, SINGLE, EmailDelivery
from coordination.notifications.models import Notification as NotificationModel
from coordination.notifications.operations import collect_due, notification_key
from coordination.web.outbox import deterministic_message_id


def load(world) -> None:
    # An English-speaking delegate who prefers one e-mail a day.
    thomas = world.delegates.get("thomas.nguyen@entraide.example")
    if thomas is not None:
        preferences.set_mode(thomas.id, DIGEST)
    collect_due()


def generate(ctx) -> None:
    """About 15 past notifications per delegate (two thirds read), each with its sent
    e-mail: the list page and the unread count in the header under realistic volume."""
    rng, now = ctx.rng, ctx.now
    decisions: dict[int, list[tuple[int, str]]] = {}
    for decision_id, coalition_id, title in db.session.execute(
        sa.select(Decision.id, Decision.coalition_id, Decision.title).where(
            Decision.coalition_id.in_(ctx.coalition_ids)
        )
    ):
        decisions.setdefault(coalition_id, []).append((decision_id, title))
    names = dict(
        db.session.execute(
            sa.select(Coalition.id, Coalition.name).where(Coalition.id.in_(ctx.coalition_ids))
        ).all()
    )
    planned = []
    for coalition_id in ctx.coalition_ids:
        for user_id in ctx.delegates_of_coalition(coalition_id):
            for k in range(min(15, len(decisions.get(coalition_id, [])))):
                decision_id, title = decisions[coalition_id][k]
                key = notification_key(WAITING, "decision", decision_id, user_id, "round-1")
                at = now - timedelta(days=k * 3, hours=rng.randrange(24))
                planned.append((key, user_id, coalition_id, decision_id, title, at))
    ctx.insert(
        EmailDelivery,
        (
            {
                "key": "mail/" + key,
                "kind": SINGLE,
                "user_id": user_id,
                "status": SENT,
                "attempts": 1,
                "next_attempt_at": at,
                "claimed_by": "generated",
                "created_at": at,
                "sent_at": at,
                "message_id": deterministic_message_id("mail/" + key),
                "last_error": "",
            }
            for key, user_id, _c, _d, _t, at in planned
        ),
    )
    delivery_ids = dict(
        db.session.execute(
            sa.select(EmailDelivery.key, EmailDelivery.id).where(
                EmailDelivery.claimed_by == "generated",
                EmailDelivery.created_at >= now - timedelta(days=60),
            )
        ).all()
    )
    ctx.insert(
        NotificationModel,
        (
            {
                "key": key,
                "kind": WAITING,
                "user_id": user_id,
                "coalition_id": coalition_id,
                "object_type": "decision",
                "object_id": decision_id,
                "occasion": "round-1",
                "context": {
                    "decision_id": decision_id,
                    "coalition_id": coalition_id,
                    "coalition_name": names.get(coalition_id, ""),
                    "title": title,
                    "deadline": None,
                    "round": 1,
                },
                "mode": IMMEDIATE,
                "created_at": at,
                "read_at": at + timedelta(hours=2) if rng.random() < 0.66 else None,
                "delivery_id": delivery_ids.get("mail/" + key),
            }
            for key, user_id, coalition_id, decision_id, title, at in planned
        ),
    )


def register_demo() -> None:
    from coordination.demo.generate import register_generator
    from coordination.demo.registry import register_demo_loader

    register_demo_loader(90, load)
    register_generator(90, generate)
