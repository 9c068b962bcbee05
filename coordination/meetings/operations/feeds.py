"""Private calendar feeds: secret per-delegate tokens (stored hashed), the meetings a
feed shows and the site's base URL for the links in it."""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from coordination.accounts.models import User
from coordination.coalitions.models import GUEST, MEMBER
from coordination.coalitions.operations import roles_of
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.models import (
    CalendarFeed,
    Meeting,
    MeetingGuest,
)

# --- private calendar feeds -------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(user: User) -> str:
    """A new secret feed address for `user` (any earlier one stops working)."""
    token = secrets.token_urlsafe(32)
    feed = db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id)
    ).first()
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=_digest(token))
        db.session.add(feed)
    else:
        feed.token_hash = _digest(token)
        feed.created_at = utcnow()
        feed.last_used_at = None
    db.session.flush()
    return token


def revoke_feed(user: User) -> bool:
    result = db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    return result.rowcount > 0


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id)
    ).first()


def feed_user(token: str) -> User | None:
    """The active delegate behind a feed token, or None."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.token_hash == _digest(token))
    ).first()
    if feed is None or not feed.user.active or feed.user.withdrawn_at is not None:
        return None
    now = utcnow()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        feed.last_used_at = now
    return feed.user


# Who may see a meeting: its coalition's members; a guest association only the meetings
# it is invited to. A condition with parameters (see visibility()), built once.
VISIBLE = sa.or_(
    Meeting.coalition_id.in_(sa.bindparam("member_of", expanding=True)),
    sa.and_(
        Meeting.coalition_id.in_(sa.bindparam("guest_of", expanding=True)),
        sa.select(MeetingGuest.id)
        .where(
            MeetingGuest.meeting_id == Meeting.id,
            MeetingGuest.association_id == sa.bindparam("viewer_association_id"),
        )
        .exists(),
    ),
)


def visibility(association_id: int) -> dict:
    """The parameters of VISIBLE for this association."""
    roles = roles_of(association_id)
    return {
        "viewer_association_id": association_id,
        "member_of": [cid for cid, role in roles.items() if role == MEMBER] or [-1],
        "guest_of": [cid for cid, role in roles.items() if role == GUEST] or [-1],
    }


def meetings_for_association(association_id: int, *, since: datetime | None = None):
    """Meetings the association may see, in every coalition it takes part in."""
    stmt = sa.select(Meeting).where(VISIBLE, Meeting.starts_at.is_not(None))
    if since is not None:
        stmt = stmt.where(Meeting.starts_at >= since)
    return stmt.params(**visibility(association_id))


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")
