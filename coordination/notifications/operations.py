"""Creating notifications from the reminder kinds, and reading them in the app.

`collect_due(now)` asks every reminder kind what is due now and creates one notification
per (kind, object, recipient, occasion) key, exactly once: the key is UNIQUE and inserted
with ON CONFLICT DO NOTHING, so concurrent sweeps computing the same reminders create it
once between them. A notification for a delegate who wants e-mails at once gets its
EmailDelivery in the same transaction; digest-mode ones wait for the daily digest.

Functions flush or execute; the caller (job, command, view) commits.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import g
from flask_login import current_user

from coordination.accounts.models import User
from coordination.db import read_scalar, utcnow
from coordination.extensions import db
from coordination.notifications import preferences, reads
from coordination.notifications.models import (
    IMMEDIATE,
    PENDING,
    SINGLE,
    EmailDelivery,
    Notification,
)
from coordination.notifications.registry import reminder_kinds

log = logging.getLogger("coordination.notifications")

CHUNK = 500


def insert_ignoring_conflicts(model, *conflict_columns: str):
    """INSERT … ON CONFLICT (cols) DO NOTHING, on SQLite and PostgreSQL."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the project supports these two engines
        raise RuntimeError(f"unsupported database {dialect}")
    return insert(model).on_conflict_do_nothing(index_elements=list(conflict_columns))


def queue_delivery(key: str, kind: str, user_id: int, now: datetime) -> int | None:
    """Queue one e-mail for the outbox, once per key: the new delivery's id, or None when
    that key is already queued (by another sweep, or an earlier run)."""
    return db.session.execute(
        insert_ignoring_conflicts(EmailDelivery, "key")
        .values(
            key=key,
            kind=kind,
            user_id=user_id,
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            claimed_by="",
            message_id="",
            last_error="",
        )
        .returning(EmailDelivery.id)
    ).scalar_one_or_none()


def notification_key(
    kind: str, object_type: str, object_id: int | None, user_id: int, occasion: str
) -> str:
    key = f"{kind}/{object_type}:{object_id}/u{user_id}/{occasion}"
    if len(key) > 240:  # readable when possible, unique always, room for a prefix
        key = key[:199] + "#" + hashlib.sha256(key.encode()).hexdigest()[:40]
    return key


def single_delivery_key(notification_key_: str) -> str:
    return "mail/" + notification_key_


def jsonable(value):
    """Context values as JSON: dates and datetimes become ISO strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class _Candidate:
    key: str
    kind: object
    user_id: int
    occasion: object
    context: dict


def _existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        found.update(
            db.session.scalars(sa.select(Notification.key).where(Notification.key.in_(chunk)))
        )
    return found


def _active_users(user_ids: set[int]) -> set[int]:
    active: set[int] = set()
    ids = sorted(user_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        active.update(
            db.session.scalars(sa.select(User.id).where(User.id.in_(chunk), User.active.is_(True)))
        )
    return active


def collect_due(now: datetime | None = None, cadence: str | None = None) -> int:
    """Create the notifications that are due now; returns how many were created."""
    now = now or utcnow()
    candidates: dict[str, _Candidate] = {}
    for kind in reminder_kinds(cadence):
        try:  # a failing kind is logged and skipped; the others still remind
            with db.session.begin_nested():
                occasions = list(kind.due(now))
        except Exception:
            log.exception("reminder kind %s failed", kind.key)
            continue
        for occasion in occasions:
            if len(occasion.occasion) > 80:
                raise ValueError(f"occasion key too long: {occasion.occasion!r}")
            context = jsonable(dict(occasion.context))
            for user_id in set(occasion.recipients):
                key = notification_key(
                    kind.key, occasion.object_type, occasion.object_id, user_id, occasion.occasion
                )
                candidates.setdefault(key, _Candidate(key, kind, user_id, occasion, context))
    if not candidates:
        return 0
    existing = _existing_keys(list(candidates))
    fresh = [c for key, c in sorted(candidates.items()) if key not in existing]
    if not fresh:
        return 0
    user_ids = {c.user_id for c in fresh}
    active = _active_users(user_ids)
    choices = preferences.choices_for(user_ids)
    created = 0
    # Keys in sorted order: concurrent sweeps take the unique-index locks in the same order.
    for c in fresh:
        if c.user_id not in active or not choices.enabled(c.user_id, c.kind):
            continue
        mode = choices.mode(c.user_id)
        notification_id = db.session.execute(
            insert_ignoring_conflicts(Notification, "key")
            .values(
                key=c.key,
                kind=c.kind.key,
                user_id=c.user_id,
                coalition_id=c.occasion.coalition_id,
                object_type=c.occasion.object_type,
                object_id=c.occasion.object_id,
                occasion=c.occasion.occasion,
                context=c.context,
                mode=mode,
                created_at=now,
            )
            .returning(Notification.id)
        ).scalar_one_or_none()
        if notification_id is None:
            continue  # another sweep created it first
        created += 1
        if mode == IMMEDIATE:
            delivery_id = queue_delivery(single_delivery_key(c.key), SINGLE, c.user_id, now)
            db.session.execute(
                sa.update(Notification)
                .where(Notification.id == notification_id)
                .values(delivery_id=delivery_id)
            )
    if created:
        log.info("%d notification(s) created", created)
    return created


# --- reading them in the app ------------------------------------------------------------


def unread_count(user_id: int) -> int:
    return read_scalar(reads.UNREAD, {"user_id": user_id})


def current_unread_count() -> int:
    """For the header: computed once per request, only for a logged-in delegate."""
    if not current_user or not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(current_user.id)
    return g.unread_notifications


def page_of(user_id: int, page: int, per_page: int = 30) -> tuple[list[Notification], bool]:
    """A page of the delegate's notifications, newest first, and whether more follow."""
    rows = db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    ).all()
    return list(rows[:per_page]), len(rows) > per_page


def mark_read(notification: Notification, now: datetime | None = None) -> None:
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        db.session.flush()


def mark_all_read(user_id: int, now: datetime | None = None) -> int:
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    )
    return result.rowcount
