"""Answer links: answering for one's association from an e-mail, without logging in.

Why a table of links with hashed random tokens, and not a stateless signed token
(itsdangerous) plus a revocation list:

- A link must stop working on events the token cannot know about: the delegate logs out
  everywhere or changes password (sessions are rows in the database here, with no
  per-user stamp a signature could carry), is withdrawn, or their association leaves.
  With one row per link, revoking is one UPDATE of that delegate's rows, and the
  moment of revocation is recorded; a stateless token would need the same table anyway
  (the "stored hash for revocation") plus a signing key whose rotation kills every link.
- The URL carries 256 random bits and nothing else secret: no user id, no expiry to
  decode. Only the SHA-256 of the token is stored, exactly as for invitations and
  password resets (accounts/tokens.py): a copy of the database does not give working
  links. A token is unguessable, so it is also what protects the confirmation POST in
  place of the session's CSRF token (a forged page cannot know it).
- Binding is checked against the row: one delegate, one object, one kind of answer, one
  coalition. The URL names the object too; a token shown on another object's URL gives
  404, like any object outside one's coalition.

A link is issued for each e-mail composed (a digest and a single reminder carry their own
links; a retried message gets new ones). It expires with its object's deadline, at most
LIFETIME after it was issued; it works again and again until then, so that a second
click shows the recorded answer and lets the delegate change it. Expired rows are purged
by the daily job.

The functions flush; the caller commits.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from coordination.answers.models import KINDS, AnswerLink
from coordination.db import utcnow
from coordination.extensions import db

LIFETIME = timedelta(days=14)
KEEP_EXPIRED = timedelta(days=30)  # then purged: the page can still say "expired" meanwhile

# Why a link does not open the answer page (see refusal()).
INVALID, REVOKED, EXPIRED = "invalid", "revoked", "expired"


def digest(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def issue(
    user_id: int,
    coalition_id: int,
    kind: str,
    object_id: int,
    *,
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> tuple[str, datetime] | None:
    """A new link's token (the only copy: it goes into the e-mail) and when it expires,
    or None when the object's deadline has already passed."""
    if kind not in KINDS:
        raise ValueError(f"unknown answer link kind {kind!r}")
    now = now or utcnow()
    expires_at = now + LIFETIME
    if deadline is not None:
        expires_at = min(expires_at, deadline)
    if expires_at <= now:
        return None
    token = secrets.token_urlsafe(32)
    db.session.add(
        AnswerLink(
            token_hash=digest(token),
            user_id=user_id,
            coalition_id=coalition_id,
            kind=kind,
            object_id=object_id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    db.session.flush()
    return token, expires_at


def find(token: str) -> AnswerLink | None:
    """The link of this token, whatever its state (None: no such token, e.g. mistyped)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalars(
        sa.select(AnswerLink).where(AnswerLink.token_hash == digest(token))
    ).first()


def refusal(link: AnswerLink | None, now: datetime | None = None) -> str | None:
    """Why this link cannot be used now (INVALID, REVOKED, EXPIRED), or None."""
    if link is None:
        return INVALID
    if link.revoked_at is not None:
        return REVOKED
    if link.expires_at <= (now or utcnow()):
        return EXPIRED
    return None


def matches(link: AnswerLink, coalition_id: int, kind: str, object_id: int) -> bool:
    """Whether the URL names the link's own object (else: 404)."""
    return (link.coalition_id, link.kind, link.object_id) == (coalition_id, kind, object_id)


def mark_used(link: AnswerLink, now: datetime | None = None) -> None:
    link.last_used_at = now or utcnow()
    db.session.flush()


def revoke_all_of(user, now: datetime | None = None) -> int:
    """Every link of this delegate stops working (logout everywhere, new password,
    withdrawal). Registered with accounts.sessions.on_credentials_reset."""
    result = db.session.execute(
        sa.update(AnswerLink)
        .where(AnswerLink.user_id == user.id, AnswerLink.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    return result.rowcount


def purge_expired(now: datetime | None = None) -> int:
    """Delete the links expired for a while (their page only said "expired")."""
    cutoff = (now or utcnow()) - KEEP_EXPIRED
    result = db.session.execute(sa.delete(AnswerLink).where(AnswerLink.expires_at < cutoff))
    return result.rowcount
