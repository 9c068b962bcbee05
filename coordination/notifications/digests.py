"""Daily digests: a delegate's waiting digest-mode notifications grouped into one e-mail.

A digest is an EmailDelivery keyed "digest/u<user>/<local date>": at most one a day per
delegate, holding what happened before that day's digest hour (NOTIFICATIONS_DIGEST_TIME,
Paris time). Only the transaction that inserts that key attaches the waiting
notifications to it, so two digest runs at once never split nor double a delegate's
digest. Events after the digest hour wait for the next day's.
"""

import logging
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from coordination.db import utcnow
from coordination.extensions import db
from coordination.notifications import timing
from coordination.notifications.models import DIGEST, EmailDelivery, Notification
from coordination.notifications.operations import queue_delivery

log = logging.getLogger("coordination.notifications")


def digest_key(user_id: int, day) -> str:
    return f"digest/u{user_id}/{day.isoformat()}"


def digest_time():
    return timing.parse_hhmm(current_app.config["NOTIFICATIONS_DIGEST_TIME"])


def cutoff_of(now: datetime) -> datetime:
    """Today's digest hour (local time): today's digest holds what happened before it."""
    return timing.at_local_time(timing.local_date(now), digest_time())


def build_digests(now: datetime | None = None, *, force: bool = False) -> int:
    """Create today's digest for every delegate with digest-mode notifications created
    before today's digest hour and not yet in a digest. Before that hour nothing happens;
    after it, a late run catches up. `force` takes everything up to now. Returns how many
    digests were created."""
    now = now or utcnow()
    cutoff = now if force else cutoff_of(now)
    if now < cutoff:
        return 0
    day = timing.local_date(now)
    waiting = (
        Notification.mode == DIGEST,
        Notification.delivery_id.is_(None),
        Notification.created_at <= cutoff,
    )
    user_ids = sorted(
        db.session.scalars(sa.select(Notification.user_id).where(*waiting).distinct())
    )
    if not user_ids:
        return 0
    keys = {digest_key(user_id, day): user_id for user_id in user_ids}
    done = set(db.session.scalars(sa.select(EmailDelivery.key).where(EmailDelivery.key.in_(keys))))
    created = 0
    for key, user_id in keys.items():
        if key in done:
            continue  # today's digest is built (maybe sent): newer events wait for tomorrow
        delivery_id = queue_delivery(key, DIGEST, user_id, now)
        if delivery_id is None:
            continue  # another run built it
        db.session.execute(
            sa.update(Notification)
            .where(Notification.user_id == user_id, *waiting)
            .values(delivery_id=delivery_id)
        )
        created += 1
    if created:
        log.info("%d digest(s) built for %s", created, day)
    return created
