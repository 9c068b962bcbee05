"""Private calendar feeds: secret per-delegate tokens (stored hashed) and the site's base
URL for the links in a feed. The meetings a feed shows: reads.meetings_for_association."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from coordination.accounts.models import User
from coordination.db import utcnow
from coordination.extensions import db
from coordination.meetings.models import CalendarFeed

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


def feed_of_token(token: str) -> CalendarFeed | None:
    """The feed behind a token, if its delegate is still active (reads only)."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.token_hash == _digest(token))
    ).first()
    if feed is None or not feed.user.active or feed.user.withdrawn_at is not None:
        return None
    return feed


def feed_user(token: str) -> User | None:
    """The active delegate behind a feed token, or None; notes when it was last used."""
    feed = feed_of_token(token)
    if feed is None:
        return None
    now = utcnow()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        feed.last_used_at = now
    return feed.user
