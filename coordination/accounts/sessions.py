"""Server-side login sessions: the cookie carries a random key, the database its hash.

Deleting a row ends that session everywhere, including for a copied cookie, which a
signed-cookie session alone cannot do (flask-login issue 480).
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request

from coordination.accounts import reads
from coordination.accounts.models import User, UserSession
from coordination.db import utcnow
from coordination.extensions import db

# Writing last_seen on every request would turn reads into writes; once a while suffices.
TOUCH_EVERY = timedelta(minutes=5)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(user: User, *, second_factor: bool = False) -> str:
    """A new login session; `second_factor`: the login proved it (a code after the password)."""
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            key_hash=_digest(key),
            second_factor_at=utcnow() if second_factor else None,
            user_agent=(request.user_agent.string or "")[:200] if request else "",
            ip=(request.remote_addr or "")[:45] if request else "",
        )
    )
    db.session.flush()
    return key


def load_user(key: str, now: datetime | None = None) -> User | None:
    """The user behind a session key, or None when the session ended or expired."""
    if not key:
        return None
    now = now or utcnow()
    row = db.session.execute(reads.SESSION_AND_USER, {"key_hash": _digest(key)}).first()
    if row is None:
        return None
    user, session_id, created_at, last_seen_at, second_factor_at = row
    if not user.active:
        return None
    # An absolute lifetime: GET requests stay read-only (see db.py on SQLite locking).
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    if created_at + timedelta(seconds=lifetime) < now:
        return None
    if now - last_seen_at > TOUCH_EVERY and request.method not in ("GET", "HEAD"):
        db.session.execute(
            sa.update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now)
        )
    user.session_key = key
    user.session_id = session_id
    user.second_factor_passed = second_factor_at is not None
    return user


def end_session(key: str) -> None:
    db.session.execute(sa.delete(UserSession).where(UserSession.key_hash == _digest(key)))


# What else a delegate's credentials end with (the answer links of their e-mails, see
# coordination/answers): features register a function of the user here, so that accounts
# imports none of them. Each runs in the same transaction as the sessions' end.
_on_credentials_reset: list[Callable[[User], None]] = []


def on_credentials_reset(fn: Callable[[User], None]) -> None:
    """Run `fn(user)` whenever a delegate's other sessions are ended: logging out
    everywhere, changing or resetting the password, being withdrawn. Idempotent."""
    if fn not in _on_credentials_reset:
        _on_credentials_reset.append(fn)


def end_other_sessions(user: User, keep_key: str | None) -> int:
    stmt = sa.delete(UserSession).where(UserSession.user_id == user.id)
    if keep_key:
        stmt = stmt.where(UserSession.key_hash != _digest(keep_key))
    count = db.session.execute(stmt).rowcount
    for fn in _on_credentials_reset:
        fn(user)
    return count


def sessions_of(user: User) -> list[UserSession]:
    return list(
        db.session.scalars(
            sa.select(UserSession)
            .where(UserSession.user_id == user.id)
            .order_by(UserSession.last_seen_at.desc())
        )
    )
